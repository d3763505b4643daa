import "server-only";
import { createUIMessageStream, isToolUIPart, type UIMessageChunk } from "ai";
import { inBackground } from "@/lib/background-work";
import type { Caller } from "@/lib/auth/guard";
import { createToolRunRow, finishTurnRow, getSessionRow, updateMessageRow, updateSessionRow, updateTurnRow, writeSessionState } from "@/lib/db/queries/agent";
import { getProjectRow } from "@/lib/db/queries/projects";
import { getSnapshotById } from "@/lib/db/queries/snapshots";
import { classifyDatabaseError } from "@/lib/db/errors";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { fileDeltas, summarizeDeltas } from "./changes";
import { createMessageAccumulator } from "./message-accumulator";
import { executionRecordOf } from "./notebook";
import { prepareTurn } from "./prepare-turn";
import { describeAgentError } from "./provider-errors";
import { runModel } from "./run-model";
import { runOffline } from "./run-offline";
import type { SessionRow } from "./sessions";
import { agentStateLimits, mergeAgentState, parseAgentState, type AgentState, type ExecutionRecord } from "./state";
import { startTurnHeartbeat, turnOwnerId } from "./turn-lease";
import { registry, takeStopAsked } from "./turn-registry";
import { getTurnHub } from "./turn-stream-hub";
import { createTurnStreamWriter } from "./turn-stream-writer";
import type { ToolRunEvent } from "./turn-tools";
import type { Emit, PreparedTurn, RunResult, StartedTurn, TurnOutcome, TurnRequest } from "./turn-types";
import type { AgentErrorInfo, AgentMessageMetadata, AgentRuntime, AgentUIMessage, TurnStatus } from "./ui-types";

export { stopSessionTurn, stopTurn } from "./turn-registry";
export type { StartedTurn, TurnOutcome, TurnRequest } from "./turn-types";

/**
 * Starts one agent turn in a session: records the request, checkpoints the project, and streams
 * the answer while persisting it. Turns of one session run one after another in this server; while
 * another server runs one, the database refuses the turn (409 conflict:turn_running).
 */
export async function startTurn({
  caller,
  session: initial,
  request,
  modelId,
  source,
  runtime = "box",
}: {
  caller: Caller;
  session: SessionRow;
  request: TurnRequest;
  modelId?: string;
  source: "panel" | "api";
  /** Where commands run: "webcontainer" leaves run_command and run_code to the browser. */
  runtime?: AgentRuntime;
}): Promise<StartedTurn> {
  const previous = registry.queues.get(initial.id) ?? Promise.resolve();
  let release!: () => void;
  // Released when the turn has ended and is stored, which may be long after its request answered.
  const mine = inBackground(new Promise<void>((resolve) => (release = resolve)));
  const queued = previous.then(() => mine);
  registry.queues.set(initial.id, queued);
  await previous.catch(() => undefined);
  const controller = new AbortController();
  let prepared: PreparedTurn;
  try {
    prepared = await prepareTurn({ caller, sessionId: initial.id, request, modelId, source, runtime });
  } catch (error) {
    release();
    if (registry.queues.get(initial.id) === queued) registry.queues.delete(initial.id);
    throw error;
  }
  // The turn is not tied to the request that started it: a reload or a dropped connection leaves it
  // running (and saved as it goes); only a stop ends it early: stopSessionTurn / stopTurn here, or
  // one asked on another server, which the turn channel brings at once (the heartbeat, should it not).
  registry.running.set(prepared.turnId, controller);
  registry.bySession.set(initial.id, prepared.turnId);
  if (takeStopAsked(initial.id)) controller.abort();
  const stopHeartbeat = startTurnHeartbeat({ turnId: prepared.turnId, controller });
  // Pages on any server follow the turn through the database (GET …/stream); a stop asked on another
  // server reaches this one on the turn channel at once.
  const live = createTurnStreamWriter({ turnId: prepared.turnId, base: prepared.assistant });
  await getTurnHub().catch((error: unknown) => console.error("Could not listen on the agent turn channel; stops from other servers wait for the heartbeat", error));

  let resolveDone!: (outcome: TurnOutcome) => void;
  const done = new Promise<TurnOutcome>((resolve) => (resolveDone = resolve));
  const stream = createUIMessageStream<AgentUIMessage>({
    execute: async ({ writer }) => {
      try {
        const write: Emit = (chunk) => {
          writer.write(chunk as never);
          live.push(chunk);
        };
        resolveDone(await executeTurn(prepared, write, controller.signal));
      } catch (error) {
        console.error("Agent turn failed unexpectedly", error);
        resolveDone({ turnId: prepared.turnId, status: "failed", response: "", message: prepared.assistant, error: describeAgentError(error) });
      } finally {
        await live.close();
        stopHeartbeat();
        registry.running.delete(prepared.turnId);
        if (registry.bySession.get(initial.id) === prepared.turnId) registry.bySession.delete(initial.id);
        release();
        if (registry.queues.get(initial.id) === queued) registry.queues.delete(initial.id);
      }
    },
  });
  return { turnId: prepared.turnId, sessionId: initial.id, stream, done };
}

