import "server-only";
import { convertToModelMessages, createUIMessageStream, isToolUIPart, stepCountIs, streamText, type UIMessageChunk } from "ai";
import type { Caller } from "@/lib/auth/guard";
import {
  appendMessageRow,
  createToolRunRow,
  createTurnRow,
  getMessageRow,
  getSessionRow,
  lastTurnRow,
  updateMessageRow,
  updateSessionRow,
  updateTurnRow,
  writeSessionState,
  writeSessionSummary,
} from "@/lib/db/queries/agent";
import { getProjectRow } from "@/lib/db/queries/projects";
import { getSnapshotById } from "@/lib/db/queries/snapshots";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { withProjectBox } from "@/lib/projects/project-box";
import { fileDeltas, summarizeDeltas } from "./changes";
import { projectListing, systemPrompt, userEditsSince } from "./context-prompt";
import { closeOpenToolCalls, compactionCut, estimateTokens, mechanicalSummary, shrinkOldToolOutputs } from "./history";
import { createMessageAccumulator } from "./message-accumulator";
import { classifyOfflinePrompt, runOfflineAgentTurn } from "./offline-agent";
import { describeAgentError } from "./provider-errors";
import { resolveModel } from "./providers";
import { loadSessionMessages, newMessageId, titleFromPrompt, type SessionRow } from "./sessions";
import { agentStateLimits, mergeAgentState, parseAgentState, type AgentState, type ExecutionRecord } from "./state";
import { summarizeConversation } from "./summarize";
import { withLiveOutput } from "@/lib/sandbox/live-output";
import { createTurnTools, type ToolRunEvent } from "./turn-tools";
import { clientToolNames, type AgentErrorInfo, type AgentMessageMetadata, type AgentRuntime, type AgentUIMessage, type TurnStatus } from "./ui-types";

export type TurnRequest =
  | { kind: "prompt"; text: string }
  | {
      kind: "answer";
      messageId: string;
      decisions: { approvalId: string; approved: boolean; reason?: string }[];
      toolResults: ClientToolResult[];
    }
  | { kind: "regenerate" };

export type ClientToolResult =
  | { toolCallId: string; output: { exitCode: number; stdout: string; stderr: string; durationMs: number; note?: string } }
  | { toolCallId: string; errorText: string };

export type TurnOutcome = { turnId: string; status: TurnStatus; response: string; message: AgentUIMessage; error?: AgentErrorInfo };
export type StartedTurn = { turnId: string; sessionId: string; stream: ReadableStream<UIMessageChunk>; done: Promise<TurnOutcome> };

const maxSteps = () => Math.max(1, Math.min(100, Number(process.env.AGENT_MAX_STEPS ?? 25) || 25));

type Registry = { running: Map<string, AbortController>; queues: Map<string, Promise<unknown>> };
const registry = ((globalThis as { __agentTurns?: Registry }).__agentTurns ??= { running: new Map(), queues: new Map() });

/** Stops a turn running in this server; false when none is. */
export function stopTurn(turnId: string): boolean {
  const controller = registry.running.get(turnId);
  controller?.abort();
  return controller !== undefined;
}

export function isTurnRunningHere(turnId: string): boolean {
  return registry.running.has(turnId);
}

type Prepared = {
  caller: Caller;
  session: SessionRow;
  turnId: string;
  modelId: string;
  prompt: string;
  assistant: AgentUIMessage;
  continuation: boolean;
  checkpointSnapshotId: string | null;
  resultSnapshotId: string | null;
  /** Tokens already spent by this turn before it waited for an approval. */
  usageBefore: { inputTokens: number; outputTokens: number };
  source: "panel" | "api";
  runtime: AgentRuntime;
};

/**
 * Starts one agent turn in a session: records the request, checkpoints the project, and streams
 * the answer while persisting it. Turns of one session run one after another in this server.
 */
