import "server-only";
import type { UIMessageChunk } from "ai";
import { withProjectBox } from "@/lib/projects/project-box";
import { withLiveOutput } from "@/lib/sandbox/live-output";
import { classifyOfflinePrompt, runOfflineAgentTurn } from "./offline-agent";
import type { AgentState } from "./state";
import type { ToolRunEvent } from "./turn-tools";
import type { Emit, PreparedTurn, RunResult } from "./turn-types";

/** The built-in agent's turn, streamed as the model's would be: a run_code card, then the answer. */
export async function runOffline(prepared: PreparedTurn, state: AgentState, emit: Emit, signal: AbortSignal, onRun: (e: ToolRunEvent) => void): Promise<RunResult> {
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
