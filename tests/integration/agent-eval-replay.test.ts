import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvalWorld, loadTranscripts, runTask, type EvalWorld } from "../agent-eval/harness";
import { renderModelView } from "../agent-eval/model-view";
import { formatReplayTable, replayRow, type ReplayRow } from "../agent-eval/report";
import { evalTasks } from "../agent-eval/tasks";
import { startScriptedOpenAIServer, type ScriptedOpenAIServer } from "../support/scripted-openai-server";

// The agent evaluation, offline: every task's recorded transcripts (a good run and a stumbling run
// that makes the usual mistakes first) replayed through the scripted model server against the real
// tools, the real box, the real turn path and its persistence and compaction. The final tree must
// pass the task's hidden check, and every call's result must say what the transcript expects (a
// stumble's answer must carry what a model needs to recover).

let server: ScriptedOpenAIServer;
let world: EvalWorld;
const rows: ReplayRow[] = [];

beforeAll(async () => {
  server = await startScriptedOpenAIServer();
  process.env.OPENAI_BASE_URL = server.baseURL;
  process.env.AGENT_MODEL = "openai-compatible:scripted-model";
  world = await createEvalWorld();
});

afterAll(async () => {
  delete process.env.OPENAI_BASE_URL;
  delete process.env.AGENT_MODEL;
  await server?.close();
  if (rows.length) console.log(`\nAgent evaluation replays\n${formatReplayTable(rows)}`);
});

const required = [
  "a bug fix",
  "a cross-file rename",
  "a Python task with SQLite",
  "a 3,000-line file",
  "a CRLF file",
  "a locked file",
  "user edits between turns",
  "noisy test output",
  "an npm test trap in the box",
  "a new module",
  "a forced compaction",
  "a context overflow",
];

describe("agent evaluation tasks", () => {
  it("cover every case the evaluation promises, each with a good and a stumbling run", () => {
    expect(evalTasks.length).toBeGreaterThanOrEqual(12);
    expect(required.filter((covers) => !evalTasks.some((t) => t.covers.startsWith(covers)))).toEqual([]);
    for (const task of evalTasks) {
      const transcripts = loadTranscripts(task);
      expect([...transcripts.values()].map((t) => t.kind), task.name).toEqual(expect.arrayContaining(["good", "stumbling"]));
      for (const [name, transcript] of transcripts) {
        const calls = transcript.turns.flatMap((t) => t.steps.flatMap((s) => ("calls" in s ? s.calls : [])));
        const stumbles = calls.filter((c) => c.stumble);
        if (transcript.kind === "stumbling") expect(stumbles.length, `${task.name}/${name} makes no stumble`).toBeGreaterThan(0);
        if (transcript.kind === "good") expect(stumbles, `${task.name}/${name} is a good run`).toEqual([]);
        // A stumble says what answer lets a model recover, or why that cannot be asserted yet.
        for (const call of stumbles) expect(call.expect?.contains?.length || call.pending, `${task.name}/${name}: ${call.stumble}`).toBeTruthy();
      }
    }
  });
});

describe("agent evaluation replays", () => {
  for (const task of evalTasks) {
    for (const [name, transcript] of loadTranscripts(task)) {
      it(`${task.name} (${name})`, async () => {
        const firstRequest = server.requests.length;
        const report = await runTask(world, task, { kind: "replay", server, transcript });
        // What the model sees (system prompt, tool schemas) is a reviewed file: a change to it
        // fails here until the snapshot is updated (vitest -u) and the diff is read.
        if (task === evalTasks[0] && name === "good")
          await expect(renderModelView(server.requests[firstRequest]!)).toMatchFileSnapshot("../agent-eval/model-view.snap.md");
        rows.push(replayRow(task, name, transcript, report));
        expect(report.replay!.problems).toEqual([]);
        if (transcript.kind !== "recorded") expect(report.checkProblems).toEqual([]);
        if (task.contextTokens || report.replay!.overflows) expect(report.compactions, "the conversation was compacted").toBeGreaterThan(0);
      });
    }
  }
});
