// npm run eval:agent – the agent evaluation (tests/agent-eval) against a real model: every task run
// several times through the real turn path, tools and box, each judged by its hidden check.
//
//   npm run eval:agent -- [--runs 3] [--model provider:model] [--tasks bug-fix,npm-trap] [--record] [--replay]
//
// Prints per task the pass rate, whether every run passed, and the mean steps, tokens, tool errors
// and failed edits, beside the previous result for that model (tests/agent-eval/last-live.json,
// rewritten after each live run). --record saves each failed run as a replay transcript in its
// task's folder. With no model configured (or --replay) it says so and runs the recorded replays.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";

const root = path.join(import.meta.dirname, "..");

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    model: { type: "string" },
    tasks: { type: "string" },
    record: { type: "boolean", default: false },
    replay: { type: "boolean", default: false },
  },
});

async function main(): Promise<number> {
  const runs = Number(args.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 50) throw new Error(`--runs must be a whole number from 1 to 50, not "${args.runs}"`);

  // A throwaway in-memory database: lib/db/client reads these once, when it first opens one.
  process.env.DATABASE_URL = "";
  process.env.PGLITE_DIR = "memory://";
  execFileSync(process.execPath, [path.join(root, "scripts/build-box.mjs")], { stdio: "inherit" });

  const { listModels } = await import("@/lib/agent/providers");
  const { evalTasks } = await import("../tests/agent-eval/tasks");
  const wanted = args.tasks?.split(",").map((t) => t.trim());
  const unknown = wanted?.filter((name) => !evalTasks.some((t) => t.name === name)) ?? [];
  if (unknown.length) throw new Error(`Unknown task(s): ${unknown.join(", ")}. Tasks: ${evalTasks.map((t) => t.name).join(", ")}`);
  const tasks = wanted ? evalTasks.filter((t) => wanted.includes(t.name)) : evalTasks;

  const models = listModels().filter((m) => m.provider !== "offline");
  if (args.replay || models.length === 0) {
    if (!args.replay)
      console.log(
        "No model is configured (set OPENAI_API_KEY, ANTHROPIC_API_KEY or OPENAI_BASE_URL, and AGENT_MODEL to choose one), so the live evaluation cannot run.\nRunning the recorded replays instead.\n",
      );
    return replays(tasks);
  }
  return live(tasks, runs, args.model ?? models[0]!.id);
}

async function replays(tasks: import("../tests/agent-eval/types").EvalTask[]): Promise<number> {
  const { startScriptedOpenAIServer } = await import("../tests/support/scripted-openai-server");
  const { createEvalWorld, loadTranscripts, runTask } = await import("../tests/agent-eval/harness");
  const { formatReplayTable, replayRow } = await import("../tests/agent-eval/report");
  const server = await startScriptedOpenAIServer();
  process.env.OPENAI_BASE_URL = server.baseURL;
  process.env.AGENT_MODEL = "openai-compatible:scripted-model";
  const world = await createEvalWorld();
  const rows = [];
  for (const task of tasks) {
    for (const [name, transcript] of loadTranscripts(task)) {
      const report = await runTask(world, task, { kind: "replay", server, transcript });
      const row = replayRow(task, name, transcript, report);
      rows.push(row);
      console.log(`${task.name} (${name}): ${row.passed ? "pass" : "FAIL"}`);
      for (const problem of [...(report.replay?.problems ?? []), ...(transcript.kind === "recorded" ? [] : report.checkProblems)]) console.log(`  ${problem}`);
      // What each stumble got back: the answer a model has to recover from.
      for (const { call, result } of report.replay?.calls ?? [])
        if (call.stumble) console.log(`  stumble "${call.stumble}" → ${(result ?? "(no result)").replace(/\s+/g, " ").slice(0, 240)}`);
    }
  }
  await server.close();
  console.log(`\n${formatReplayTable(rows)}`);
  return rows.every((r) => r.passed || r.recorded) ? 0 : 1;
}

async function live(tasks: import("../tests/agent-eval/types").EvalTask[], runs: number, model: string): Promise<number> {
  const { resolveModel } = await import("@/lib/agent/providers");
  const { createEvalWorld, runTask } = await import("../tests/agent-eval/harness");
  const live = await import("../tests/agent-eval/live");
  resolveModel(model); // an unknown model fails here, naming the ones configured
  const world = await createEvalWorld();
  console.log(`Live evaluation of ${model}: ${tasks.length} tasks × ${runs} runs\n`);
  const results: Record<string, import("../tests/agent-eval/live").LiveTaskResult> = {};
  for (const task of tasks) {
    const reports = [];
    for (let run = 1; run <= runs; run++) {
      const report = await runTask(world, task, { kind: "live", modelId: model });
      reports.push(report);
      console.log(`${task.name} run ${run}: ${report.passed ? "pass" : "FAIL"} · ${report.steps} steps · ${report.inputTokens + report.outputTokens} tokens · ${report.toolErrors} tool errors`);
      for (const problem of report.checkProblems) console.log(`  ${problem.split("\n")[0]}`);
      if (!report.passed && args.record) console.log(`  recorded: ${path.relative(root, live.saveRecording(task, live.transcriptFromRun(report, model), model))}`);
    }
    results[task.name] = live.summarizeRuns(reports);
  }
  const previous = live.readLiveResults();
  console.log(`\n${live.formatLiveTable(results, previous[model]?.tasks)}`);
  if (previous[model]) console.log(`\n(In brackets: the change since ${previous[model].at}.)`);
  live.writeLiveResults({ ...previous, [model]: { at: new Date().toISOString(), tasks: { ...previous[model]?.tasks, ...results } } });
  console.log(`Saved to ${path.relative(root, live.liveResultsPath)}.`);
  return Object.values(results).every((r) => r.allRunsPass) ? 0 : 1;
}

main()
  .then(async (code) => {
    const { getDatabase } = await import("@/lib/db/client");
    await (await getDatabase()).close();
    process.exit(code);
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  });
