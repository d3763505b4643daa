// POST – stop a running turn (e.g. one found running after a reload)
import { NextResponse } from "next/server";
import { requireTurn } from "@/lib/agent/sessions";
import { stopTurn } from "@/lib/agent/turn";
import { requireCaller } from "@/lib/auth/guard";
import { interruptTurnRow } from "@/lib/db/queries/agent";
import { route } from "@/lib/http";

type Context = { params: Promise<{ projectId: string; turnId: string }> };

export const POST = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { projectId, turnId } = await params;
  const turn = await requireTurn({ caller, projectId, turnId, action: "project:write" });
  const stopped = stopTurn(turnId);
  // A turn no server is running any more (the server restarted) is marked as interrupted.
  if (!stopped && (turn.status === "running" || turn.status === "awaiting_approval"))
    await interruptTurnRow({ id: turnId, reason: "Stopped by the user", byUser: true });
  return NextResponse.json({ stopped: stopped || turn.status === "running" || turn.status === "awaiting_approval" });
});
