import { beforeAll, describe, expect, it } from "vitest";
import { POST as agent } from "@/app/api/agent/route";
import { POST as stopSession } from "@/app/api/projects/[projectId]/agent/sessions/[sessionId]/stop/route";
import { POST as createToken } from "@/app/api/tokens/route";
import { getDb } from "@/lib/db/client";
import { claimTurnRow, interruptOrphanTurns, requestTurnStop } from "@/lib/db/queries/agent";
import { call, signUpUser, type TestUser } from "./helpers";

// A running turn belongs to the server process running it, through a lease in the database. Every
// server but this test's process is simulated at the database level: a turn "another server" runs
// is a row claimed under another owner id, and a stop "another server" receives is requestTurnStop,
// which is what the stop routes do for a turn they do not run themselves.

let owner: TestUser;
let bearer: TestUser;

beforeAll(async () => {
  owner = await signUpUser("Ownership");
  const { data } = await call(createToken, { user: owner, json: { name: "ownership" } });
  bearer = { userId: "", email: "", headers: new Headers({ authorization: `Bearer ${data.secret}`, host: "localhost:3000" }) };
});

const ask = (json: unknown) => call(agent, { user: bearer, json, url: "/api/agent" });
const inSeconds = (s: number) => new Date(Date.now() + s * 1000);

async function newSession() {
  const res = await ask({ prompt: "execute code\n```js\n1\n```", newSession: true });
  expect(res.data.status, JSON.stringify(res.data)).toBe("completed");
  const db = await getDb();
  const session = await db.agentSession.findUniqueOrThrow({ where: { id: res.data.sessionId } });
  return { sessionId: session.id, projectId: session.projectId };
}

/** A turn of the session that another server runs (or ran, when its lease is in the past). */
const claimElsewhere = (sessionId: string, leaseUntil: Date) =>
  claimTurnRow({ sessionId, source: "api", model: "offline", checkpointSnapshotId: null, ownerId: "another-server", leaseUntil });