async function executeTurn(prepared: PreparedTurn, write: Emit, signal: AbortSignal): Promise<TurnOutcome> {
  const started = Date.now();
  const accumulator = createMessageAccumulator(prepared.assistant);
  const emit: Emit = (chunk) => {
    write(chunk);
    accumulator.push(chunk);
  };
  let savedVersion = -1;
  // One write at a time (a tick skips while one is under way, as in an outage), and the final write
  // waits for it, so a periodic save cannot land after the final one.
  let saving: Promise<void> | null = null;
  const persist = () => {
    const { message, version } = accumulator.snapshot();
    if (saving || version === savedVersion) return;
    savedVersion = version;
    saving = updateMessageRow({ id: message.id, parts: message.parts as Prisma.InputJsonValue })
      .catch(() => undefined)
      .finally(() => (saving = null));
  };
  // A reload mid-turn shows the turn as it stands: the message is saved while it streams.
  const ticker = setInterval(persist, 1000);

  let resultSnapshotId = prepared.resultSnapshotId;
  const toolRuns: Promise<unknown>[] = [];
  const executions: ExecutionRecord[] = [];
  const onRun = (event: ToolRunEvent) => {
    if (event.snapshotId) resultSnapshotId = event.snapshotId;
    if (event.tool === "run_code" && prepared.modelId !== "offline" && event.status !== "interrupted") executions.push(executionRecordOf(event));
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
  let message: AgentUIMessage | undefined;
  try {
    let result: RunResult;
    try {
      result =
        prepared.modelId === "offline"
          ? await runOffline(prepared, stateBefore, emit, signal, onRun)
          : await runModel(prepared, stateBefore, emit, signal, onRun);
    } catch (error) {
      result = { stateAfter: stateBefore, error: signal.aborted ? undefined : describeAgentError(error) };
      // Expected failures (all sandboxes busy, a model timeout) are one line; the unexpected get a stack.
      if (!signal.aborted) console.error("Agent turn error", error instanceof AppError ? `${error.code}: ${error.message}` : error);
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

    clearInterval(ticker);
    message = await accumulator.close();
    await saving;
    const awaiting = message.parts.some((p) => isToolUIPart(p) && p.state === "approval-requested");
    const awaitingClient = prepared.runtime === "webcontainer" && message.parts.some((p) => isToolUIPart(p) && p.state === "input-available");
    const proposed: TurnStatus = result.error
      ? "failed"
      : signal.aborted
        ? "interrupted"
        : awaiting
          ? "awaiting_approval"
          : awaitingClient
            ? "awaiting_client"
            : "completed";
    const stateAfter = executions.length ? recordExecutions(result.stateAfter, executions) : result.stateAfter;
    await saveState(prepared.session.id, stateBefore, stateAfter);
    const project = await getProjectRow({ id: prepared.session.projectId });
    await updateSessionRow(prepared.session.id, { lastSeenSnapshotId: project?.headSnapshotId ?? null, model: prepared.modelId });
    const status = await endOwnTurn(prepared.turnId, proposed, {
      resultSnapshotId,
      inputTokens: result.usage ? prepared.usageBefore.inputTokens + result.usage.inputTokens : null,
      outputTokens: result.usage ? prepared.usageBefore.outputTokens + result.usage.outputTokens : null,
      error: result.error?.message ?? (signal.aborted ? "Stopped by the user" : null),
      endedAt: proposed === "awaiting_approval" || proposed === "awaiting_client" ? null : new Date(),
    });
    const metadata: AgentMessageMetadata = {
      ...metadataBase,
      status,
      durationMs: Date.now() - started,
      ...(result.usage ? { usage: result.usage } : {}),
      ...(result.error ? { error: result.error } : {}),
    };
    // Stored before the browser hears the outcome, so what it is told is what a reload shows.
    await updateMessageRow({ id: message.id, parts: message.parts as Prisma.InputJsonValue, metadata: metadata as Prisma.InputJsonValue });
    write({ type: "finish", messageMetadata: metadata, ...(status === "interrupted" ? { finishReason: "other" } : {}) } as UIMessageChunk);
    return { turnId: prepared.turnId, status, response: responseText(message), message: { ...message, metadata }, error: result.error };
  } catch (error) {
    clearInterval(ticker);
    console.error("Could not save an agent turn; it is marked failed", error);
    message ??= await accumulator.close();
    await saving;
    const info: AgentErrorInfo = { code: "internal", message: storageFailureMessage(error) };
    const metadata: AgentMessageMetadata = { ...metadataBase, status: "failed", durationMs: Date.now() - started, error: info };
    await endFailedTurn({ turnId: prepared.turnId, resultSnapshotId, message, metadata });
    write({ type: "finish", messageMetadata: metadata } as UIMessageChunk);
    return { turnId: prepared.turnId, status: "failed", response: responseText({ ...message, metadata }), message: { ...message, metadata }, error: info };
  }
}

/**
 * Writes the end of the turn only while it is still this server's and running. A stop asked on
 * another server before the end makes it `interrupted`, as that user was told; a turn ended meanwhile
 * by a stop or a sweep (interruptTurnRow) stays as they wrote it. Returns the status it ended with.
 */
async function endOwnTurn(turnId: string, status: TurnStatus, data: Omit<Parameters<typeof finishTurnRow>[0]["data"], "status">): Promise<TurnStatus> {
  const ownerId = turnOwnerId();
  if (await finishTurnRow({ id: turnId, ownerId, data: { ...data, status } })) return status;
  if (status !== "interrupted") await finishTurnRow({ id: turnId, ownerId, data: { ...data, status: "interrupted", error: "Stopped by the user", endedAt: new Date() } });
  return "interrupted";
}

function storageFailureMessage(error: unknown): string {
  const failure = classifyDatabaseError(error);
  const reason =
    failure === "unreachable" ? "the database could not be reached" : failure === "timeout" ? "the database did not answer in time" : "the database refused a write";
  return `This turn could not be saved: ${reason}. What it did so far is kept where it could be; press Retry.`;
}

// Best effort through a short outage: about 8 s of tries before giving up (start-up marks what is left).
const endRetryDelaysMs = [250, 500, 1000, 2000, 4000];

async function withRetries(write: () => Promise<unknown>): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      await write();
      return true;
    } catch (error) {
      if (attempt >= endRetryDelaysMs.length) {
        console.error("Gave up writing the end of an agent turn", error);
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, endRetryDelaysMs[attempt]));
    }
  }
}

/**
 * Ends a turn whose bookkeeping failed: the turn row says `failed` with the reason (so review, undo
 * and the next turn are not blocked), and the message says so too, with its parts if they still fit.
 */
async function endFailedTurn({ turnId, resultSnapshotId, message, metadata }: { turnId: string; resultSnapshotId: string | null; message: AgentUIMessage; metadata: AgentMessageMetadata }) {
  await withRetries(() => updateTurnRow(turnId, { status: "failed", resultSnapshotId, error: metadata.error?.message ?? null, endedAt: new Date(), leaseUntil: null }));
  await withRetries(() =>
    updateMessageRow({ id: message.id, parts: message.parts as Prisma.InputJsonValue, metadata: metadata as Prisma.InputJsonValue }).catch(() =>
      updateMessageRow({ id: message.id, metadata: metadata as Prisma.InputJsonValue }),
    ),
  );
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

function recordExecutions(state: AgentState, runs: ExecutionRecord[]): AgentState {
  const last = runs.at(-1)!;
  return {
    ...state,
    lastExecutedCode: { language: last.language, code: last.code },
    executionHistory: [...state.executionHistory, ...runs].slice(-agentStateLimits.history),
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
