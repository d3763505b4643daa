import "server-only";
import { isToolUIPart, type UIMessageChunk } from "ai";
import { refusedWritesMessage } from "@/lib/agent/locked-writes";
import { withProjectBox } from "@/lib/projects/project-box";
import { withLiveOutput } from "@/lib/sandbox/live-output";
import { approvalRule } from "./approval";
import { describeRestore } from "./notebook";
import { classifyOfflinePrompt, runOfflineAgentTurn, type OfflineIntent } from "./offline-agent";
import type { AgentState } from "./state";
import { codeLanguageSchema } from "./tools/run-code";
import type { ToolRunEvent } from "./turn-tools";
import type { Emit, PreparedTurn, RunResult } from "./turn-types";

/**
 * The built-in agent's turn, streamed as the model's would be: a run_code card, then the answer.
 * In ask mode the code waits for the person's approval (the turn ends awaiting_approval) and runs
 * when the answer comes back, in the same turn.
 */
export async function runOffline(prepared: PreparedTurn, state: AgentState, emit: Emit, signal: AbortSignal, onRun: (e: ToolRunEvent) => void): Promise<RunResult> {
  const answered = prepared.continuation ? answeredCall(prepared) : null;
  if (prepared.continuation && !answered) return { stateAfter: state, usage: { inputTokens: 0, outputTokens: 0 } };
  const intent: OfflineIntent = answered ? answered.intent : classifyOfflinePrompt(prepared.prompt);
  const toolCallId = answered?.toolCallId ?? `offline-${prepared.turnId}`;
  const say = (text: string) => {
    const id = `text-${prepared.turnId}`;
    emit({ type: "text-start", id });
    emit({ type: "text-delta", id, delta: text });
    emit({ type: "text-end", id });
  };

  if (intent.kind === "execute" && !answered) {
    const input = { language: intent.language, code: intent.code };
    emit({ type: "tool-input-available", toolCallId, toolName: "run_code", input });
    const { approvalMode, allowList } = prepared.session;
    if (approvalRule(approvalMode, allowList)("run_code", input)) {
      emit({ type: "tool-approval-request", approvalId: `approval-${toolCallId}`, toolCallId });
      return { stateAfter: state, usage: { inputTokens: 0, outputTokens: 0 } };
    }
  }
  if (answered && !answered.approved) {
    emit({ type: "tool-output-denied", toolCallId });
    say("I did not run the code: you denied it.");
    return { stateAfter: state, usage: { inputTokens: 0, outputTokens: 0 } };
  }

  const startedAt = new Date();
  const run = await withProjectBox({
    caller: prepared.caller,
    projectId: prepared.session.projectId,
    author: "agent",
    turnId: prepared.turnId,
    message: "Agent: run code",
    use: (box) =>
      runOfflineAgentTurn({
        prompt: prepared.prompt,
        intent,
        state,
        signal,
        notebookId: prepared.session.id,
        sandbox: withLiveOutput(box, (stream, text) => emit({ type: "data-tool-output", data: { toolCallId, stream, text }, transient: true } as UIMessageChunk)),
      }),
  });
  const turn = run.value;
  // A block that changed files is not run again when the notebook is restored (notebook.ts).
  const last = turn.state.executionHistory.at(-1);
  if (turn.execution && last && run.changedPaths.length > 0) last.wroteFiles = true;
  const notes = [
    ...(run.refusedPaths ? [refusedWritesMessage(run.refusedPaths)] : []),
    ...(run.saveError ? [run.saveError] : []),
    ...(run.notSaved ? [run.notSaved] : []),
  ];
  if (turn.execution) {
    const { stdout, stderr, value, exitCode, durationMs } = turn.execution;
    const output = {
      exitCode,
      stdout,
      stderr,
      value,
      durationMs,
      ...(turn.restore ? { restored: turn.restore, note: describeRestore(turn.restore) } : {}),
      ...(run.refusedPaths ? { refusedWrites: { paths: run.refusedPaths, message: refusedWritesMessage(run.refusedPaths) } } : {}),
      ...(run.saveError ? { saveError: run.saveError } : {}),
      ...(run.notSaved ? { notSaved: run.notSaved } : {}),
    };
    emit({ type: "tool-output-available", toolCallId, output });
    const status = exitCode === 130 ? "interrupted" : exitCode === 0 ? "ok" : "error";
    emit({ type: "data-tool-run", id: `run-${toolCallId}`, data: { toolCallId, durationMs, status } } as UIMessageChunk);
    // The files the code wrote are the turn's changes, reviewable and undoable like a model's.
    const snapshotId = run.changedPaths.length > 0 ? run.snapshotId : null;
    onRun({ toolCallId, tool: "run_code", input: { language: turn.execution.language, code: turn.execution.code }, output, status, durationMs, startedAt, snapshotId });
  }
  say([turn.response, ...notes].join("\n\n"));
  return { stateAfter: turn.state, usage: { inputTokens: 0, outputTokens: 0 } };
}

/** The built-in agent's code call the person just answered, with what to run. */
function answeredCall(prepared: PreparedTurn): { toolCallId: string; approved: boolean; intent: Extract<OfflineIntent, { kind: "execute" }> } | null {
  for (const part of prepared.assistant.parts) {
    if (!isToolUIPart(part) || part.type !== "tool-run_code" || part.state !== "approval-responded") continue;
    const input = part.input as { language?: unknown; code?: unknown } | undefined;
    const language = codeLanguageSchema.safeParse(input?.language);
    if (!language.success || typeof input?.code !== "string") continue;
    return { toolCallId: part.toolCallId, approved: part.approval.approved, intent: { kind: "execute", language: language.data, code: input.code } };
  }
  return null;
}
