import { randomBytes, randomUUID } from "node:crypto";
import { expect, request, test, type APIRequestContext } from "@playwright/test";
import { adminDatabaseUrl, createDatabase, dropDatabase } from "../../scripts/lib/throwaway-database";
import { startInstance, type Instance } from "../support/app-instances";

// Two production servers (the build this suite runs on), started here as processes of their own on
// one fresh Postgres database, driven over HTTP only: what one instance does must reach, and be
// enforced for, the other through the database alone. The agent's model is the suite's scripted
// server ("run the slow loop" runs a command until stopped; anything else gets a one-line reply).

// Ports beside the suite's own, an offset per spec that starts servers (live-project +2, these +3
// and +4, offline-editing +5, agent-api +6): workers run specs side by side.
const basePort = Number(process.env.E2E_PORT ?? 3100);
const ports = { a: basePort + 3, b: basePort + 4 };
const modelPort = Number(process.env.E2E_MODEL_PORT ?? 3101);

test.describe.configure({ mode: "serial", timeout: 240_000 });

let databaseName = "";
let instances: Instance[] = [];
let cookie = "";
let a: APIRequestContext;
let b: APIRequestContext;
let projectId = "";

/** Node's fetch with the session cookie, for the streams Playwright's request would buffer whole. */
const stream = (origin: string, path: string, init: RequestInit = {}) =>
  fetch(`${origin}${path}`, { ...init, headers: { cookie, ...(init.body ? { "content-type": "application/json" } : {}) } });

function readAll(res: Response) {
  let text = "";
  const decoder = new TextDecoder();
  const done = (async () => {
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
    } catch {
      // Aborted by the test.
    }
  })();
  return { text: () => text, done };
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  databaseName = `ide_e2e_two_${randomBytes(6).toString("hex")}`;
  const env = {
    DATABASE_URL: await createDatabase({ adminUrl: adminDatabaseUrl(), name: databaseName }),
    PGLITE_DIR: "",
    OPENAI_BASE_URL: `http://127.0.0.1:${modelPort}/v1`,
    AGENT_MODEL: "openai-compatible:scripted-model",
  };
  // One after the other: both would otherwise migrate the fresh database at once.
  instances.push(await startInstance({ kind: "built", port: ports.a, env }));
  instances.push(await startInstance({ kind: "built", port: ports.b, env }));
  a = await request.newContext({ baseURL: instances[0]!.origin });
  const signUp = await a.post("/api/auth/sign-up/email", {
    data: { email: `two-${randomUUID()}@example.test`, password: "correct horse battery", name: "Two Instances" },
  });
  expect(signUp.status(), await signUp.text()).toBe(200);
  cookie = signUp.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value.split(";")[0]).join("; ");
  b = await request.newContext({ baseURL: instances[1]!.origin, extraHTTPHeaders: { cookie } });
  const created = await a.post("/api/projects", { data: { name: "Two instances" } });
  expect(created.status()).toBe(201);
  projectId = ((await created.json()) as { project: { id: string } }).project.id;
});

test.afterAll(async () => {
  await Promise.all([a?.dispose(), b?.dispose()]);
  await Promise.all(instances.map((i) => i.stop()));
  instances = [];
  if (databaseName) await dropDatabase({ adminUrl: adminDatabaseUrl(), name: databaseName });
});

test("a save on instance A reaches a head-channel listener on instance B", async () => {
  const head = ((await (await b.get(`/api/projects/${projectId}`)).json()) as { project: { headSnapshotId: string } }).project.headSnapshotId;
  const listening = new AbortController();
  const res = await stream(instances[1]!.origin, `/api/projects/${projectId}/head?since=${head}`, { signal: listening.signal });
  expect(res.status).toBe(200);
  const events = readAll(res);
  try {
    await expect.poll(events.text).toContain(": connected");
    const saved = await a.post(`/api/projects/${projectId}/save`, {
      data: { baseSnapshotId: head, changes: [{ type: "write", path: "from-a/note.txt", content: "saved on A\n" }] },
    });
    expect(saved.status(), await saved.text()).toBe(200);
    const { snapshotId } = (await saved.json()) as { snapshotId: string };
    await expect.poll(events.text, { timeout: 10_000 }).toContain(`id: ${snapshotId}\nevent: head\n`);
    expect(events.text().slice(events.text().indexOf(`id: ${snapshotId}`))).toContain("from-a/note.txt");
  } finally {
    listening.abort();
  }
});

test("Stop sent to B ends the turn A runs; a second turn of its session on B is refused meanwhile", async () => {
  const first = await a.post("/api/agent", { data: { prompt: "say hello", projectId, newSession: true } });
  expect(first.status(), await first.text()).toBe(200);
  const { sessionId, status } = (await first.json()) as { sessionId: string; status: string };
  expect(status).toBe("completed");

  const slow = readAll(await stream(instances[0]!.origin, "/api/agent", { method: "POST", body: JSON.stringify({ prompt: "run the slow loop", sessionId, stream: true }) }));
  // The command is running on A once the model's tool call has been handed to the box.
  await expect.poll(slow.text, { timeout: 60_000 }).toContain('"tool-input-available"');

  const refused = await b.post("/api/agent", { data: { prompt: "say hello", sessionId } });
  expect(refused.status()).toBe(409);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("conflict:turn_running");

  const stop = await b.post(`/api/projects/${projectId}/agent/sessions/${sessionId}/stop`);
  expect(await stop.json()).toEqual({ stopped: true });
  await slow.done;
  const detail = async () =>
    (await (await b.get(`/api/projects/${projectId}/agent/sessions/${sessionId}`)).json()) as { messages: { role: string }[]; turns: { status: string }[] };
  await expect.poll(async () => (await detail()).turns.map((t) => t.status), { timeout: 30_000 }).toEqual(["completed", "interrupted"]);
  expect(slow.text()).not.toContain("The loop ended.");
  // One user message and one assistant message per turn: the refused prompt left nothing behind.
  expect((await detail()).messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
});