describe("agent turns owned through the database", () => {
  it("ends a turn interrupted when another server records a stop, and never rewrites it completed", async () => {
    const { sessionId } = await newSession();
    const db = await getDb();
    // Busy for longer than a heartbeat, so the stop lands while the code runs.
    const answer = ask({ prompt: "execute code\n```js\nconst t = Date.now(); while (Date.now() - t < 12000) {}\n'long done'\n```", sessionId });
    const running = async () => db.agentTurn.findFirst({ where: { sessionId, status: "running" } });
    await expect.poll(async () => Boolean(await running()), { timeout: 30_000 }).toBe(true);
    const turn = (await running())!;
    expect(turn.ownerId).toBeTruthy();
    expect(turn.leaseUntil!.getTime()).toBeGreaterThan(Date.now());

    expect(await requestTurnStop({ id: turn.id })).toBe("asked");
    // The owner, not the stopping server, ends it: until then it is still running.
    expect((await db.agentTurn.findUniqueOrThrow({ where: { id: turn.id } })).status).toBe("running");

    const res = await answer;
    expect(res.data.status, JSON.stringify(res.data)).toBe("interrupted");
    const ended = await db.agentTurn.findUniqueOrThrow({ where: { id: turn.id } });
    expect(ended).toMatchObject({ status: "interrupted", error: "Stopped by the user", leaseUntil: null });
    const message = await db.agentMessage.findUniqueOrThrow({ where: { id: ended.assistantMessageId! } });
    expect(message.metadata).toMatchObject({ status: "interrupted" });
    // The heartbeat stopped the code: it never got to its result.
    expect(JSON.stringify(message.parts)).not.toContain("Result: `long done`");
    expect(res.data.response).not.toContain("Result: `long done`");
  });

  it("answers a stop of another server's live turn by asking its owner, and ends a dead server's turn itself", async () => {
    const { sessionId, projectId } = await newSession();
    const db = await getDb();
    const live = await claimElsewhere(sessionId, inSeconds(60));
    if (!("turn" in live)) throw new Error("the session should be free");
    const stop = () => call(stopSession, { user: owner, params: { projectId, sessionId }, method: "POST" });

    expect((await stop()).data).toEqual({ stopped: true });
    expect(await db.agentTurn.findUniqueOrThrow({ where: { id: live.turn.id } })).toMatchObject({ status: "running", stopRequestedAt: expect.any(Date) });

    // Its server died: the lease runs out and nobody would see the request, so the stop ends it.
    await db.agentTurn.update({ where: { id: live.turn.id }, data: { leaseUntil: inSeconds(-1) } });
    expect((await stop()).data).toEqual({ stopped: true });
    expect(await db.agentTurn.findUniqueOrThrow({ where: { id: live.turn.id } })).toMatchObject({ status: "interrupted", error: "Stopped by the user" });
    expect((await stop()).data).toEqual({ stopped: false });
  });

  it("sweeps at start-up only the turns whose lease ran out", async () => {
    const [a, b] = [await newSession(), await newSession()];
    const db = await getDb();
    const live = await claimElsewhere(a.sessionId, inSeconds(60));
    const dead = await claimElsewhere(b.sessionId, inSeconds(-1));
    if (!("turn" in live) || !("turn" in dead)) throw new Error("the sessions should be free");
    // Started before the (simulated) restart, and before any other test file's turns.
    await db.agentTurn.updateMany({ where: { id: { in: [live.turn.id, dead.turn.id] } }, data: { startedAt: new Date("1990-01-01") } });

    expect(await interruptOrphanTurns({ olderThan: new Date("1991-01-01") })).toBe(1);
    expect(await db.agentTurn.findUniqueOrThrow({ where: { id: live.turn.id } })).toMatchObject({ status: "running" });
    expect(await db.agentTurn.findUniqueOrThrow({ where: { id: dead.turn.id } })).toMatchObject({ status: "interrupted", error: expect.stringMatching(/server stopped/i) });
    await db.agentTurn.update({ where: { id: live.turn.id }, data: { status: "completed", endedAt: new Date() } });
  });

  it("runs one turn per session: another server's running turn makes a new one 409, storing nothing", async () => {
    const { sessionId } = await newSession();
    const db = await getDb();
    const live = await claimElsewhere(sessionId, inSeconds(60));
    if (!("turn" in live)) throw new Error("the session should be free");
    const before = await db.agentMessage.count({ where: { sessionId } });
    const turnsBefore = await db.agentTurn.count({ where: { sessionId } });

    const refused = await ask({ prompt: "execute code\n```js\n2\n```", sessionId });
    expect(refused.status).toBe(409);
    expect(refused.data.error).toMatchObject({ code: "conflict:turn_running", message: "A turn is already running in this session; stop it or wait" });
    expect(await db.agentMessage.count({ where: { sessionId } })).toBe(before);
    expect(await db.agentTurn.count({ where: { sessionId } })).toBe(turnsBefore);

    // Once that server is gone (its lease ran out), the next prompt supersedes its turn.
    await db.agentTurn.update({ where: { id: live.turn.id }, data: { leaseUntil: inSeconds(-1) } });
    const next = await ask({ prompt: "execute code\n```js\n2\n```", sessionId });
    expect(next.data.status, JSON.stringify(next.data)).toBe("completed");
    expect(await db.agentTurn.findUniqueOrThrow({ where: { id: live.turn.id } })).toMatchObject({ status: "interrupted", error: "Superseded by a newer message" });
  });

  it("lets exactly one of two servers claiming a session at once run", async () => {
    const { sessionId } = await newSession();
    const db = await getDb();
    const claims = await Promise.all(
      ["server-a", "server-b"].map((ownerId) =>
        claimTurnRow({ sessionId, source: "api", model: "offline", checkpointSnapshotId: null, ownerId, leaseUntil: inSeconds(60) }),
      ),
    );
    expect(claims.filter((c) => "turn" in c)).toHaveLength(1);
    expect(claims.filter((c) => "busy" in c)).toHaveLength(1);
    expect(await db.agentTurn.count({ where: { sessionId, status: "running" } })).toBe(1);
    await db.agentTurn.updateMany({ where: { sessionId, status: "running" }, data: { status: "completed", endedAt: new Date() } });
  });
});
