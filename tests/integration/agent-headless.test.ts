import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as agent } from "@/app/api/agent/route";
import { GET as getSession, PATCH as patchSession } from "@/app/api/projects/[projectId]/agent/sessions/[sessionId]/route";
import { POST as createProject } from "@/app/api/projects/route";
import { POST as createToken } from "@/app/api/tokens/route";
import { getDb } from "@/lib/db/client";
import { call, signUpUser, type TestUser } from "./helpers";

// The built-in offline agent through POST /api/agent, as a script or the seed's dialogue would call it.
const withToken = (secret: string): TestUser => ({ userId: "", email: "", headers: new Headers({ authorization: `Bearer ${secret}`, host: "localhost:3000" }) });

describe("POST /api/agent (offline agent)", () => {
  let bearer: TestUser;
  let owner: TestUser;

  beforeAll(async () => {
    owner = await signUpUser("Headless");
    const { data } = await call(createToken, { user: owner, json: { name: "tests" } });
    bearer = withToken(data.secret);
  });

  afterEach(() => {
    delete process.env.AGENT_API_GUEST;
  });

  const guest: TestUser = { userId: "", email: "", headers: new Headers({ host: "localhost:3000" }) };
  const ask = (json: unknown, user: TestUser = bearer) => call(agent, { user, json, url: "/api/agent" });

  it("runs code, remembers it, lists history and variables across requests", async () => {
    const first = await ask({ prompt: "execute code\n```js\nconst a = 5; const b = 10; a + b;\n```" });
    expect(first.status).toBe(200);
    expect(first.data.response).toContain("15");
    const sessionId = first.data.sessionId as string;
    expect(sessionId).toBeTruthy();

    const last = await ask({ prompt: "what was the last code I ran?", sessionId });
    expect(last.data.sessionId).toBe(sessionId);
    expect(last.data.response).toContain("const a = 5; const b = 10; a + b;");

    const define = await ask({ prompt: "define variable x as 42", sessionId });
    expect(define.data.response).toContain("x");
    const useIt = await ask({ prompt: "execute code\n```js\nx * 2\n```", sessionId });
    expect(useIt.data.response).toContain("84");

    const python = await ask({ prompt: "execute code\n```python\nprint('hi from python')\n6 * 7\n```", sessionId });
    expect(python.data.response).toContain("hi from python");
    expect(python.data.response).toContain("42");

    const history = await ask({ prompt: "show me the execution history", sessionId });
    expect(history.data.response).toContain("a + b");
    expect(history.data.response).toContain("x * 2");
    expect(history.data.response).toContain("6 * 7");

    const help = await ask({ prompt: "hello there", sessionId });
    expect(help.data.response).toMatch(/offline agent/i);
    expect(help.data.response).toContain("OPENAI_API_KEY");

    // The conversation is stored: the owner sees it in the session's messages, in order.
    const db = await getDb();
    const session = await db.agentSession.findUniqueOrThrow({ where: { id: sessionId } });
    const detail = await call(getSession, { user: owner, params: { projectId: session.projectId, sessionId } });
    expect(detail.status).toBe(200);
    expect(detail.data.messages).toHaveLength(14);
    expect(detail.data.turns.every((t: { status: string }) => t.status === "completed")).toBe(true);
    const runs = await db.agentToolRun.findMany({ where: { turn: { sessionId } } });
    expect(runs.map((r) => r.tool)).toEqual(["run_code", "run_code", "run_code"]);
    expect(runs[0]!.exitCode).toBe(0);
  });

  it("reports errors from the code, with the session still usable", async () => {
    const failed = await ask({ prompt: "execute code\n```js\nthrow new Error('boom')\n```" });
    expect(failed.status).toBe(200);
    expect(failed.data.response).toMatch(/Error/);
    expect(failed.data.response).toContain("boom");
    const next = await ask({ prompt: "what was the last code I ran?", sessionId: failed.data.sessionId });
    expect(next.data.response).toContain("throw new Error('boom')");
  });

  it("keeps both of two concurrent requests to one session", async () => {
    const first = await ask({ prompt: "define variable a as 1" });
    const sessionId = first.data.sessionId;
    const [one, two] = await Promise.all([
      ask({ prompt: "execute code\n```js\n'one'\n```", sessionId }),
      ask({ prompt: "execute code\n```js\n'two'\n```", sessionId }),
    ]);
    expect(one.status).toBe(200);
    expect(two.status).toBe(200);
    const history = await ask({ prompt: "show me the execution history", sessionId });
    expect(history.data.response).toContain("'one'");
    expect(history.data.response).toContain("'two'");
  });

  it("works in a scratch project created once per user", async () => {
    const a = await ask({ prompt: "execute code\n```js\n1\n```" });
    const b = await ask({ prompt: "execute code\n```js\n2\n```" });
    const db = await getDb();
    const [sa, sb] = await Promise.all([a, b].map((r) => db.agentSession.findUniqueOrThrow({ where: { id: r.data.sessionId } })));
    expect(sa!.projectId).toBe(sb!.projectId);
    const project = await db.project.findUniqueOrThrow({ where: { id: sa!.projectId } });
    expect(project.scratchFor).toBe(owner.userId);
  });

  it("answers bad requests with 4xx and a message", async () => {
    const bad = async (json: unknown, status: number, user?: TestUser) => {
      const res = await ask(json, user);
      expect(res.status, JSON.stringify(res.data)).toBe(status);
      expect(res.data.error.message).toBeTruthy();
      return res;
    };
    await bad({}, 400);
    await bad({ prompt: 5 }, 400);
    await bad({ prompt: "   " }, 400);
    await bad({ prompt: "x".repeat(100_001) }, 400);
    await bad({ prompt: "hi", sessionId: "no-such-session" }, 404);
    const res = await call(agent, { user: bearer, body: "{not json", url: "/api/agent", method: "POST" });
    expect(res.status).toBe(400);

    // Someone else's session is as unknown as a missing one.
    const mine = await ask({ prompt: "define variable y as 2" });
    const other = await signUpUser("Other");
    const { data } = await call(createToken, { user: other, json: { name: "other" } });
    await bad({ prompt: "what was the last code I ran?", sessionId: mine.data.sessionId }, 404, withToken(data.secret));
    await bad({ prompt: "hi" }, 401, withToken("ide_not-a-real-token-at-all-000000000000000000000"));
  });

  it("takes guests only when guest mode is on", async () => {
    process.env.AGENT_API_GUEST = "0";
    const refused = await ask({ prompt: "hi" }, guest);
    expect(refused.status).toBe(401);
    expect(refused.data.error.message).toMatch(/Bearer/);
    process.env.AGENT_API_GUEST = "1";
    const first = await ask({ prompt: "define variable g as 3" }, guest);
    expect(first.status).toBe(200);
    const again = await ask({ prompt: "execute code\n```js\ng + 1\n```", sessionId: first.data.sessionId }, guest);
    expect(again.data.response).toContain("4");
  });
});

