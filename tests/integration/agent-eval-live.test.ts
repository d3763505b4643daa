import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvalWorld, runTask, type EvalWorld } from "../agent-eval/harness";
import { formatLiveTable, summarizeRuns, transcriptFromRun } from "../agent-eval/live";
import bugFix from "../agent-eval/tasks/bug-fix/task";
import { transcriptSchema } from "../agent-eval/types";
import { startScriptedOpenAIServer, type ScriptedOpenAIServer } from "../support/scripted-openai-server";

// The live side of the evaluation (npm run eval:agent), driven by a model server that answers like
// a weak model: a run that fails its hidden check is figured, recorded as a transcript, and that
// transcript replays the same calls through the tools with the same outcome.

let server: ScriptedOpenAIServer;
let world: EvalWorld;
const model = "openai-compatible:scripted-model";

beforeAll(async () => {
  server = await startScriptedOpenAIServer();
  process.env.OPENAI_BASE_URL = server.baseURL;
  process.env.AGENT_MODEL = model;
  world = await createEvalWorld();
});

afterAll(async () => {
  delete process.env.OPENAI_BASE_URL;
  delete process.env.AGENT_MODEL;
  await server?.close();
});

describe("live agent evaluation", () => {
  it("judges a run by the hidden check, records it when it fails, and the recording replays to the same outcome", async () => {
    // The model reads, makes an edit that misses the bug, runs the test and says it is done.
    server.setScript([
      { toolCalls: [{ name: "read_file", args: { path: "src/cart.js" } }] },
      { toolCalls: [{ name: "edit_file", args: { path: "src/cart.js", edits: [{ oldText: "codes = { SAVE10: 10", newText: "codes = { SAVE10: 100" }] } }] },
      { toolCalls: [{ name: "edit_file", args: { path: "src/cart.js", edits: [{ oldText: "not in the file", newText: "x" }] } }] },
      { toolCalls: [{ name: "run_command", args: { command: "node test/cart.test.mjs" } }] },
      { text: "Done." },
    ]);
    const live = await runTask(world, bugFix, { kind: "live", modelId: model });
    expect(live.passed).toBe(false);
    expect(live.checkProblems.join("\n")).toMatch(/check command exited 1/);
    expect(live).toMatchObject({ steps: 5, toolCalls: 4, toolErrors: 1, failedEdits: 1 });
    expect(live.inputTokens).toBeGreaterThan(0);

    const recorded = transcriptSchema.parse(transcriptFromRun(live, model));
    expect(recorded.kind).toBe("recorded");
    expect(recorded.recordedOutcome).toBe(live.checkProblems.join("\n"));
    expect(recorded.turns[0]!.steps.map((s) => ("calls" in s ? s.calls.map((c) => c.tool).join("+") : "say"))).toEqual([
      "read_file",
      "edit_file",
      "edit_file",
      "run_command",
      "say",
    ]);

    const replayed = await runTask(world, bugFix, { kind: "replay", server, transcript: recorded });
    expect(replayed.replay!.problems).toEqual([]);
    expect(replayed.passed).toBe(false);
    expect(replayed).toMatchObject({ steps: live.steps, toolCalls: live.toolCalls, toolErrors: live.toolErrors, failedEdits: live.failedEdits });
  });

  it("sums runs per task and shows the change since the previous result", () => {
    const run = (passed: boolean, steps: number) => ({ passed, steps, inputTokens: 900, outputTokens: 100, toolErrors: passed ? 0 : 2, failedEdits: passed ? 0 : 1 });
    const now = summarizeRuns([run(true, 4), run(false, 8)] as never);
    expect(now).toEqual({ runs: 2, passRate: 0.5, allRunsPass: false, steps: 6, tokens: 1000, toolErrors: 1, failedEdits: 0.5 });
    const table = formatLiveTable({ "bug-fix": now }, { "bug-fix": { ...now, passRate: 0.25, steps: 7 } });
    expect(table).toContain("| bug-fix | 50 % (+25 %) | no | 6 (−1) | 1000 (=) | 1 (=) | 0.5 (=) |");
    expect(table).toContain("| all | 50 % | 0/1 |");
  });
});
