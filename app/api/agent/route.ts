// POST /api/agent – the headless agent: { prompt, sessionId?, projectId?, newSession?, stream? } → { response, sessionId, turnId, status }
import { createUIMessageStreamResponse } from "ai";
import { NextResponse } from "next/server";
import { headlessRequestSchema, checkPrompt } from "@/lib/agent/requests";
import { awaitingApprovalMessage, pendingApprovals, startHeadlessTurn } from "@/lib/agent/headless";
import { maxPromptChars } from "@/lib/agent/limits";
import { getCaller } from "@/lib/auth/guard";
import { getGuestCaller, guestAllowed } from "@/lib/auth/guest";
import { AppError } from "@/lib/errors";
import { readJson, route } from "@/lib/http";

export const maxDuration = 800;

async function headlessCaller(headers: Headers) {
  // An API token first, then the session cookie.
  const signedIn = await getCaller(headers);
  if (signedIn) return signedIn;
  if (guestAllowed(headers)) return getGuestCaller();
  throw new AppError("unauthorized", "Send `Authorization: Bearer <API token>`; create a token under Settings → API tokens");
}

export const POST = route(async (req) => {
  const caller = await headlessCaller(req.headers);
  const body = await readJson(req, headlessRequestSchema, maxPromptChars * 4 + 4096);
  const prompt = checkPrompt(body.prompt);
  const turn = await startHeadlessTurn({ caller, prompt, sessionId: body.sessionId, projectId: body.projectId, newSession: body.newSession });
  if (body.stream)
    return createUIMessageStreamResponse({ stream: turn.stream, headers: { "x-agent-session-id": turn.sessionId, "x-agent-turn-id": turn.turnId } });
  // Drain the stream (nobody reads it) and answer once the turn is saved.
  await turn.stream.pipeTo(new WritableStream());
  const outcome = await turn.done;
  return NextResponse.json({
    response: outcome.response,
    sessionId: turn.sessionId,
    turnId: outcome.turnId,
    status: outcome.status,
    ...(outcome.error ? { error: outcome.error } : {}),
    // Ask mode: nothing acted yet; the person answers in the IDE's agent panel, or a new prompt skips it.
    ...(outcome.status === "awaiting_approval"
      ? { pendingApprovals: pendingApprovals(outcome.message), message: awaitingApprovalMessage }
      : {}),
  });
});