export async function startTurn({
  caller,
  session: initial,
  request,
  modelId,
  source,
  runtime = "box",
  signal,
}: {
  caller: Caller;
  session: SessionRow;
  request: TurnRequest;
  modelId?: string;
  source: "panel" | "api";
  /** Where commands run: "webcontainer" leaves run_command and run_code to the browser. */
  runtime?: AgentRuntime;
  signal?: AbortSignal;
}): Promise<StartedTurn> {
  const previous = registry.queues.get(initial.id) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const queued = previous.then(() => mine);
  registry.queues.set(initial.id, queued);
  await previous.catch(() => undefined);
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  let prepared: Prepared;
  try {
    if (signal?.aborted) throw new AppError("bad_request:aborted", "The request was cancelled");
    prepared = await prepareTurn({ caller, sessionId: initial.id, request, modelId, source, runtime });
  } catch (error) {
    release();
    if (registry.queues.get(initial.id) === queued) registry.queues.delete(initial.id);
    throw error;
  }
  signal?.addEventListener("abort", onAbort, { once: true });
  registry.running.set(prepared.turnId, controller);

  let resolveDone!: (outcome: TurnOutcome) => void;
  const done = new Promise<TurnOutcome>((resolve) => (resolveDone = resolve));
  const stream = createUIMessageStream<AgentUIMessage>({
    execute: async ({ writer }) => {
      try {
        resolveDone(await executeTurn(prepared, (chunk) => writer.write(chunk as never), controller.signal));
      } catch (error) {
        console.error("Agent turn failed unexpectedly", error);
        resolveDone({ turnId: prepared.turnId, status: "failed", response: "", message: prepared.assistant, error: describeAgentError(error) });
      } finally {
        signal?.removeEventListener("abort", onAbort);
        registry.running.delete(prepared.turnId);
        release();
        if (registry.queues.get(initial.id) === queued) registry.queues.delete(initial.id);
      }
    },
  });
  return { turnId: prepared.turnId, sessionId: initial.id, stream, done };
}

