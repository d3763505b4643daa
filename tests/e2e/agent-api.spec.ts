import { spawn, type ChildProcess } from "node:child_process";
import { expect, request, test } from "@playwright/test";

// The headless agent exactly as a script calls it: only `prompt`, then `prompt` + `sessionId`, on a
// fresh zero-setup install (embedded database, no keys), with its memory surviving a restart.

// A port of its own beside the suite's (see two-instances.spec.ts).
const port = Number(process.env.E2E_PORT ?? 3100) + 6;
const baseURL = `http://localhost:${port}`;
const dataDir = `.data/e2e-api-${Date.now()}`;

async function startServer(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["node_modules/.cache/server/main.mjs", "-p", String(port)], {
    env: { ...process.env, PGLITE_DIR: dataDir, DATABASE_URL: "", OPENAI_BASE_URL: "", AGENT_MODEL: "", BETTER_AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "ignore",
  });
  for (const started = Date.now(); Date.now() - started < 60_000; await new Promise((r) => setTimeout(r, 250))) {
    const up = await fetch(`${baseURL}/sign-in`).then((r) => r.ok, () => false);
    if (up) return child;
  }
  child.kill("SIGKILL");
  throw new Error("The second server did not start within 60 s");
}

async function stopServer(child: ChildProcess) {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

test("POST /api/agent: the four kinds of prompts, memory across requests and a server restart", async () => {
  test.setTimeout(180_000);
  let server = await startServer();
  try {
    const api = await request.newContext({ baseURL });
    const ask = async (data: Record<string, unknown>) => {
      const res = await api.post("/api/agent", { data });
      expect(res.status(), await res.text()).toBe(200);
      const body = (await res.json()) as { response: string; sessionId: string };
      expect(typeof body.response).toBe("string");
      return body;
    };

    const first = await ask({ prompt: "execute code\n```js\nconst a = 5; const b = 10; a + b;\n```" });
    expect(first.response).toContain("15");
    const { sessionId } = first;

    expect((await ask({ prompt: "what was the last code I ran?", sessionId })).response).toContain("const a = 5; const b = 10; a + b;");
    expect((await ask({ prompt: "define variable greeting as 'hello'", sessionId })).response).toContain("greeting");
    const py = await ask({ prompt: "execute code\n```python\nprint(sum(range(10)))\n```", sessionId });
    expect(py.response).toContain("45");
    const history = await ask({ prompt: "show me the execution history", sessionId });
    expect(history.response).toContain("a + b");
    expect(history.response).toContain("sum(range(10))");
    expect((await ask({ prompt: "hi, what can you do?", sessionId })).response).toMatch(/execute code/i);

    // Bad input: clear 4xx errors.
    const bad = await api.post("/api/agent", { data: { sessionId } });
    expect(bad.status()).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/prompt/);
    expect((await api.post("/api/agent", { data: { prompt: "hi", sessionId: "nope" } })).status()).toBe(404);

    // Streaming: server-sent events of the same turn.
    const streamed = await api.post("/api/agent", { data: { prompt: "execute code\n```js\n6 * 7\n```", sessionId, stream: true } });
    expect(streamed.headers()["content-type"]).toContain("text/event-stream");
    const events = await streamed.text();
    expect(events).toContain('"type":"text-delta"');
    expect(events).toContain("42");

    await stopServer(server);
    server = await startServer();

    const after = await ask({ prompt: "what was the last code I ran?", sessionId });
    expect(after.sessionId).toBe(sessionId);
    expect(after.response).toContain("6 * 7");
    const withVariable = await ask({ prompt: "execute code\n```js\ngreeting.toUpperCase()\n```", sessionId });
    expect(withVariable.response).toContain("HELLO");
    const all = await ask({ prompt: "show me the execution history", sessionId });
    for (const code of ["a + b", "sum(range(10))", "6 * 7", "greeting.toUpperCase()"]) expect(all.response).toContain(code);
    await api.dispose();
  } finally {
    await stopServer(server);
  }
});
