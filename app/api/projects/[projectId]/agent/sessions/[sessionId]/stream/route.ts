// GET – follow the session's running turn (after a reload, in another tab, from any server): its
// whole stream so far, then live until it ends, as an AI SDK UI message stream; 204 when none runs
import { createUIMessageStreamResponse } from "ai";
import { requireSession } from "@/lib/agent/sessions";
import { followTurn } from "@/lib/agent/turn-stream";
import { requireCaller } from "@/lib/auth/guard";
import { lastTurnRow } from "@/lib/db/queries/agent";
import { route } from "@/lib/http";

type Context = { params: Promise<{ projectId: string; sessionId: string }> };

// A turn runs for minutes; the platform must not cut its followers short.
export const maxDuration = 800;

export const GET = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { projectId, sessionId } = await params;
  await requireSession({ caller, sessionId, projectId, action: "project:read" });
  const turn = await lastTurnRow({ sessionId });
  if (turn?.status !== "running") return new Response(null, { status: 204 });
  const stream = await followTurn({ turnId: turn.id });
  return createUIMessageStreamResponse({ stream, headers: { "x-agent-turn-id": turn.id } });
});
