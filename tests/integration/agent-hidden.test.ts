import { beforeAll, describe, expect, it } from "vitest";
import { POST as agent } from "@/app/api/agent/route";
import { POST as chat } from "@/app/api/projects/[projectId]/agent/sessions/[sessionId]/chat/route";
import { GET as getSession, PATCH as patchSession } from "@/app/api/projects/[projectId]/agent/sessions/[sessionId]/route";
import { POST as stopSession } from "@/app/api/projects/[projectId]/agent/sessions/[sessionId]/stop/route";
import { GET as getChanges } from "@/app/api/projects/[projectId]/agent/turns/[turnId]/changes/route";
import { POST as review } from "@/app/api/projects/[projectId]/agent/turns/[turnId]/review/route";
import { POST as stopTurn } from "@/app/api/projects/[projectId]/agent/turns/[turnId]/stop/route";
import { POST as undo } from "@/app/api/projects/[projectId]/agent/turns/[turnId]/undo/route";
import { POST as createProject } from "@/app/api/projects/route";
import { getDb } from "@/lib/db/client";
import { call, signUpUser, type TestUser } from "./helpers";

// Someone else's turn or session must answer exactly like one that does not exist: same status,
// same code, same message, so the answer tells nothing about what exists.

let alice: TestUser;
let bob: TestUser;
let alicesProject: string;
let bobsProject: string;
let alicesTurn: string;
let alicesSession: string;

beforeAll(async () => {
  [alice, bob] = await Promise.all([signUpUser("Alice"), signUpUser("Bob")]);
  const created = await call(createProject, { user: alice, json: { name: "Alice's" } });
  alicesProject = created.data.project.id;
  bobsProject = (await call(createProject, { user: bob, json: { name: "Bob's" } })).data.project.id;
  const turn = await call(agent, { user: alice, url: "/api/agent", json: { prompt: "execute code\n```js\n1 + 1\n```", projectId: alicesProject } });
  expect(turn.status).toBe(200);
  alicesSession = turn.data.sessionId;
  alicesTurn = turn.data.turnId;
});

type Answer = { status: number; data: any };

const turnRoutes: [string, (projectId: string, turnId: string) => Promise<Answer>][] = [
  ["stop", (projectId, turnId) => call(stopTurn, { user: bob, params: { projectId, turnId }, method: "POST" })],
  ["changes", (projectId, turnId) => call(getChanges, { user: bob, params: { projectId, turnId } })],
  ["review", (projectId, turnId) => call(review, { user: bob, params: { projectId, turnId }, json: { path: "a.txt", decision: "reject" } })],
  ["undo", (projectId, turnId) => call(undo, { user: bob, params: { projectId, turnId }, method: "POST" })],
];

const sessionRoutes: [string, (projectId: string, sessionId: string) => Promise<Answer>][] = [
  ["read", (projectId, sessionId) => call(getSession, { user: bob, params: { projectId, sessionId } })],
  ["update", (projectId, sessionId) => call(patchSession, { user: bob, params: { projectId, sessionId }, method: "PATCH", json: { title: "mine" } })],
  ["stop", (projectId, sessionId) => call(stopSession, { user: bob, params: { projectId, sessionId }, method: "POST" })],
  [
    "chat",
    (projectId, sessionId) =>
      call(chat, { user: bob, params: { projectId, sessionId }, json: { message: { role: "user", parts: [{ type: "text", text: "hi" }] } } }),
  ],
];

const shape = (answer: Answer) => ({ status: answer.status, code: answer.data.error?.code, message: answer.data.error?.message });

describe("agent routes: someone else's turn or session looks like a missing one", () => {
  it.each(turnRoutes)("turn %s", async (_name, send) => {
    const missing = shape(await send(bobsProject, "no-such-turn"));
    expect(missing.status).toBe(404);
    expect(shape(await send(bobsProject, alicesTurn))).toEqual(missing);
    expect(shape(await send(alicesProject, alicesTurn))).toEqual(shape(await send(alicesProject, "no-such-turn")));
  });

  it.each(sessionRoutes)("session %s", async (_name, send) => {
    const missing = shape(await send(bobsProject, "no-such-session"));
    expect(missing.status).toBe(404);
    expect(shape(await send(bobsProject, alicesSession))).toEqual(missing);
    expect(shape(await send(alicesProject, alicesSession))).toEqual(shape(await send(alicesProject, "no-such-session")));
  });

  it("left Alice's turn and session as they were", async () => {
    const db = await getDb();
    const turn = await db.agentTurn.findUniqueOrThrow({ where: { id: alicesTurn }, include: { session: true } });
    expect(turn.status).toBe("completed");
    expect(turn.session.title).not.toBe("mine");
  });
});
