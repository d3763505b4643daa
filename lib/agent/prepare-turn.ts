import "server-only";
import { isToolUIPart } from "ai";
import type { Caller } from "@/lib/auth/guard";
import {
  appendMessageRow,
  claimTurnRow,
  createToolRunRow,
  getMessageRow,
  getSessionRow,
  lastTurnRow,
  resumeTurnRow,
  updateMessageRow,
  updateSessionRow,
  updateTurnRow,
} from "@/lib/db/queries/agent";
import { getProjectRow } from "@/lib/db/queries/projects";
import { getSnapshotById } from "@/lib/db/queries/snapshots";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { modelAcceptsImages } from "./model-images";
import { renderMessageContext } from "./project-context";
import { resolveModel } from "./providers";
import { loadSessionMessages, newMessageId, titleFromPrompt } from "./sessions";
import { nextLeaseUntil, turnOwnerId } from "./turn-lease";
import type { PreparedTurn, TurnRequest } from "./turn-types";
import { clientToolNames, type AgentMessageMetadata, type AgentRuntime, type AgentUIMessage } from "./ui-types";

/**
 * Claims the session for the turn (refused with 409 while another server runs one of its turns, before
 * anything is stored), records what the turn answers (a new prompt, a retry, or answers to pending
 * calls), takes the project's head as its checkpoint and creates the assistant message it will fill.
 */
export async function prepareTurn({
  caller,
  sessionId,
  request,
  modelId,
  source,
  runtime,
}: {
  caller: Caller;
  sessionId: string;
  request: TurnRequest;
  modelId?: string;
  source: "panel" | "api";
  runtime: AgentRuntime;
}): Promise<PreparedTurn> {
  const session = (await getSessionRow({ id: sessionId }))!;
  // A model the session chose earlier may have been unconfigured since: fall back to the default.
  const model = modelId !== undefined || !session.model ? resolveModel(modelId).info.id : safeModelId(session.model);
  const project = await getProjectRow({ id: session.projectId });
  if (!project) throw new AppError("not_found:project", "This project no longer exists");
  const last = await lastTurnRow({ sessionId });

  if (request.kind === "answer") {
    if (!last || (last.status !== "awaiting_approval" && last.status !== "awaiting_client") || last.assistantMessageId !== request.messageId)
      throw new AppError("conflict:nothing_pending", "Nothing in this conversation is waiting for an answer any more; reload");
    const row = (await getMessageRow({ id: request.messageId }))!;
    const { parts, answered, runs } = applyAnswers(row.parts as AgentUIMessage["parts"], request, runtime);
    if (answered === 0) throw new AppError("bad_request:answer", "The answer does not match any call waiting for one");
    // The browser saved what its commands wrote before answering: those files are the turn's too.
    const resultSnapshotId = request.toolResults.length > 0 && project.headSnapshotId !== last.checkpointSnapshotId ? project.headSnapshotId : last.resultSnapshotId;
    // Only one answer resumes the turn, whichever server it reaches first.
    if (!(await resumeTurnRow({ id: last.id, ownerId: turnOwnerId(), leaseUntil: nextLeaseUntil(), model, resultSnapshotId })))
      throw new AppError("conflict:nothing_pending", "Nothing in this conversation is waiting for an answer any more; reload");
    await updateMessageRow({ id: row.id, parts: parts as Prisma.InputJsonValue });
    for (const run of runs) await createToolRunRow({ turnId: last.id, ...run });
    const metadata = (row.metadata ?? {}) as AgentMessageMetadata;
    return {
      caller,
      session,
      turnId: last.id,
      modelId: model,
      prompt: "",
      assistant: { id: row.id, role: "assistant", parts, metadata: { ...metadata, status: "running", model } },
      continuation: true,
      checkpointSnapshotId: last.checkpointSnapshotId,
      resultSnapshotId,
      usageBefore: { inputTokens: last.inputTokens ?? 0, outputTokens: last.outputTokens ?? 0 },
      source,
      runtime,
    };
  }

  // Refused before anything is stored: the person keeps the message and picks another model.
  if (request.kind === "prompt" && request.images?.length) {
    const { info } = resolveModel(model);
    if (!modelAcceptsImages(info))
      throw new AppError("bad_request:images_unsupported", `${info.label} does not accept images. Remove the images, or pick a model that sees them (set AGENT_IMAGE_MODELS to name one the server does not know).`);
  }
  const messages = await loadSessionMessages(sessionId);
  const lastUser = messages.findLast((m) => m.message.role === "user");
  if (request.kind !== "prompt" && !lastUser) throw new AppError("bad_request:nothing_to_retry", "There is no message to retry yet; send one");
  // Turns waiting for the user, or left running by a server that died, are superseded by this one.
  const claim = await claimTurnRow({ sessionId, source, model, checkpointSnapshotId: project.headSnapshotId, ownerId: turnOwnerId(), leaseUntil: nextLeaseUntil() });
  if ("busy" in claim) throw new AppError("conflict:turn_running", "A turn is already running in this session; stop it or wait");
  const turn = claim.turn;
  const assistantId = newMessageId();
  const metadata: AgentMessageMetadata = { turnId: turn.id, model, status: "running", ...(model === "offline" ? { offline: true } : {}) };
  let prompt: string;
  let current;
  try {
    let userMessageId: string;
    if (request.kind === "prompt") {
      prompt = request.text;
      userMessageId = newMessageId();
      await appendMessageRow({ id: userMessageId, sessionId, role: "user", parts: (await userMessageParts(request, project)) as Prisma.InputJsonValue });
      if (!messages.some((m) => m.message.role === "user") && session.title === "New chat")
        await updateSessionRow(sessionId, { title: titleFromPrompt(prompt) });
    } else {
      const retried = lastUser!;
      prompt = retried.message.parts.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("\n");
      userMessageId = retried.message.id;
      // Retrying keeps the failed answer in the log (marked superseded) rather than deleting it.
      for (const m of messages.slice(messages.indexOf(retried) + 1))
        await updateMessageRow({ id: m.message.id, parts: m.message.parts as Prisma.InputJsonValue, metadata: { ...(m.message.metadata ?? {}), superseded: true } as Prisma.InputJsonValue });
    }
    await appendMessageRow({ id: assistantId, sessionId, role: "assistant", parts: [], metadata: metadata as Prisma.InputJsonValue, turnId: turn.id });
    await updateTurnRow(turn.id, { userMessageId, assistantMessageId: assistantId });
    current = (await getSessionRow({ id: sessionId }))!;
  } catch (error) {
    // A turn that never got going must not stay `running` (and block the session, review and undo).
    await updateTurnRow(turn.id, { status: "failed", error: "The turn could not be started: the database failed", endedAt: new Date(), leaseUntil: null }).catch(() => undefined);
    throw error;
  }
  return {
    caller,
    session: current,
    turnId: turn.id,
    modelId: model,
    prompt,
    assistant: { id: assistantId, role: "assistant", parts: [], metadata },
    continuation: false,
    checkpointSnapshotId: project.headSnapshotId,
    resultSnapshotId: null,
    usageBefore: { inputTokens: 0, outputTokens: 0 },
    source,
    runtime,
  };
}

