import { beforeAll, describe, expect, it } from "vitest";
import { POST as agent } from "@/app/api/agent/route";
import { GET as getSession } from "@/app/api/projects/[projectId]/agent/sessions/[sessionId]/route";
import { POST as createToken } from "@/app/api/tokens/route";
import { getDb } from "@/lib/db/client";
import { appendMessageRow, createTurnRow, interruptOrphanTurns, listToolRunRows, updateTurnRow } from "@/lib/db/queries/agent";
import { call, signUpUser, type TestUser } from "./helpers";

// Every turn ends, whatever its output holds and whatever the database does meanwhile.

let owner: TestUser;
let bearer: TestUser;

beforeAll(async () => {
  owner = await signUpUser("Lifecycle");
  const { data } = await call(createToken, { user: owner, json: { name: "lifecycle" } });
  bearer = { userId: "", email: "", headers: new Headers({ authorization: `Bearer ${data.secret}`, host: "localhost:3000" }) };
});

const ask = (json: unknown) => call(agent, { user: bearer, json, url: "/api/agent" });
const run = (code: string, extra: Record<string, unknown> = {}) => ask({ prompt: `execute code\n\`\`\`js\n${code}\n\`\`\``, newSession: true, ...extra });

async function sessionDetail(sessionId: string) {
  const db = await getDb();
  const session = await db.agentSession.findUniqueOrThrow({ where: { id: sessionId } });
  const res = await call(getSession, { user: owner, params: { projectId: session.projectId, sessionId } });
  expect(res.status).toBe(200);
  return res.data as { messages: { role: string; metadata?: { status?: string; error?: { message: string } } }[]; turns: { id: string; status: string; error: string | null; endedAt: string | null }[] };
}

describe("tool output with U+0000", () => {
  it("completes the turn and stores the run's output exactly", async () => {
    const res = await run("'a' + String.fromCharCode(0) + 'b'");
    expect(res.status).toBe(200);
    expect(res.data.status, JSON.stringify(res.data)).toBe("completed");
    // The box shows a string value as it is: the answer carries the NUL itself (JSON writes it \u0000).
    expect(res.data.response).toContain("Result: `a\u0000b`");

    const detail = await sessionDetail(res.data.sessionId);
    expect(detail.turns.at(-1)).toMatchObject({ status: "completed" });
    expect(detail.messages.at(-1)!.metadata!.status).toBe("completed");
    const [toolRun] = await listToolRunRows({ turnId: res.data.turnId });
    expect(toolRun).toMatchObject({ tool: "run_code", status: "ok", exitCode: 0 });
    expect((toolRun!.output as { value: string }).value).toBe("a\u0000b");

    // The session remembers it: the code and its result come back as they were.
    const history = await ask({ prompt: "show me the execution history", sessionId: res.data.sessionId });
    expect(history.data.response).toContain("String.fromCharCode(0)");
  });

  it("shows printed NULs faithfully, with the value after them", async () => {
    const res = await run("console.log('bin:\\u0000:end'); 7");
    expect(res.data.status, JSON.stringify(res.data)).toBe("completed");
    expect(res.data.response).toContain("bin:\u0000:end");
    expect(res.data.response).toContain("Result: `7`");
    expect(res.data.response).not.toContain("__agent_value");
    const [toolRun] = await listToolRunRows({ turnId: res.data.turnId });
    expect((toolRun!.output as { stdout: string }).stdout).toBe("bin:\u0000:end\n");
  });
});

describe("a turn whose storage fails", () => {
  // A real database failure, not a stub: a trigger refuses the turn's final write of its answer,
  // and a sequence makes the first two attempts to mark it failed fail too (as in a short outage).
  const marker = "storage-refuses-this-turn";
  async function refuseFinalWrites() {
    const db = await getDb();
    await db.$executeRawUnsafe(`CREATE SEQUENCE IF NOT EXISTS lifecycle_fail_seq`);
    await db.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION lifecycle_refuse_message() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.parts::text LIKE '%${marker}%' AND NEW.metadata->>'status' = 'completed' THEN
          RAISE EXCEPTION 'lifecycle test: write refused';
        END IF;
        RETURN NEW;
      END $$`);
    await db.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION lifecycle_refuse_turn() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status = 'failed' AND nextval('lifecycle_fail_seq') <= 2 THEN
          RAISE EXCEPTION 'lifecycle test: database away';
        END IF;
        RETURN NEW;
      END $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER lifecycle_refuse_messages BEFORE UPDATE ON agent_messages FOR EACH ROW EXECUTE FUNCTION lifecycle_refuse_message()`);
    await db.$executeRawUnsafe(`CREATE TRIGGER lifecycle_refuse_turns BEFORE UPDATE ON agent_turns FOR EACH ROW EXECUTE FUNCTION lifecycle_refuse_turn()`);
    return async () => {
      await db.$executeRawUnsafe(`DROP TRIGGER lifecycle_refuse_messages ON agent_messages`);
      await db.$executeRawUnsafe(`DROP TRIGGER lifecycle_refuse_turns ON agent_turns`);
    };
  }

  it("ends failed with the reason, its message finalized, and the next turn works", async () => {
    const restore = await refuseFinalWrites();
    let failed;
    try {
      failed = await run(`'${marker}'`);
    } finally {
      await restore();
    }
    expect(failed.data.status).toBe("failed");
    expect(failed.data.error.message).toMatch(/could not be saved/i);

    const detail = await sessionDetail(failed.data.sessionId);
    const turn = detail.turns.find((t) => t.id === failed.data.turnId)!;
    expect(turn.status).toBe("failed");
    expect(turn.error).toMatch(/could not be saved/i);
    expect(turn.endedAt).toBeTruthy();
    const message = detail.messages.at(-1)!;
    expect(message.metadata).toMatchObject({ status: "failed", error: { message: expect.stringMatching(/could not be saved/i) } });
    // The code did run: its run is recorded.
    const [toolRun] = await listToolRunRows({ turnId: failed.data.turnId });
    expect(toolRun).toMatchObject({ tool: "run_code", status: "ok" });

    const next = await ask({ prompt: "execute code\n```js\n6 * 7\n```", sessionId: failed.data.sessionId });
    expect(next.data.status).toBe("completed");
    expect(next.data.response).toContain("42");
  });
});

