import type { RunReport } from "./harness";
import type { EvalTask, Transcript } from "./types";

/** One replayed transcript in the report table. */
export type ReplayRow = {
  task: string;
  transcript: string;
  passed: boolean;
  /** A recorded live run: its check may fail, as it did live. */
  recorded: boolean;
  steps: number;
  toolErrors: number;
  failedEdits: number;
  stumbles: number;
  pending: string[];
  compactions: number;
};

export function replayRow(task: EvalTask, name: string, transcript: Transcript, report: RunReport): ReplayRow {
  const calls = transcript.turns.flatMap((t) => t.steps.flatMap((s) => ("calls" in s ? s.calls : [])));
  return {
    task: task.name,
    transcript: name,
    passed: report.passed && (report.replay?.problems.length ?? 0) === 0,
    recorded: transcript.kind === "recorded",
    steps: report.steps,
    toolErrors: report.toolErrors,
    failedEdits: report.failedEdits,
    stumbles: calls.filter((c) => c.stumble).length,
    pending: calls.flatMap((c) => (c.pending ? [`${c.stumble ?? c.tool}: ${c.pending}`] : [])),
    compactions: report.compactions,
  };
}

/** A Markdown table of replay rows, then any pending stumbles. */
export function formatReplayTable(rows: ReplayRow[]): string {
  const lines = [
    "| task | run | check | steps | tool errors | failed edits | stumbles | compactions |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows.map((r) => `| ${r.task} | ${r.transcript} | ${r.passed ? (r.recorded ? "passes now" : "pass") : r.recorded ? "fails, as recorded" : "FAIL"} | ${r.steps} | ${r.toolErrors} | ${r.failedEdits} | ${r.stumbles} | ${r.compactions} |`),
  ];
  const pending = rows.flatMap((r) => r.pending.map((p) => `- ${r.task}/${r.transcript}: ${p}`));
  return pending.length ? `${lines.join("\n")}\n\nPending stumbles:\n${pending.join("\n")}` : lines.join("\n");
}