/**
 * A new prompt as stored: its text, the images attached, and the editor context rendered into the
 * text the model is shown (read from the head the turn starts from, so a retry shows the same).
 */
async function userMessageParts(request: Extract<TurnRequest, { kind: "prompt" }>, project: { id: string; headSnapshotId: string | null }) {
  const parts: AgentUIMessage["parts"] = [{ type: "text", text: request.text }, ...(request.images ?? [])];
  if (request.context) {
    const head = project.headSnapshotId ? await getSnapshotById({ projectId: project.id, id: project.headSnapshotId }) : null;
    const text = await renderMessageContext({ context: request.context, rootTree: head?.rootTree ?? null });
    if (text) parts.push({ type: "data-context", data: { ...request.context, text } });
  }
  return parts;
}

/**
 * Applies the user's approval answers and the browser's command results to the pending calls of
 * the stored message; anything that does not match a pending call is ignored.
 */
function applyAnswers(stored: AgentUIMessage["parts"], request: Extract<TurnRequest, { kind: "answer" }>, runtime: AgentRuntime) {
  const decisions = new Map(request.decisions.map((d) => [d.approvalId, d]));
  const results = new Map(request.toolResults.map((r) => [r.toolCallId, r]));
  const clientTools = new Set<string>(clientToolNames.map((name) => `tool-${name}`));
  const runs: Omit<Parameters<typeof createToolRunRow>[0], "turnId">[] = [];
  let answered = 0;
  const parts = stored.map((part) => {
    if (!isToolUIPart(part)) return part;
    const input = (part.input ?? {}) as Prisma.InputJsonValue;
    if (part.state === "approval-requested") {
      const decision = decisions.get(part.approval.id);
      if (!decision) return part;
      answered++;
      if (!decision.approved) runs.push({ toolCallId: part.toolCallId, tool: part.type.slice(5), input, status: "denied", durationMs: 0, startedAt: new Date() });
      // An allowed command for the browser: it now waits to run there, like any browser call.
      if (decision.approved && runtime === "webcontainer" && clientTools.has(part.type))
        return { ...part, state: "input-available", approval: undefined } as unknown as typeof part;
      return { ...part, state: "approval-responded", approval: { id: part.approval.id, approved: decision.approved, reason: decision.reason } } as unknown as typeof part;
    }
    const result = results.get(part.toolCallId);
    if (part.state !== "input-available" || !result || !clientTools.has(part.type)) return part;
    answered++;
    const tool = part.type.slice(5);
    if ("output" in result) {
      runs.push({ toolCallId: part.toolCallId, tool, input, output: result.output, status: result.output.exitCode === 0 ? "ok" : "error", exitCode: result.output.exitCode, durationMs: Math.round(result.output.durationMs), startedAt: new Date() });
      return { ...part, state: "output-available", output: result.output } as unknown as typeof part;
    }
    runs.push({ toolCallId: part.toolCallId, tool, input, output: { error: result.errorText }, status: "error", durationMs: 0, startedAt: new Date() });
    return { ...part, state: "output-error", errorText: result.errorText } as unknown as typeof part;
  });
  // The browser's durations, shown on the cards as for server-side calls.
  const timings = runs.flatMap((run) =>
    run.status === "denied" ? [] : [{ type: "data-tool-run" as const, id: `run-${run.toolCallId}`, data: { toolCallId: run.toolCallId, durationMs: run.durationMs, status: run.status === "ok" ? "ok" : "error" } }],
  );
  return { parts: [...parts, ...timings] as AgentUIMessage["parts"], answered, runs };
}

function safeModelId(id: string): string {
  try {
    return resolveModel(id).info.id;
  } catch {
    return resolveModel(undefined).info.id;
  }
}