describe("a turn that cannot be started", () => {
  it("does not stay running when its answer cannot be created", async () => {
    const first = await run("2 + 2");
    const sessionId = first.data.sessionId as string;
    const db = await getDb();
    await db.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION lifecycle_refuse_answer() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.role = 'assistant' AND NEW."sessionId" = '${sessionId}' THEN RAISE EXCEPTION 'lifecycle test: insert refused'; END IF;
        RETURN NEW;
      END $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER lifecycle_refuse_answers BEFORE INSERT ON agent_messages FOR EACH ROW EXECUTE FUNCTION lifecycle_refuse_answer()`);
    try {
      const refused = await ask({ prompt: "execute code\n```js\n3\n```", sessionId });
      expect(refused.status).toBeGreaterThanOrEqual(500);
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER lifecycle_refuse_answers ON agent_messages`);
    }
    const detail = await sessionDetail(sessionId);
    expect(detail.turns.at(-1)).toMatchObject({ status: "failed", error: expect.stringMatching(/could not be started/) });
    expect(detail.turns.at(-1)!.endedAt).toBeTruthy();
  });
});

describe("after the server was killed mid-turn", () => {
  it("start-up marks the turn interrupted and finalizes its message", async () => {
    const first = await run("1 + 1");
    const sessionId = first.data.sessionId as string;
    // What a killed server leaves: a turn `running` and its half-streamed message `running`.
    const turn = await createTurnRow({ sessionId, status: "running", source: "api", model: "offline" });
    const messageId = crypto.randomUUID();
    await appendMessageRow({
      id: messageId,
      sessionId,
      role: "assistant",
      parts: [{ type: "text", text: "Half an answer", state: "streaming" }],
      metadata: { turnId: turn.id, model: "offline", status: "running" },
      turnId: turn.id,
    });
    await updateTurnRow(turn.id, { assistantMessageId: messageId });
    // Started before the (simulated) restart; turns of live tests elsewhere started after it.
    const restartedAt = new Date("2001-01-01");
    const db = await getDb();
    await db.agentTurn.update({ where: { id: turn.id }, data: { startedAt: new Date("2000-01-01") } });

    expect(await interruptOrphanTurns({ olderThan: restartedAt })).toBe(1);

    const detail = await sessionDetail(sessionId);
    expect(detail.turns.find((t) => t.id === turn.id)).toMatchObject({ status: "interrupted", error: expect.stringMatching(/server stopped/i) });
    const message = detail.messages.find((m) => (m as { id?: string }).id === messageId)!;
    expect(message.metadata).toMatchObject({ status: "interrupted", error: { message: expect.stringMatching(/server stopped/i) } });
    expect(JSON.stringify(message)).toContain("Half an answer");

    // One left running that no server here runs is superseded by the next prompt, message and all.
    const stale = await createTurnRow({ sessionId, status: "running", source: "api", model: "offline" });
    const staleMessageId = crypto.randomUUID();
    await appendMessageRow({ id: staleMessageId, sessionId, role: "assistant", parts: [], metadata: { turnId: stale.id, status: "running" }, turnId: stale.id });
    await updateTurnRow(stale.id, { assistantMessageId: staleMessageId });

    const next = await ask({ prompt: "what was the last code I ran?", sessionId });
    expect(next.data.status).toBe("completed");
    expect(next.data.response).toContain("1 + 1");
    const after = await sessionDetail(sessionId);
    expect(after.turns.find((t) => t.id === stale.id)).toMatchObject({ status: "interrupted", error: "Superseded by a newer message" });
    expect(after.messages.find((m) => (m as { id?: string }).id === staleMessageId)!.metadata).toMatchObject({ status: "interrupted" });
  });
});
