// POST – stop the session's running turn: the model call and the command it runs
import { NextResponse } from "next/server";
import { requireSession } from "@/lib/agent/sessions";
import { stopSessionTurn } from "@/lib/agent/turn";
import { askOwnerToStop } from "@/lib/agent/turn-stop";
import { requireCaller } from "@/lib/auth/guard";
import { lastTurnRow } from "@/lib/db/queries/agent";
import { route } from "@/lib/http";

type Context = { params: Promise<{ projectId: string; sessionId: string }> };

export const POST = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { projectId, sessionId } = await params;
  await requireSession({ caller, sessionId, projectId, action: "agent:use" });
  if (stopSessionTurn(sessionId)) return NextResponse.json({ stopped: true });
  // Another server runs it (told at once on the turn channel), or none does any more (ended here).
  const last = await lastTurnRow({ sessionId });
  return NextResponse.json({ stopped: last ? await askOwnerToStop({ turnId: last.id }) : false });
});
