import { beforeAll, describe, expect, it } from "vitest";
import { POST as agent } from "@/app/api/agent/route";
import { DELETE as deleteSession, GET as getSession, PATCH as patchSession } from "@/app/api/projects/[projectId]/agent/sessions/[sessionId]/route";
import { GET as listSessions, POST as createSession } from "@/app/api/projects/[projectId]/agent/sessions/route";
import { POST as createProject } from "@/app/api/projects/route";
import { getDb } from "@/lib/db/client";
import { getHeadHub } from "@/lib/head-channel/hub";
import type { HeadEvent } from "@/lib/head-channel/types";
import { call, signUpUser, type TestUser } from "./helpers";

// Renaming, deleting and searching chats, through the real routes and guards: a chat is its
// owner's alone (anyone else, teammates included, gets the 404 a missing chat gets), the owner
// needs the agent permission on the project, bad input is a 400 naming the field, and a chat whose
// turn some server runs is not deleted from under it.

let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let projectId: string;

const sessionUrl = (id: string) => ({ projectId, sessionId: id });
const newChat = async (title: string) => (await call(createSession, { user: alice, params: { projectId }, json: { title } })).data.session.id as string;
/** A chat whose first turn (the built-in agent) says `text` back in its answer. */
const chatSaying = async (text: string) => {
  const turn = await call(agent, { user: alice, json: { projectId, sessionId: await newChat("Untitled work"), prompt: `execute code\n\`\`\`js\n"${text}"\n\`\`\`` } });
  expect(turn.status).toBe(200);
  return turn.data.sessionId as string;
};
const search = (user: TestUser, query: Record<string, string>) =>
  call(listSessions, { user, params: { projectId }, url: `/api/projects/${projectId}/agent/sessions?${new URLSearchParams(query)}` });

beforeAll(async () => {
  [alice, bob, carol] = await Promise.all([signUpUser("Alice"), signUpUser("Bob"), signUpUser("Carol")]);
  projectId = (await call(createProject, { user: alice, json: { name: "Chats" } })).data.project.id;
  // Carol edits the project (a teammate), Bob is a stranger.
  const db = await getDb();
  const { workspaceId } = await db.project.findUniqueOrThrow({ where: { id: projectId } });
  await db.membership.create({ data: { workspaceId, userId: carol.userId, role: "editor" } });
});

describe("rename", () => {
  it("sets the title the owner typed, trimmed, and lists it", async () => {
    const id = await newChat("first try");
    const renamed = await call(patchSession, { user: alice, params: sessionUrl(id), method: "PATCH", json: { title: "  Login bug  " } });
    expect(renamed.status).toBe(200);
    expect(renamed.data.session.title).toBe("Login bug");
    expect((await search(alice, {})).data.sessions.find((s: { id: string }) => s.id === id).title).toBe("Login bug");
  });

  it.each([
    ["empty", "   ", /Session title is required/],
    ["too long", "x".repeat(201), /limited to 200 characters/],
    ["not text", 42, /Session title must be text/],
  ])("refuses a title that is %s with a 400 naming the field", async (_name, title, message) => {
    const id = await newChat("keep me");
    const res = await call(patchSession, { user: alice, params: sessionUrl(id), method: "PATCH", json: { title } });
    expect(res.status).toBe(400);
    expect(res.data.error.message).toMatch(message);
    expect((await call(getSession, { user: alice, params: sessionUrl(id) })).data.session.title).toBe("keep me");
  });
});

