// POST – one agent turn in the session, streamed as an AI SDK UI message stream
import { createUIMessageStreamResponse } from "ai";
import { chatRequestSchema, toTurnRequest } from "@/lib/agent/requests";
import { maxPromptChars } from "@/lib/agent/limits";
import { requireSession } from "@/lib/agent/sessions";
import { startTurn } from "@/lib/agent/turn";
import { requireCaller } from "@/lib/auth/guard";
import { readJson, route } from "@/lib/http";

type Context = { params: Promise<{ projectId: string; sessionId: string }> };

// Turns run for minutes; the platform must not cut them short.
export const maxDuration = 800;

// Answers to approvals and browser commands come back inside the whole assistant message, which a
// long turn full of tool output makes large; only the answers are read from it.
const maxBodyBytes = Math.max(maxPromptChars * 4, 8 * 1024 * 1024);

export const POST = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { projectId, sessionId } = await params;
  const session = await requireSession({ caller, sessionId, projectId, action: "agent:use" });
  const body = await readJson(req, chatRequestSchema, maxBodyBytes);
  const turn = await startTurn({ caller, session, request: toTurnRequest(body), modelId: body.model, source: "panel", runtime: body.runtime });
  return createUIMessageStreamResponse({ stream: turn.stream, headers: { "x-agent-turn-id": turn.turnId } });
});
