// POST – stop the session's running turn: the model call and the command it runs
import { NextResponse } from "next/server";
import { requireSession } from "@/lib/agent/sessions";
import { stopSessionTurn } from "@/lib/agent/turn";
import { requireCaller } from "@/lib/auth/guard";
import { interruptTurnRow, lastTurnRow } from "@/lib/db/queries/agent";
import { route } from "@/lib/http";

type Context = { params: Promise<{ projectId: string; sessionId: string }> };

export const POST = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { projectId, sessionId } = await params;
  await requireSession({ caller, sessionId, projectId, action: "project:write" });
  if (stopSessionTurn(sessionId)) return NextResponse.json({ stopped: true });
  // No server runs it any more (it restarted): a turn still marked as running is marked as stopped.
  const last = await lastTurnRow({ sessionId });
  const open = last && (last.status === "running" || last.status === "awaiting_approval" || last.status === "awaiting_client");
  if (open) await interruptTurnRow({ id: last.id, reason: "Stopped by the user", byUser: true });
  return NextResponse.json({ stopped: Boolean(open) });
});