describe("delete", () => {
  it("deletes the chat with its messages, turns and tool runs, and leaves the project's files alone", async () => {
    const id = await chatSaying("to be forgotten");
    const db = await getDb();
    const turnIds = (await db.agentTurn.findMany({ where: { sessionId: id }, select: { id: true } })).map((t) => t.id);
    expect(turnIds.length).toBeGreaterThan(0);
    const snapshotsBefore = await db.snapshot.count({ where: { projectId } });

    const res = await call(deleteSession, { user: alice, params: sessionUrl(id), method: "DELETE" });
    expect(res.status).toBe(204);
    expect(await db.agentMessage.count({ where: { sessionId: id } })).toBe(0);
    expect(await db.agentTurn.count({ where: { sessionId: id } })).toBe(0);
    expect(await db.agentToolRun.count({ where: { turnId: { in: turnIds } } })).toBe(0);
    expect(await db.snapshot.count({ where: { projectId } })).toBe(snapshotsBefore);
    expect((await call(getSession, { user: alice, params: sessionUrl(id) })).status).toBe(404);
    expect((await search(alice, { q: "to be forgotten" })).data.sessions).toEqual([]);
    // A second delete finds nothing.
    expect((await call(deleteSession, { user: alice, params: sessionUrl(id), method: "DELETE" })).status).toBe(404);
  });

  it("refuses while a server runs one of its turns, saying to stop it first, and keeps the chat", async () => {
    const id = await chatSaying("still running");
    const db = await getDb();
    const turn = await db.agentTurn.findFirstOrThrow({ where: { sessionId: id } });
    // A turn some server holds the lease of, as a running turn looks to every other server.
    await db.agentTurn.update({ where: { id: turn.id }, data: { status: "running", endedAt: null, ownerId: "elsewhere", leaseUntil: new Date(Date.now() + 60_000) } });
    const res = await call(deleteSession, { user: alice, params: sessionUrl(id), method: "DELETE" });
    expect(res.status).toBe(409);
    expect(res.data.error).toMatchObject({ code: "conflict:turn_running", message: expect.stringMatching(/Stop its turn, then delete the chat/) });
    expect(await db.agentSession.count({ where: { id } })).toBe(1);

    // Once the lease ran out (the server stopped), nothing runs it and the chat can go.
    await db.agentTurn.update({ where: { id: turn.id }, data: { leaseUntil: new Date(Date.now() - 1000) } });
    expect((await call(deleteSession, { user: alice, params: sessionUrl(id), method: "DELETE" })).status).toBe(204);
  });
});

