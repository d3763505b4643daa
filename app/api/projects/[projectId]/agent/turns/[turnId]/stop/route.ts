// POST – stop a running turn (e.g. one found running after a reload)
import { NextResponse } from "next/server";
import { requireTurn } from "@/lib/agent/sessions";
import { stopTurn } from "@/lib/agent/turn";
import { askOwnerToStop } from "@/lib/agent/turn-stop";
import { requireCaller } from "@/lib/auth/guard";
import { route } from "@/lib/http";

type Context = { params: Promise<{ projectId: string; turnId: string }> };

export const POST = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { projectId, turnId } = await params;
  await requireTurn({ caller, projectId, turnId, action: "agent:use" });
  if (stopTurn(turnId)) return NextResponse.json({ stopped: true });
  // Another server runs it (told at once on the turn channel), or none does any more (ended here).
  return NextResponse.json({ stopped: await askOwnerToStop({ turnId }) });
});
