import "server-only";
import { convertToModelMessages, isToolUIPart, stepCountIs, streamText, type ModelMessage, type StepResult, type ToolSet, type UIMessageChunk } from "ai";
import { writeSessionSummary } from "@/lib/db/queries/agent";
import { getProjectRow } from "@/lib/db/queries/projects";
import { getSnapshotById } from "@/lib/db/queries/snapshots";
import { projectListing, systemPrompt, userEditsSince } from "./context-prompt";
import { fileDeltas } from "./changes";
import { closeOpenToolCalls, compactionCut, estimateTokens, shrinkOldToolOutputs } from "./history";
import { imagesForModel } from "./model-images";
import { contextPartToModel, projectContext } from "./project-context";
import { describeAgentError } from "./provider-errors";
import { resolveModel } from "./providers";
import { loadSessionMessages } from "./sessions";
import { executionRecordOf } from "./notebook";
import { agentStateLimits, type AgentState, type ExecutionRecord } from "./state";
import { createPrepareStep, trimToolResults } from "./step-context";
import { sessionFacts, summarizeConversation, summarizeMechanically } from "./summarize";
import { createTurnTools, type ToolRunEvent } from "./turn-tools";
import type { Emit, PreparedTurn, RunResult } from "./turn-types";
import { clientToolNames, type AgentErrorInfo, type AgentUIMessage } from "./ui-types";

const defaultMaxSteps = 50;
const maxSteps = () => Math.max(1, Math.min(200, Number(process.env.AGENT_MAX_STEPS ?? defaultMaxSteps) || defaultMaxSteps));

/**
 * The model's turn: the conversation rebuilt from Postgres (compacted when it nears the window),
 * a bounded view of the project, the user's edits since the last turn, then streamText with the
 * tools until the model answers, the step cap, an approval or a browser call. Old tool results are
 * trimmed at every step; a context overflow compacts the conversation and retries once.
 */