async function prepareTurn({
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
}): Promise<Prepared> {
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
    await updateMessageRow({ id: row.id, parts: parts as Prisma.InputJsonValue });
    for (const run of runs) await createToolRunRow({ turnId: last.id, ...run });
    // The browser saved what its commands wrote before answering: those files are the turn's too.
    const resultSnapshotId = request.toolResults.length > 0 && project.headSnapshotId !== last.checkpointSnapshotId ? project.headSnapshotId : last.resultSnapshotId;
    await updateTurnRow(last.id, { status: "running", model, resultSnapshotId });
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

  if (last && (last.status === "awaiting_approval" || last.status === "awaiting_client" || last.status === "running") && !isTurnRunningHere(last.id))
    await updateTurnRow(last.id, { status: "interrupted", error: "Superseded by a newer message", endedAt: new Date() });

  const messages = await loadSessionMessages(sessionId);
  let prompt: string;
  let userMessageId: string;
  if (request.kind === "prompt") {
    prompt = request.text;
    userMessageId = newMessageId();
    await appendMessageRow({ id: userMessageId, sessionId, role: "user", parts: [{ type: "text", text: prompt }] });
    if (!messages.some((m) => m.message.role === "user") && session.title === "New chat")
      await updateSessionRow(sessionId, { title: titleFromPrompt(prompt) });
  } else {
    const lastUser = messages.findLast((m) => m.message.role === "user");
    if (!lastUser) throw new AppError("bad_request:nothing_to_retry", "There is no message to retry yet; send one");
    prompt = lastUser.message.parts.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("\n");
    userMessageId = lastUser.message.id;
    // Retrying keeps the failed answer in the log (marked superseded) rather than deleting it.
    for (const m of messages.slice(messages.indexOf(lastUser) + 1))
      await updateMessageRow({ id: m.message.id, parts: m.message.parts as Prisma.InputJsonValue, metadata: { ...(m.message.metadata ?? {}), superseded: true } as Prisma.InputJsonValue });
  }

  const turn = await createTurnRow({ sessionId, status: "running", source, model, userMessageId, checkpointSnapshotId: project.headSnapshotId });
  const assistantId = newMessageId();
  const metadata: AgentMessageMetadata = { turnId: turn.id, model, status: "running", ...(model === "offline" ? { offline: true } : {}) };
  await appendMessageRow({ id: assistantId, sessionId, role: "assistant", parts: [], metadata: metadata as Prisma.InputJsonValue, turnId: turn.id });
  await updateTurnRow(turn.id, { assistantMessageId: assistantId });
  return {
    caller,
    session: (await getSessionRow({ id: sessionId }))!,
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

type Emit = (chunk: UIMessageChunk) => void;

type RunResult = { stateAfter: AgentState; usage?: { inputTokens: number; outputTokens: number }; error?: AgentErrorInfo; note?: string };

async function executeTurn(prepared: Prepared, write: Emit, signal: AbortSignal): Promise<TurnOutcome> {
  const started = Date.now();
  const accumulator = createMessageAccumulator(prepared.assistant);
  const emit: Emit = (chunk) => {
    write(chunk);
    accumulator.push(chunk);
  };
  let savedVersion = -1;
  const persist = async () => {
    const { message, version } = accumulator.snapshot();
    if (version === savedVersion) return;
    savedVersion = version;
    await updateMessageRow({ id: message.id, parts: message.parts as Prisma.InputJsonValue });
  };
  // A reload mid-turn shows the turn as it stands: the message is saved while it streams.
  const ticker = setInterval(() => void persist().catch(() => undefined), 1000);

  let resultSnapshotId = prepared.resultSnapshotId;
  const toolRuns: Promise<unknown>[] = [];
  const executions: ExecutionRecord[] = [];
  const onRun = (event: ToolRunEvent) => {
    if (event.snapshotId) resultSnapshotId = event.snapshotId;
    if (event.tool === "run_code" && prepared.modelId !== "offline" && event.status !== "interrupted") executions.push(toExecutionRecord(event));
    toolRuns.push(
      createToolRunRow({
        turnId: prepared.turnId,
        toolCallId: event.toolCallId,
        tool: event.tool,
        input: event.input as Prisma.InputJsonValue,
        output: (event.output ?? null) as Prisma.InputJsonValue,
        status: event.status,
        exitCode: exitCodeOf(event.output),
        durationMs: event.durationMs,
        startedAt: event.startedAt,
      }).catch((error) => console.error("Could not record a tool run", error)),
    );
  };

  const metadataBase: AgentMessageMetadata = { ...prepared.assistant.metadata, turnId: prepared.turnId, model: prepared.modelId };
  emit({ type: "start", messageId: prepared.assistant.id, messageMetadata: { ...metadataBase, status: "running" } });
  const stateBefore = parseAgentState(prepared.session.state);
  let result: RunResult;
  try {
    result =
      prepared.modelId === "offline"
        ? await runOffline(prepared, stateBefore, emit, signal, onRun)
        : await runModel(prepared, stateBefore, emit, signal, onRun);
  } catch (error) {
    result = { stateAfter: stateBefore, error: signal.aborted ? undefined : describeAgentError(error) };
    if (!signal.aborted) console.error("Agent turn error", error);
  }
  if (result.note) {
    emit({ type: "text-start", id: `note-${prepared.turnId}` });
    emit({ type: "text-delta", id: `note-${prepared.turnId}`, delta: result.note });
    emit({ type: "text-end", id: `note-${prepared.turnId}` });
  }
  await Promise.all(toolRuns);

  // The turn's changes: from the checkpoint to the last snapshot the agent's own calls saved.
  const changes =
    resultSnapshotId && resultSnapshotId !== prepared.checkpointSnapshotId
      ? await turnChanges(prepared.session.projectId, prepared.checkpointSnapshotId, resultSnapshotId)
      : [];
  if (changes.length > 0)
    emit({
      type: "data-turn-changes",
      id: `changes-${prepared.turnId}`,
      data: { turnId: prepared.turnId, checkpointSnapshotId: prepared.checkpointSnapshotId, resultSnapshotId, files: changes },
    } as UIMessageChunk);

  const interim = accumulator.snapshot().message;
  const awaiting = interim.parts.some((p) => isToolUIPart(p) && p.state === "approval-requested");
  const awaitingClient = prepared.runtime === "webcontainer" && interim.parts.some((p) => isToolUIPart(p) && p.state === "input-available");
  const status: TurnStatus = result.error
    ? "failed"
    : signal.aborted
      ? "interrupted"
      : awaiting
        ? "awaiting_approval"
        : awaitingClient
          ? "awaiting_client"
          : "completed";
  const metadata: AgentMessageMetadata = {
    ...metadataBase,
    status,
    durationMs: Date.now() - started,
    ...(result.usage ? { usage: result.usage } : {}),
    ...(result.error ? { error: result.error } : {}),
  };
  emit({ type: "finish", messageMetadata: metadata, ...(signal.aborted ? { finishReason: "other" } : {}) } as UIMessageChunk);
  clearInterval(ticker);
  const message = await accumulator.close();
  await updateMessageRow({ id: message.id, parts: message.parts as Prisma.InputJsonValue, metadata: metadata as Prisma.InputJsonValue });

  const stateAfter = executions.length ? recordExecutions(result.stateAfter, executions) : result.stateAfter;
  await saveState(prepared.session.id, stateBefore, stateAfter);
  const project = await getProjectRow({ id: prepared.session.projectId });
  await updateSessionRow(prepared.session.id, { lastSeenSnapshotId: project?.headSnapshotId ?? null, model: prepared.modelId });
  await updateTurnRow(prepared.turnId, {
    status,
    resultSnapshotId,
    inputTokens: result.usage ? prepared.usageBefore.inputTokens + result.usage.inputTokens : null,
    outputTokens: result.usage ? prepared.usageBefore.outputTokens + result.usage.outputTokens : null,
    error: result.error?.message ?? (signal.aborted ? "Stopped by the user" : null),
    endedAt: status === "awaiting_approval" || status === "awaiting_client" ? null : new Date(),
  });
  return { turnId: prepared.turnId, status, response: responseText(message), message: { ...message, metadata }, error: result.error };
}

async function turnChanges(projectId: string, checkpointId: string | null, resultId: string) {
  const [checkpoint, result] = await Promise.all([
    checkpointId ? getSnapshotById({ projectId, id: checkpointId }) : null,
    getSnapshotById({ projectId, id: resultId }),
  ]);
  return summarizeDeltas(await fileDeltas(checkpoint?.rootTree ?? null, result?.rootTree ?? null));
}

/** Writes the turn's change of state by compare-and-set, merging with whatever another turn wrote meanwhile. */
async function saveState(sessionId: string, before: AgentState, after: AgentState) {
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  for (let attempt = 0; attempt < 20; attempt++) {
    const row = await getSessionRow({ id: sessionId });
    if (!row) return;
    const merged = mergeAgentState(parseAgentState(row.state), before, after);
    if (await writeSessionState({ id: sessionId, version: row.version, state: merged as Prisma.InputJsonValue })) return;
  }
  throw new Error("Could not save the agent's state after 20 attempts");
}

async function runOffline(prepared: Prepared, state: AgentState, emit: Emit, signal: AbortSignal, onRun: (e: ToolRunEvent) => void): Promise<RunResult> {
  const intent = classifyOfflinePrompt(prepared.prompt);
  const toolCallId = `offline-${prepared.turnId}`;
  if (intent.kind === "execute")
    emit({ type: "tool-input-available", toolCallId, toolName: "run_code", input: { language: intent.language, code: intent.code } });
  const startedAt = new Date();
  const { value: turn } = await withProjectBox({
    caller: prepared.caller,
    projectId: prepared.session.projectId,
    author: "agent",
    message: "Agent: run code",
    use: (box) =>
      runOfflineAgentTurn({
        prompt: prepared.prompt,
        state,
        signal,
        sandbox: withLiveOutput(box, (stream, text) => emit({ type: "data-tool-output", data: { toolCallId, stream, text }, transient: true } as UIMessageChunk)),
      }),
  });
  if (turn.execution) {
    const { stdout, stderr, value, exitCode, durationMs } = turn.execution;
    emit({ type: "tool-output-available", toolCallId, output: { exitCode, stdout, stderr, value, durationMs } });
    const status = exitCode === 130 ? "interrupted" : exitCode === 0 ? "ok" : "error";
    emit({ type: "data-tool-run", id: `run-${toolCallId}`, data: { toolCallId, durationMs, status } } as UIMessageChunk);
    onRun({ toolCallId, tool: "run_code", input: { language: turn.execution.language, code: turn.execution.code }, output: turn.execution, status: status === "error" ? "error" : status, durationMs, startedAt, snapshotId: null });
  }
  const id = `text-${prepared.turnId}`;
  emit({ type: "text-start", id });
  emit({ type: "text-delta", id, delta: turn.response });
  emit({ type: "text-end", id });
  return { stateAfter: turn.state, usage: { inputTokens: 0, outputTokens: 0 } };
}

async function runModel(
  prepared: Prepared,
  state: AgentState,
  emit: Emit,
  signal: AbortSignal,
  onRun: (e: ToolRunEvent) => void,
): Promise<RunResult> {
  const { model, contextWindow } = resolveModel(prepared.modelId);
  if (!model) throw new Error("No model");
  // Commands allowed for the browser wait there; the model goes on once their results are back.
  if (prepared.continuation && prepared.assistant.parts.some((p) => isToolUIPart(p) && p.state === "input-available"))
    return { stateAfter: state };
  const { session } = prepared;
  const project = (await getProjectRow({ id: session.projectId }))!;
  const head = project.headSnapshotId ? await getSnapshotById({ projectId: project.id, id: project.headSnapshotId }) : null;

  const stored = await loadSessionMessages(session.id);
  let history = stored
    .filter((m) => m.seq > session.summaryThroughSeq && (prepared.continuation || m.message.id !== prepared.assistant.id))
    .map((m) => (m.message.id === prepared.assistant.id ? prepared.assistant : m.message));

  // Saves the user made since the agent last looked are told to it, compactly.
  if (!prepared.continuation && session.lastSeenSnapshotId && head && session.lastSeenSnapshotId !== head.id) {
    const seen = await getSnapshotById({ projectId: project.id, id: session.lastSeenSnapshotId });
    const edits = seen ? await userEditsSince(seen.rootTree, head.rootTree) : null;
    if (edits) {
      emit({ type: "data-user-edits", id: `edits-${prepared.turnId}`, data: { paths: edits.paths.slice(0, 50) } } as UIMessageChunk);
      const lastUser = history.findLastIndex((m) => m.role === "user");
      if (lastUser >= 0) {
        const message = history[lastUser]!;
        history[lastUser] = { ...message, parts: [{ type: "text", text: `[The user changed these files since your last turn]\n${edits.text}` }, ...message.parts] };
      }
    }
  }

  history = shrinkOldToolOutputs(closeOpenToolCalls(history, { keepOpenIn: prepared.continuation ? prepared.assistant.id : undefined }));
  const notes: string[] = [];
  const withNotes = () => (notes.length ? { ...state, notes: [...state.notes, ...notes].slice(-agentStateLimits.notes) } : state);
  const tools = createTurnTools({
    caller: prepared.caller,
    projectId: project.id,
    approval: { mode: session.approvalMode, allowList: session.allowList },
    clientCommands: prepared.runtime === "webcontainer",
    emit,
    onRun,
    onNote: (note) => notes.push(note),
  });
  const listing = await projectListing(head?.rootTree ?? null);
  let summary = session.summary;
  const buildSystem = () => systemPrompt({ projectName: project.name, listing, state, lockedPaths: project.lockedPaths, summary });
  let system = buildSystem();

  // Compaction: fold the oldest messages into a summary before the window overflows.
  const budget = Math.floor(contextWindow * 0.6);
  const cut = compactionCut(history, estimateTokens(system) + 2000, budget);
  if (cut > 0) {
    const folded = history.slice(0, cut);
    summary = await summarizeConversation({ model, previous: summary, messages: folded, signal }).catch(() => mechanicalSummary(summary, folded));
    const throughSeq = stored.find((m) => m.message.id === folded.at(-1)!.id)?.seq ?? session.summaryThroughSeq;
    await writeSessionSummary({ id: session.id, summary, throughSeq });
    history = history.slice(cut);
    system = buildSystem();
  }

  const messages = await convertToModelMessages(history, { tools, ignoreIncompleteToolCalls: true });
  let failure: AgentErrorInfo | undefined;
  const steps = maxSteps();
  const result = streamText({
    model,
    system,
    messages,
    tools,
    stopWhen: stepCountIs(steps),
    abortSignal: signal,
    maxRetries: 1,
    onError: ({ error }) => {
      failure ??= describeAgentError(error);
    },
  });
  for await (const chunk of result.toUIMessageStream<AgentUIMessage>({
    sendStart: false,
    sendFinish: false,
    onError: (error) => {
      failure ??= describeAgentError(error);
      return failure.message;
    },
  })) {
    // Failures and stops are reported in the message's metadata, which keeps the turn readable.
    if (chunk.type === "error" || chunk.type === "abort") continue;
    emit(chunk as UIMessageChunk);
  }
  if (failure || signal.aborted) return { stateAfter: withNotes(), error: failure };
  const [usage, allSteps] = await Promise.all([result.totalUsage, result.steps]);
  const lastStep = allSteps.at(-1);
  const waiting = lastStep?.content.some((c) => c.type === "tool-approval-request" || (c.type === "tool-call" && clientToolNames.includes(c.toolName as never)));
  const hitCap = allSteps.length >= steps && lastStep?.finishReason === "tool-calls" && !waiting;
  return {
    stateAfter: withNotes(),
    usage: { inputTokens: usage.inputTokens ?? 0, outputTokens: usage.outputTokens ?? 0 },
    note: hitCap ? `\n\n_Stopped after ${steps} steps (the step limit). Say "continue" to go on._` : undefined,
  };
}

function recordExecutions(state: AgentState, runs: ExecutionRecord[]): AgentState {
  const last = runs.at(-1)!;
  return {
    ...state,
    lastExecutedCode: { language: last.language, code: last.code },
    executionHistory: [...state.executionHistory, ...runs].slice(-agentStateLimits.history),
  };
}

function toExecutionRecord(event: ToolRunEvent): ExecutionRecord {
  const input = event.input as { language: "javascript" | "python"; code: string };
  const output = (event.output ?? {}) as { stdout?: string; stderr?: string; value?: string | null; exitCode?: number; error?: string };
  const clip = (text = "") => text.slice(-agentStateLimits.storedOutputChars);
  return {
    language: input.language,
    code: input.code,
    stdout: clip(output.stdout),
    stderr: clip(output.stderr ?? output.error),
    value: output.value ? clip(output.value) : null,
    exitCode: output.exitCode ?? 1,
    durationMs: event.durationMs,
    at: event.startedAt.toISOString(),
  };
}

function exitCodeOf(output: unknown): number | null {
  const code = (output as { exitCode?: unknown } | null)?.exitCode;
  return typeof code === "number" ? code : null;
}

/** The answer as text, for the headless API: the assistant's text parts, in order. */
export function responseText(message: AgentUIMessage): string {
  const text = message.parts.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("\n\n").trim();
  const error = message.metadata?.error?.message;
  return error ? (text ? `${text}\n\n${error}` : error) : text;
}
