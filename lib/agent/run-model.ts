import "server-only";
import { convertToModelMessages, isToolUIPart, stepCountIs, streamText, type UIMessageChunk } from "ai";
import { writeSessionSummary } from "@/lib/db/queries/agent";
import { getProjectRow } from "@/lib/db/queries/projects";
import { getSnapshotById } from "@/lib/db/queries/snapshots";
import { projectListing, systemPrompt, userEditsSince } from "./context-prompt";
import { closeOpenToolCalls, compactionCut, estimateTokens, mechanicalSummary, shrinkOldToolOutputs } from "./history";
import { describeAgentError } from "./provider-errors";
import { resolveModel } from "./providers";
import { loadSessionMessages } from "./sessions";
import { agentStateLimits, type AgentState } from "./state";
import { summarizeConversation } from "./summarize";
import { createTurnTools, type ToolRunEvent } from "./turn-tools";
import type { Emit, PreparedTurn, RunResult } from "./turn-types";
import { clientToolNames, type AgentErrorInfo, type AgentUIMessage } from "./ui-types";

const maxSteps = () => Math.max(1, Math.min(100, Number(process.env.AGENT_MAX_STEPS ?? 25) || 25));

/**
 * The model's turn: the conversation rebuilt from Postgres (compacted when it nears the window),
 * a bounded view of the project, the user's edits since the last turn, then streamText with the
 * tools until the model answers, the step cap, an approval or a browser call.
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