export async function runModel(
  prepared: PreparedTurn,
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
  // The last snapshot this turn's calls saved, for the summary's list of changed files.
  let latestSnapshotId = prepared.resultSnapshotId;
  const withNotes = () => (notes.length ? { ...state, notes: [...state.notes, ...notes].slice(-agentStateLimits.notes) } : state);
  // run_code's notebook: the session's stored runs and this turn's rebuild a context the box lost.
  const turnRuns: ExecutionRecord[] = [];
  const tools = createTurnTools({
    caller: prepared.caller,
    projectId: project.id,
    turnId: prepared.turnId,
    approval: { mode: session.approvalMode, allowList: session.allowList },
    clientCommands: prepared.runtime === "webcontainer",
    notebook: { id: session.id, history: () => [...state.executionHistory, ...turnRuns] },
    emit,
    onRun: (event) => {
      if (event.snapshotId) latestSnapshotId = event.snapshotId;
      if (event.tool === "run_code" && event.status !== "interrupted") turnRuns.push(executionRecordOf(event));
      onRun(event);
    },
    onNote: (note) => notes.push(note),
    contextTokens: contextWindow,
  });
  const listing = await projectListing(head?.rootTree ?? null);
  const guide = await projectContext({ rootTree: head?.rootTree ?? null, runtime: prepared.runtime });
  let summary = session.summary;
  const buildSystem = () =>
    systemPrompt({ projectName: project.name, listing, state, lockedPaths: project.lockedPaths, summary, runtime: prepared.runtime, project: guide });
  let system = buildSystem();

  // Folds `folded` (the oldest messages) into the session's summary, keeping the exact facts.
  const compact = async (folded: AgentUIMessage[]) => {
    const facts = sessionFacts(
      stored.map((m) => m.message),
      await changesSince(project.id, prepared.checkpointSnapshotId, latestSnapshotId),
    );
    summary = await summarizeConversation({ model, previous: summary, messages: folded, facts, signal }).catch(() =>
      summarizeMechanically({ previous: summary, messages: folded, facts }),
    );
    const throughSeq = stored.find((m) => m.message.id === folded.at(-1)!.id)?.seq ?? session.summaryThroughSeq;
    await writeSessionSummary({ id: session.id, summary, throughSeq });
    system = buildSystem();
  };

  // Compaction: fold the oldest messages into a summary before the window overflows.
  const budget = Math.floor(contextWindow * 0.6);
  const cut = compactionCut(history, estimateTokens(system) + 2000, budget);
  if (cut > 0) {
    await compact(history.slice(0, cut));
    history = history.slice(cut);
  }

  const steps = maxSteps();
  const usage = { inputTokens: 0, outputTokens: 0 };
  let stepsTaken = 0;
  let lastStep: StepResult<ToolSet> | undefined;
  // One streamText run; a retry after an overflow goes on from the steps already taken.
  const run = async (messages: ModelMessage[]) => {
    let failure: AgentErrorInfo | undefined;
    let responseMessages: ModelMessage[] = [];
    let taken = 0;
    const result = streamText({
      model,
      system,
      messages,
      tools,
      stopWhen: stepCountIs(steps - stepsTaken),
      prepareStep: createPrepareStep({ system, maxSteps: steps, stepOffset: stepsTaken }),
      abortSignal: signal,
      maxRetries: 1,
      onError: ({ error }) => {
        failure ??= describeAgentError(error);
      },
      onStepFinish: (step) => {
        lastStep = step;
        taken++;
        responseMessages = step.response.messages;
        usage.inputTokens += step.usage.inputTokens ?? 0;
        usage.outputTokens += step.usage.outputTokens ?? 0;
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
    stepsTaken += taken;
    return { failure, responseMessages };
  };

  const toModel = (messages: AgentUIMessage[]) => convertToModelMessages(imagesForModel({ messages, modelId: prepared.modelId }), { tools, ignoreIncompleteToolCalls: true, convertDataPart: contextPartToModel });
  let attempt = await run(await toModel(history));
  if (attempt.failure?.code === "context_overflow" && !signal.aborted) {
    // Once: fold everything before this turn's request into the summary, keep only the newest
    // tool results whole, and go on from the steps already taken.
    const lastUser = history.findLastIndex((m) => m.role === "user");
    if (lastUser > 0) {
      await compact(history.slice(0, lastUser));
      history = history.slice(lastUser);
    }
    const messages = trimToolResults([...(await toModel(history)), ...attempt.responseMessages], { keepWhole: 2, stubAbove: 200, inputAbove: 200 });
    attempt = await run(messages);
  }
  if (attempt.failure || signal.aborted) return { stateAfter: withNotes(), error: attempt.failure };
  const waiting = lastStep?.content.some((c) => c.type === "tool-approval-request" || (c.type === "tool-call" && clientToolNames.includes(c.toolName as never)));
  const cutOff = lastStep?.finishReason === "tool-calls";
  const note =
    stepsTaken >= steps && !waiting
      ? cutOff
        ? `\n\n_Stopped at the step limit (${steps} steps) before the work was finished. Say "continue" to go on._`
        : `\n\n_This turn used all ${steps} steps (the step limit). Say "continue" to go on._`
      : undefined;
  return { stateAfter: withNotes(), usage, note };
}

/** The files this turn's calls changed so far: checkpoint → the last snapshot they saved. */
async function changesSince(projectId: string, checkpointId: string | null, latestId: string | null) {
  if (!latestId || latestId === checkpointId) return [];
  const [checkpoint, latest] = await Promise.all([
    checkpointId ? getSnapshotById({ projectId, id: checkpointId }) : null,
    getSnapshotById({ projectId, id: latestId }),
  ]);
  if (!latest) return [];
  return (await fileDeltas(checkpoint?.rootTree ?? null, latest.rootTree)).map(({ path, change }) => ({ path, change }));
}
