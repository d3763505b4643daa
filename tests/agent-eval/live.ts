import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getToolName, isToolUIPart } from "ai";
import { z } from "zod";
import { taskDir, type RunReport } from "./harness";
import type { EvalTask, Transcript, TranscriptStep } from "./types";

/** One task's live figures over several runs of one model. */
export type LiveTaskResult = {
  runs: number;
  passRate: number;
  allRunsPass: boolean;
  /** Means per run. */
  steps: number;
  tokens: number;
  toolErrors: number;
  failedEdits: number;
};

const liveTaskResult = z.object({
  runs: z.number(),
  passRate: z.number(),
  allRunsPass: z.boolean(),
  steps: z.number(),
  tokens: z.number(),
  toolErrors: z.number(),
  failedEdits: z.number(),
});
/** The last live result per model, kept in tests/agent-eval/last-live.json to compare the next run with. */
const liveFile = z.record(z.string(), z.object({ at: z.string(), tasks: z.record(z.string(), liveTaskResult) }));
export type LiveResults = z.infer<typeof liveFile>;

export const liveResultsPath = path.join(import.meta.dirname, "last-live.json");

export function readLiveResults(file = liveResultsPath): LiveResults {
  if (!existsSync(file)) return {};
  const parsed = liveFile.safeParse(JSON.parse(readFileSync(file, "utf8")));
  return parsed.success ? parsed.data : {};
}

export function writeLiveResults(results: LiveResults, file = liveResultsPath) {
  writeFileSync(file, JSON.stringify(results, null, 2) + "\n");
}

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);

export function summarizeRuns(reports: RunReport[]): LiveTaskResult {
  return {
    runs: reports.length,
    passRate: mean(reports.map((r) => (r.passed ? 1 : 0))),
    allRunsPass: reports.length > 0 && reports.every((r) => r.passed),
    steps: mean(reports.map((r) => r.steps)),
    tokens: mean(reports.map((r) => r.inputTokens + r.outputTokens)),
    toolErrors: mean(reports.map((r) => r.toolErrors)),
    failedEdits: mean(reports.map((r) => r.failedEdits)),
  };
}

const percent = (rate: number) => `${Math.round(rate * 100)} %`;
const figure = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

function delta(now: number, before: number | undefined, format: (v: number) => string) {
  if (before === undefined) return "";
  const diff = now - before;
  return diff === 0 ? " (=)" : ` (${diff > 0 ? "+" : "−"}${format(Math.abs(diff))})`;
}

/** The live table: each task's figures, with the change since the previous result in brackets. */
export function formatLiveTable(results: Record<string, LiveTaskResult>, previous?: Record<string, LiveTaskResult>): string {
  const rows = Object.entries(results).map(([task, r]) => {
    const p = previous?.[task];
    return `| ${task} | ${percent(r.passRate)}${delta(r.passRate, p?.passRate, percent)} | ${r.allRunsPass ? "yes" : "no"} | ${figure(r.steps)}${delta(r.steps, p?.steps, figure)} | ${Math.round(r.tokens)}${delta(Math.round(r.tokens), p && Math.round(p.tokens), figure)} | ${figure(r.toolErrors)}${delta(r.toolErrors, p?.toolErrors, figure)} | ${figure(r.failedEdits)}${delta(r.failedEdits, p?.failedEdits, figure)} |`;
  });
  const all = Object.values(results);
  const overall = `| all | ${percent(mean(all.map((r) => r.passRate)))} | ${all.filter((r) => r.allRunsPass).length}/${all.length} | | | | |`;
  return [
    "| task | pass rate | all runs pass | steps | tokens | tool errors | failed edits |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    overall,
  ].join("\n");
}

/**
 * A live run as a replay transcript: per turn, the model's steps as it made them (its calls with
 * their arguments, its text). Kept as "recorded" with why the check failed, to replay against the
 * tools as they change, or to turn into a stumbling transcript by adding the recovery.
 */
export function transcriptFromRun(report: RunReport, model: string): Transcript {
  const turns = report.messages.map((message) => {
    const steps: TranscriptStep[] = [];
    let current: { calls: { tool: string; args: Record<string, unknown> }[]; say: string } | null = null;
    const flush = () => {
      if (!current) return;
      if (current.calls.length) steps.push({ calls: current.calls, ...(current.say ? { say: current.say } : {}) });
      else if (current.say) steps.push({ say: current.say });
      current = null;
    };
    for (const part of message.parts) {
      if (part.type === "step-start") {
        flush();
        current = { calls: [], say: "" };
        continue;
      }
      current ??= { calls: [], say: "" };
      if (part.type === "text") current.say += part.text;
      else if (isToolUIPart(part)) current.calls.push({ tool: getToolName(part), args: (part.input ?? {}) as Record<string, unknown> });
    }
    flush();
    return { steps: steps.length ? steps : [{ say: "" }] };
  });
  return {
    kind: "recorded",
    note: `A failed live run of ${model}, recorded ${new Date().toISOString()}.`,
    recordedOutcome: report.checkProblems.join("\n"),
    turns,
  };
}

/** Saves a recorded transcript beside the task's others; returns its path. */
export function saveRecording(task: EvalTask, transcript: Transcript, model: string): string {
  const slug = model.replace(/[^a-z0-9.-]+/gi, "-").toLowerCase();
  const file = path.join(taskDir(task), `recorded-${slug}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, JSON.stringify(transcript, null, 2) + "\n");
  return file;
}
