import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppClient, startInstancesOnFreshDatabase } from "../support/app-instances";
import { startScriptedOpenAIServer, type ScriptedOpenAIServer } from "../support/scripted-openai-server";

// A turn running on instance A, followed from instance B (GET …/sessions/:id/stream) and stopped
// there: two processes of tests/support/route-server.ts on one fresh Postgres database, over HTTP.
// B knows the turn only through the database: its batches and the agent_turn channel.

const ports = { a: 3320, b: 3321 };
const printer = "print lines for the other instance";
const silent = "wait for a silent model";

let model: ScriptedOpenAIServer;
let stopInstances: (() => Promise<void>) | undefined;
let onA: AppClient;
let onB: AppClient;

/** An event stream read as it arrives: `text()` grows, `ended` resolves at its end. */
function reading(res: Response) {
  let text = "";
  const decoder = new TextDecoder();
  const ended = (async () => {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
  })();
  return { text: () => text, ended };
}

async function startTurnOnA(body: Record<string, unknown>) {
  const res = await onA.fetch("/api/agent", { method: "POST", body: JSON.stringify({ ...body, stream: true }) });
  expect(res.status, res.ok ? "" : await res.text()).toBe(200);
  return { sessionId: res.headers.get("x-agent-session-id")!, ...reading(res) };
}

async function followOnB(projectId: string, sessionId: string) {
  const res = await onB.fetch(`/api/projects/${projectId}/agent/sessions/${sessionId}/stream`);
  expect(res.status).toBe(200);
  return reading(res);
}

describe.skipIf(!process.env.DATABASE_URL)("following and stopping a turn from another instance", () => {
  let projectId = "";

  beforeAll(async () => {
    model = await startScriptedOpenAIServer({
      script: [
        {
          match: printer,
          replies: [
            { toolCalls: [{ name: "run_command", args: { command: "for i in 1 2 3 4 5; do echo line-for-b $i; sleep 1; done", timeoutSeconds: 60 } }] },
            { text: "Printed five lines." },
          ],
        },
        // Never answers: the turn waits on the model until it is stopped.
        { match: silent, replies: [{ hang: "headers" }] },
      ],
    });
    const { instances, stop } = await startInstancesOnFreshDatabase({ kind: "routes", ports: [ports.a, ports.b], name: "ide_test_follow", env: { OPENAI_BASE_URL: model.baseURL, AGENT_MODEL: "openai-compatible:scripted-model" } });
    stopInstances = stop;
    onA = await AppClient.signUp(instances[0]!.origin);
    onB = onA.on(instances[1]!.origin);
    projectId = (await onA.createProject("Followed across instances")).id;
  }, 240_000);

  afterAll(async () => {
    await stopInstances?.();
    await model?.close();
  });

  it("serves B the turn A runs, from its start (command output included) to its end", async () => {
    const turn = await startTurnOnA({ prompt: printer, projectId, newSession: true });
    await expect.poll(() => turn.text(), { timeout: 60_000 }).toContain("line-for-b 2");
    expect(turn.text()).not.toContain("line-for-b 5");

    const follower = await followOnB(projectId, turn.sessionId);
    // What A printed before B came is replayed; what it prints after arrives live.
    await expect.poll(() => follower.text(), { timeout: 15_000 }).toContain("line-for-b 1");
    await expect.poll(() => follower.text(), { timeout: 30_000 }).toContain("line-for-b 5");
    await Promise.all([turn.ended, follower.ended]);
    // Event for event what A sent the page that asked, after the base message.
    const [base, ...rest] = follower.text().split("\n\n");
    expect(base).toMatch(/^data: \{"type":"data-turn-base"/);
    expect(rest.join("\n\n")).toBe(turn.text());
    expect(turn.text()).toContain('"status":"completed"');

    const idle = await onB.fetch(`/api/projects/${projectId}/agent/sessions/${turn.sessionId}/stream`);
    expect(idle.status).toBe(204);
  }, 180_000);

  it("ends the turn on A at once when Stop is sent to B, and B's follower sees it end interrupted", async () => {
    const turn = await startTurnOnA({ prompt: silent, projectId, newSession: true });
    await expect.poll(() => model.requests.some((r) => JSON.stringify(r.messages).includes(silent)), { timeout: 60_000 }).toBe(true);
    const follower = await followOnB(projectId, turn.sessionId);
    await expect.poll(() => follower.text(), { timeout: 15_000 }).toContain('"type":"start"');

    const asked = performance.now();
    const stop = await onB.json<{ stopped: boolean }>(`/api/projects/${projectId}/agent/sessions/${turn.sessionId}/stop`, { method: "POST" });
    expect(stop.stopped).toBe(true);
    await turn.ended;
    const endedOnA = performance.now() - asked;
    await follower.ended;
    console.info(`Stop sent to B ended the turn A ran (waiting on its model) after ${Math.round(endedOnA)} ms (the heartbeat alone: up to 5 s), and B's follower saw it after ${Math.round(performance.now() - asked)} ms`);
    expect(follower.text()).toContain('"status":"interrupted"');
  }, 180_000);
});
