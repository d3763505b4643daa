import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as agent } from "@/app/api/agent/route";
import { POST as createToken } from "@/app/api/tokens/route";
import { getDb } from "@/lib/db/client";
import { startScriptedOpenAIServer, type ScriptedOpenAIServer } from "../support/scripted-openai-server";
import { call, signUpUser, type TestUser } from "./helpers";

// A model server that goes silent ends the turn with a message that says so, after the configured
// timeouts (tiny here) rather than the HTTP client's own five minutes.

let server: ScriptedOpenAIServer;
let bearer: TestUser;
const saved = { ...process.env };

beforeAll(async () => {
  server = await startScriptedOpenAIServer();
  process.env.OPENAI_BASE_URL = server.baseURL;
  process.env.AGENT_MODEL = "openai-compatible:scripted-model";
  process.env.AGENT_MODEL_FIRST_BYTE_TIMEOUT_MS = "400";
  process.env.AGENT_MODEL_IDLE_TIMEOUT_MS = "400";
  const owner = await signUpUser("Timeouts");
  const { data } = await call(createToken, { user: owner, json: { name: "timeouts" } });
  bearer = { userId: "", email: "", headers: new Headers({ authorization: `Bearer ${data.secret}`, host: "localhost:3000" }) };
});

afterAll(async () => {
  for (const name of ["OPENAI_BASE_URL", "AGENT_MODEL", "AGENT_MODEL_FIRST_BYTE_TIMEOUT_MS", "AGENT_MODEL_IDLE_TIMEOUT_MS"]) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  await server?.close();
});

const ask = (prompt: string, sessionId?: string) => call(agent, { user: bearer, json: { prompt, newSession: !sessionId, ...(sessionId ? { sessionId } : {}) }, url: "/api/agent" });

async function turnRow(turnId: string) {
  const db = await getDb();
  return db.agentTurn.findUniqueOrThrow({ where: { id: turnId } });
}

describe("model timeouts", () => {
  it.each([
    ["accepts and never answers", "headers" as const, /did not answer within 0\.4 s/],
    ["sends headers, then stalls", "body" as const, /stopped answering for 0\.4 s/],
  ])("a model that %s fails the turn with a clear message, once", async (_, hang, message) => {
    server.setScript([{ hang }]);
    const before = server.requests.length;
    const res = await ask("hello?");
    expect(res.status).toBe(200);
    expect(res.data.status).toBe("failed");
    expect(res.data.error.message).toMatch(message);
    expect(res.data.error.message).toMatch(/check the model server or try again/);
    expect(res.data.error.message).not.toMatch(/refused/);
    // No retry multiplies the wait.
    expect(server.requests.length - before).toBe(1);
    expect(await turnRow(res.data.turnId)).toMatchObject({ status: "failed", error: expect.stringMatching(message) });

    // The session goes on once the model answers again.
    server.setScript([{ text: "Back again." }]);
    const next = await ask("still there?", res.data.sessionId);
    expect(next.data.status).toBe("completed");
    expect(next.data.response).toContain("Back again.");
  });

  it("lets a slow but steady stream finish", async () => {
    // Chunks 100 ms apart against a 400 ms idle limit: the turn takes longer than the limit in total.
    const slow = await startScriptedOpenAIServer({ chunkDelayMs: 100, script: [{ text: "one two three four five six seven eight nine ten" }] });
    process.env.OPENAI_BASE_URL = slow.baseURL;
    try {
      const res = await ask("count slowly");
      expect(res.data.status, JSON.stringify(res.data)).toBe("completed");
      expect(res.data.response).toContain("nine ten");
    } finally {
      process.env.OPENAI_BASE_URL = server.baseURL;
      await slow.close();
    }
  });
});