describe("search", () => {
  it("finds chats by a word of a message, case-insensitively, with the text around it, and by title", async () => {
    const byMessage = await chatSaying("the quokka jumped");
    const byTitle = await newChat("Quokka notes");
    const other = await chatSaying("nothing to see");
    const res = await search(alice, { q: "QUOKKA" });
    expect(res.status).toBe(200);
    const found = res.data.sessions as { id: string; match: string | null }[];
    expect(found.map((s) => s.id).sort()).toEqual([byMessage, byTitle].sort());
    expect(found.find((s) => s.id === byMessage)!.match).toContain("the quokka jumped");
    expect(found.find((s) => s.id === byTitle)!.match).toBeNull();
    expect(found.map((s) => s.id)).not.toContain(other);
  });

  it("matches % and _ literally", async () => {
    const literal = await chatSaying("100%_done");
    await chatSaying("100 percent done");
    expect((await search(alice, { q: "100%_" })).data.sessions.map((s: { id: string }) => s.id)).toEqual([literal]);
  });

  it("pages newest first with a cursor until there are no more", async () => {
    const ids = [];
    for (const n of [1, 2, 3, 4, 5]) ids.push(await newChat(`pager chat ${n}`));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; data: { sessions: { id: string }[]; nextCursor: string | null } } = await search(alice, { q: "pager chat", limit: "2", ...(cursor ? { cursor } : {}) });
      expect(page.status).toBe(200);
      expect(page.data.sessions.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.sessions.map((s) => s.id));
      cursor = page.data.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  it.each([
    ["a limit of 0", { limit: "0" }],
    ["a limit past 200", { limit: "201" }],
    ["a search past 200 characters", { q: "q".repeat(201) }],
    ["a cursor that is not one", { cursor: "bm90IGEgY3Vyc29y" }],
  ])("refuses %s with a 400", async (_name, query) => {
    const res = await search(alice, query);
    expect(res.status).toBe(400);
    expect(res.data.error.message).toBeTruthy();
  });

  it("finds only the caller's own chats: a teammate and a stranger see none of Alice's", async () => {
    await chatSaying("alice's secret word zebra");
    expect((await search(alice, { q: "zebra" })).data.sessions).toHaveLength(1);
    expect((await search(carol, { q: "zebra" })).data.sessions).toEqual([]);
    // Bob cannot read the project at all.
    expect((await search(bob, { q: "zebra" })).status).toBe(404);
  });
});

describe("who may rename and delete a chat", () => {
  const rename = (user: TestUser, id: string) => call(patchSession, { user, params: sessionUrl(id), method: "PATCH", json: { title: "taken over" } });
  const remove = (user: TestUser, id: string) => call(deleteSession, { user, params: sessionUrl(id), method: "DELETE" });

  it.each([
    ["a teammate who edits the project", () => carol],
    ["a stranger", () => bob],
  ])("%s gets the 404 of a missing chat, and the chat stays as it was", async (_name, who) => {
    const id = await newChat("Alice's own");
    for (const res of [await rename(who(), id), await remove(who(), id)]) {
      expect(res.status).toBe(404);
      expect(res.data.error.code).toBe("not_found:session");
    }
    expect((await call(getSession, { user: alice, params: sessionUrl(id) })).data.session.title).toBe("Alice's own");
  });

  it("the owner, once only a viewer of the project, may no longer rename or delete it (403)", async () => {
    const id = await (async () => {
      const chat = await call(createSession, { user: carol, params: { projectId }, json: { title: "Carol's" } });
      return chat.data.session.id as string;
    })();
    const db = await getDb();
    const { workspaceId } = await db.project.findUniqueOrThrow({ where: { id: projectId } });
    await db.membership.update({ where: { workspaceId_userId: { workspaceId, userId: carol.userId } }, data: { role: "viewer" } });
    try {
      expect((await rename(carol, id)).status).toBe(403);
      expect((await remove(carol, id)).status).toBe(403);
      expect(await db.agentSession.count({ where: { id } })).toBe(1);
    } finally {
      await db.membership.update({ where: { workspaceId_userId: { workspaceId, userId: carol.userId } }, data: { role: "editor" } });
    }
  });
});

describe("other tabs", () => {
  it("the owner's open tabs are told on the head channel when a chat is started, renamed or deleted; nobody else is", async () => {
    const hub = await getHeadHub();
    const owners: HeadEvent[] = [];
    const teammates: HeadEvent[] = [];
    const leave = [
      await hub.subscribe({ projectId, userId: alice.userId, since: undefined, send: (event) => owners.push(event) }),
      await hub.subscribe({ projectId, userId: carol.userId, since: undefined, send: (event) => teammates.push(event) }),
    ];
    try {
      const told = () => owners.filter((e) => e.type === "sessions");
      const id = await newChat("announced");
      await expect.poll(told, { timeout: 10_000 }).toEqual([{ type: "sessions", sessionId: id }]);
      await call(patchSession, { user: alice, params: sessionUrl(id), method: "PATCH", json: { title: "renamed" } });
      // Settings other than the title change no list.
      await call(patchSession, { user: alice, params: sessionUrl(id), method: "PATCH", json: { approvalMode: "ask" } });
      await call(deleteSession, { user: alice, params: sessionUrl(id), method: "DELETE" });
      await expect.poll(() => told().length, { timeout: 10_000 }).toBe(3);
      expect(told()).toEqual([1, 2, 3].map(() => ({ type: "sessions", sessionId: id })));
      expect(teammates.filter((e) => e.type === "sessions")).toEqual([]);
    } finally {
      for (const each of leave) each();
    }
  });
});