describe("POST /api/agent without sessionId (the seed's contract)", () => {
  const tokenFor = async (user: TestUser) => withToken((await call(createToken, { user, json: { name: "seed" } })).data.secret);
  const ask = (json: unknown, user: TestUser) => call(agent, { user, json, url: "/api/agent" });

  it("remembers across requests: the seed's three prompts, in order, with no sessionId", async () => {
    const caller = await tokenFor(await signUpUser("Seed"));
    const first = await ask({ prompt: "execute code\n```js\nconst a = 5; const b = 10; a + b;\n```" }, caller);
    expect(first.status).toBe(200);
    expect(first.data.response).toContain("15");
    const last = await ask({ prompt: "What was the last code I ran?" }, caller);
    expect(last.status).toBe(200);
    expect(last.data.response).toContain("const a = 5; const b = 10; a + b;");
    const history = await ask({ prompt: "Show me the execution history" }, caller);
    expect(history.status).toBe(200);
    expect(history.data.response).toContain("const a = 5; const b = 10; a + b;");
    expect(history.data.response).toContain("result 15");
    // One session, named in every answer.
    expect(new Set([first, last, history].map((r) => r.data.sessionId)).size).toBe(1);
  });

  it("starts a fresh session with newSession, which becomes the default; one default per project", async () => {
    const owner = await signUpUser("Fresh");
    const caller = await tokenFor(owner);
    const old = await ask({ prompt: "execute code\n```js\n'old run'\n```" }, caller);
    const fresh = await ask({ prompt: "what was the last code I ran?", newSession: true }, caller);
    expect(fresh.data.sessionId).not.toBe(old.data.sessionId);
    expect(fresh.data.response).toMatch(/not run any code/);
    const next = await ask({ prompt: "show me the execution history" }, caller);
    expect(next.data.sessionId).toBe(fresh.data.sessionId);
    expect(next.data.response).toMatch(/No code has been run/);
    // The old session is still there by its id.
    const back = await ask({ prompt: "what was the last code I ran?", sessionId: old.data.sessionId }, caller);
    expect(back.data.response).toContain("'old run'");

    // Another project has its own default session.
    const project = (await call(createProject, { user: owner, json: { name: "Other" } })).data.project.id;
    const elsewhere = await ask({ prompt: "what was the last code I ran?", projectId: project }, caller);
    expect(elsewhere.data.sessionId).not.toBe(fresh.data.sessionId);
    expect((await ask({ prompt: "hi", projectId: project }, caller)).data.sessionId).toBe(elsewhere.data.sessionId);

    const both = await ask({ prompt: "hi", sessionId: old.data.sessionId, newSession: true }, caller);
    expect(both.status).toBe(400);
    expect(both.data.error.message).toMatch(/either sessionId .* or newSession/);
  });

  it("in Ask mode answers awaiting_approval, naming the call, and runs nothing", async () => {
    const owner = await signUpUser("Asker");
    const caller = await tokenFor(owner);
    const first = await ask({ prompt: "define variable n as 1" }, caller);
    const db = await getDb();
    const session = await db.agentSession.findUniqueOrThrow({ where: { id: first.data.sessionId } });
    const patched = await call(patchSession, { user: owner, params: { projectId: session.projectId, sessionId: session.id }, method: "PATCH", json: { approvalMode: "ask" } });
    expect(patched.status, JSON.stringify(patched.data)).toBe(200);
    const held = await ask({ prompt: "execute code\n```js\nrequire('fs').writeFileSync('asked.txt', 'x'); n + 1\n```" }, caller);
    expect(held.status).toBe(200);
    expect(held.data.status).toBe("awaiting_approval");
    expect(held.data.pendingApprovals).toEqual([{ toolCallId: expect.any(String), tool: "run_code", input: { language: "javascript", code: expect.stringContaining("asked.txt") } }]);
    expect(held.data.message).toMatch(/agent panel/);
    const runs = await db.agentToolRun.findMany({ where: { turnId: held.data.turnId } });
    expect(runs).toEqual([]);
    const project = await db.project.findUniqueOrThrow({ where: { id: session.projectId } });
    const head = await db.snapshot.findUniqueOrThrow({ where: { id: project.headSnapshotId! } });
    expect(head.author).not.toBe("agent");
  });
});
