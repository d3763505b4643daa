// POST – stop the session's running turn: the model call and the command it runs
import { NextResponse } from "next/server";
import { requireSession } from "@/lib/agent/sessions";
import { stopSessionTurn } from "@/lib/agent/turn";
import { requireCaller } from "@/lib/auth/guard";
import { lastTurnRow, requestTurnStop } from "@/lib/db/queries/agent";
import { route } from "@/lib/http";

type Context = { params: Promise<{ projectId: string; sessionId: string }> };

export const POST = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { projectId, sessionId } = await params;
  await requireSession({ caller, sessionId, projectId, action: "project:write" });
  if (stopSessionTurn(sessionId)) return NextResponse.json({ stopped: true });
  // Another server runs it (it stops at its next heartbeat), or none does any more (ended here).
  const last = await lastTurnRow({ sessionId });
  const stopped = last ? (await requestTurnStop({ id: last.id })) !== "none" : false;
  return NextResponse.json({ stopped });
});
