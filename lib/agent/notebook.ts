import type { ExecOptions, ExecResult } from "@/lib/sandbox/types";
import { buildJsProgram } from "./code-cell";
import { agentStateLimits, type AgentState, type ExecutionRecord } from "./state";
import type { CodeLanguage } from "./tools/run-code";
import type { ToolRunEvent } from "./turn-tools";

/** What one replay may carry to the box (protocol.ts bounds the same). */
const replayLimits = { cells: 50, chars: 1_000_000 } as const;

/** An agent session's notebook: its id and the history its context is rebuilt from. */
export type NotebookSession = {
  id: string;
  /** The session's runs so far (the stored history and this turn's), oldest first. */
  history: () => readonly ExecutionRecord[];
  definedVariables?: Readonly<Record<string, string>>;
};

/** What a restore did, for the tool result and the UI: cells re-run, failed again, and left out. */
export type NotebookRestore = { restored: number; failed: number; skipped: number };

/**
 * The earlier cells a lost context is rebuilt from: the session's runs in that language that
 * succeeded and changed no file. A run that wrote files is left out (counted as `skipped`), so a
 * restore never writes them again behind the person's back; its names are then gone, and the
 * result says so. Oldest cells go first past the limits.
 */
export function replayCells({ history, language, definedVariables = {} }: { history: readonly ExecutionRecord[]; language: CodeLanguage; definedVariables?: Readonly<Record<string, string>> }): {
  cells: string[];
  skipped: number;
} {
  const runs = history.filter((run) => run.language === language && run.exitCode === 0);
  const skipped = runs.filter((run) => run.wroteFiles).length;
  const cells = runs.filter((run) => !run.wroteFiles).map((run) => (language === "javascript" ? buildJsProgram(run.code, definedVariables, { printValue: false }) : run.code));
  let chars = cells.reduce((sum, cell) => sum + cell.length, 0);
  let dropped = 0;
  while (cells.length - dropped > replayLimits.cells || chars > replayLimits.chars) chars -= cells[dropped++]!.length;
  return { cells: cells.slice(dropped), skipped: skipped + dropped };
}

/** The exec options that run a cell in the session's notebook, and how to read its restore from the result. */
export function notebookExec(session: NotebookSession, language: CodeLanguage): { options: Pick<ExecOptions, "notebook">; restoreOf: (result: ExecResult) => NotebookRestore | undefined } {
  const { cells, skipped } = replayCells({ history: session.history(), language, definedVariables: session.definedVariables });
  return {
    options: { notebook: { id: session.id, replay: cells } },
    restoreOf: (result) => (result.notebook && result.notebook.restored + result.notebook.failed + skipped > 0 ? { ...result.notebook, skipped } : undefined),
  };
}

/** One sentence on a restore, for the person and the model. */
export function describeRestore({ restored, failed, skipped }: NotebookRestore): string {
  const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
  const parts = [`The sandbox no longer held this session's variables, so it restored ${plural(restored, "earlier block")} by running ${restored === 1 ? "it" : "them"} again (output suppressed)`];
  if (failed > 0) parts.push(`${plural(failed, "block")} failed when re-run`);
  if (skipped > 0) parts.push(`${plural(skipped, "block")} that changed files ${skipped === 1 ? "was" : "were"} not re-run, so ${skipped === 1 ? "its" : "their"} names are gone until you run ${skipped === 1 ? "it" : "them"} again`);
  return `${parts.join("; ")}.`;
}

/** The notebook of a session whose state is `state` (the built-in agent's turn). */
export function notebookOfState(id: string, state: AgentState): NotebookSession {
  return { id, history: () => state.executionHistory, definedVariables: state.definedVariables };
}

/** A model's run_code call as the session's history keeps it; `wroteFiles` when it saved changes. */
export function executionRecordOf(event: ToolRunEvent): ExecutionRecord {
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
    ...(event.snapshotId ? { wroteFiles: true } : {}),
  };
}
