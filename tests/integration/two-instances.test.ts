import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppClient, startInstancesOnFreshDatabase } from "../support/app-instances";
import { startScriptedOpenAIServer, type ScriptedOpenAIServer } from "../support/scripted-openai-server";

// Two app instances, each a process of its own (tests/support/route-server.ts: the real edge and
// route handlers), on one fresh Postgres database, talked to over HTTP as a browser would: what one
// instance does must reach, and be enforced for, the other through the database alone.

const ports = { a: 3347, b: 3348 };
const slowLoop = "run the slow loop";

let model: ScriptedOpenAIServer;
let stopInstances: (() => Promise<void>) | undefined;
let onA: AppClient;
let onB: AppClient;

/** The response of a turn that runs on A, read as it streams; `text` grows as it arrives. */
type RunningTurn = { sessionId: string; text: () => string; ended: Promise<void> };

async function startTurn(client: AppClient, body: Record<string, unknown>): Promise<RunningTurn> {
  const res = await client.fetch("/api/agent", { method: "POST", body: JSON.stringify({ ...body, stream: true }) });
  expect(res.status, res.ok ? "" : await res.text()).toBe(200);
  let text = "";
  const decoder = new TextDecoder();
  const ended = (async () => {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
  })();
  return { sessionId: res.headers.get("x-agent-session-id")!, text: () => text, ended };
}

async function sessionDetail(client: AppClient, projectId: string, sessionId: string) {
  return client.json<{ messages: { role: string }[]; turns: { status: string }[] }>(`/api/projects/${projectId}/agent/sessions/${sessionId}`);
}

describe.skipIf(!process.env.DATABASE_URL)("two app instances on one Postgres", () => {
  let projectId = "";

  beforeAll(async () => {
    model = await startScriptedOpenAIServer({
      script: [
        // The command runs until someone stops the turn.
        { match: slowLoop, replies: [{ toolCalls: [{ name: "run_command", args: { command: 'node -e "while (true) {}"', timeoutSeconds: 120 } }] }, { text: "The loop ended." }] },
        { match: "say hello", replies: [{ text: "Hello." }] },
      ],
    });
    const { instances, stop } = await startInstancesOnFreshDatabase({ kind: "routes", ports: [ports.a, ports.b], name: "ide_test_two", env: { OPENAI_BASE_URL: model.baseURL, AGENT_MODEL: "openai-compatible:scripted-model" } });
    stopInstances = stop;
    onA = await AppClient.signUp(instances[0]!.origin);
    onB = onA.on(instances[1]!.origin);
    projectId = (await onA.createProject("Two instances")).id;
  }, 240_000);

  afterAll(async () => {
    await stopInstances?.();
    await model?.close();
  });

  it("delivers a save on A to a head-channel listener on B", async () => {
    const head = (await onB.json<{ project: { headSnapshotId: string | null } }>(`/api/projects/${projectId}`)).project.headSnapshotId;
    const listener = new AbortController();
    const res = await onB.fetch(`/api/projects/${projectId}/head${head ? `?since=${head}` : ""}`, { signal: listener.signal });
    expect(res.status).toBe(200);
    let events = "";
    const decoder = new TextDecoder();
    void (async () => {
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) events += decoder.decode(chunk, { stream: true });
      } catch {
        // Aborted below.
      }
    })();
    try {
      await expect.poll(() => events).toContain(": connected");
      const saved = await onA.save({ projectId, baseSnapshotId: head, changes: [{ type: "write", path: "from-a/note.txt", content: "saved on A\n" }] });
      await expect.poll(() => events, { timeout: 10_000 }).toContain(`id: ${saved.snapshotId}\nevent: head\n`);
      const data = /id: .+\nevent: head\ndata: (.+)\n/.exec(events.slice(events.indexOf(`id: ${saved.snapshotId}`)))![1]!;
      expect(JSON.stringify(JSON.parse(data))).toContain("from-a/note.txt");
    } finally {
      listener.abort();
    }
  }, 120_000);

  it("ends a turn running on A when Stop is sent to B, and refuses a second turn of its session on B meanwhile", async () => {
    const first = await startTurn(onA, { prompt: "say hello", projectId, newSession: true });
    await first.ended;
    const { sessionId } = first;
    expect(first.text()).toContain('"status":"completed"');

    const slow = await startTurn(onA, { prompt: slowLoop, sessionId });
    // The command is running on A once the model's tool call has been handed to the box.
    await expect.poll(() => slow.text(), { timeout: 60_000 }).toContain('"tool-input-available"');

    const second = await onB.fetch("/api/agent", { method: "POST", body: JSON.stringify({ prompt: "say hello", sessionId }) });
    expect(second.status).toBe(409);
    expect(((await second.json()) as { error: { code: string } }).error.code).toBe("conflict:turn_running");

    const stop = await onB.json<{ stopped: boolean }>(`/api/projects/${projectId}/agent/sessions/${sessionId}/stop`, { method: "POST" });
    expect(stop.stopped).toBe(true);
    // A ends it: its stream closes, and the turn stays interrupted (never rewritten completed).
    await slow.ended;
    await expect.poll(async () => (await sessionDetail(onB, projectId, sessionId)).turns.at(-1)?.status, { timeout: 30_000 }).toBe("interrupted");
    expect(slow.text()).not.toContain("The loop ended.");

    const detail = await sessionDetail(onB, projectId, sessionId);
    expect(detail.turns.map((t) => t.status)).toEqual(["completed", "interrupted"]);
    // One user message and one assistant message per turn: the refused prompt left nothing behind.
    expect(detail.messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
  }, 180_000);
});
