import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { GET as headRoute } from "@/app/api/projects/[projectId]/head/route";
import { DELETE as leaveRoute, POST as heartbeatRoute } from "@/app/api/projects/[projectId]/presence/route";
import { getDatabase, getDb } from "@/lib/db/client";
import { openDatabase } from "@/lib/db/open";
import { getHeadHub, HeadHub } from "@/lib/head-channel/hub";
import { headEventSchema, type HeadEvent, type PresenceEvent } from "@/lib/head-channel/types";
import { avatarColour } from "@/lib/presence/avatar";
import { createProject } from "@/lib/projects/service";
import { call, signUpUser, type TestUser } from "./helpers";

async function newProject(name = "Presence Owner") {
  const user = await signUpUser(name);
  const project = await createProject({ caller: { userId: user.userId, name, email: user.email }, name: "presence" });
  return { user, projectId: project.id };
}

async function addMember(projectId: string, user: TestUser, role: "editor" | "viewer") {
  const db = await getDb();
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId } });
  await db.membership.create({ data: { workspaceId: project.workspaceId, userId: user.userId, role } });
}

const heartbeat = (user: TestUser | undefined, projectId: string, body: unknown) =>
  call(heartbeatRoute, { user, params: { projectId }, url: `/api/projects/${projectId}/presence`, json: body });
const leave = (user: TestUser, projectId: string, clientId: string) =>
  call(leaveRoute, { user, params: { projectId }, url: `/api/projects/${projectId}/presence`, method: "DELETE", json: { clientId } });

/** Presence events as a subscriber receives them; `until` waits for the first one that matches. */
function presenceEvents() {
  const seen: PresenceEvent[] = [];
  const waiters: { match: (e: PresenceEvent) => boolean; resolve: (e: PresenceEvent) => void }[] = [];
  return {
    seen,
    send(event: HeadEvent) {
      if (event.type !== "presence") return;
      seen.push(event);
      for (const w of [...waiters])
        if (w.match(event)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(event);
        }
    },
    until(match: (e: PresenceEvent) => boolean): Promise<PresenceEvent> {
      const found = seen.findLast(() => true);
      if (found && match(found)) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
}

const paths = (e: PresenceEvent) => e.tabs.map((t) => `${t.tab}:${t.path ?? "-"}`).sort();

describe("presence", () => {
  it("shows a tab that joins with the file it has in front, follows it to another file and drops it when it leaves", async () => {
    const { user, projectId } = await newProject();
    const hub = await getHeadHub();
    const events = presenceEvents();
    const unsubscribe = await hub.subscribe({ projectId, since: undefined, send: events.send });
    expect(events.seen[0]).toEqual({ type: "presence", tabs: [] });

    const tab = randomUUID();
    expect((await heartbeat(user, projectId, { clientId: tab, path: "src/a.ts" })).status).toBe(204);
    const joined = await events.until((e) => e.tabs.length === 1);
    expect(joined.tabs).toEqual([{ tab, userId: user.userId, name: "Presence Owner", initial: "P", colour: avatarColour(user.userId), path: "src/a.ts" }]);

    // A path is normalized like any other project path.
    await heartbeat(user, projectId, { clientId: tab, path: "src//b.ts" });
    await events.until((e) => e.tabs[0]?.path === "src/b.ts");
    const count = events.seen.length;
    // A heartbeat that changes nothing tells no one.
    await heartbeat(user, projectId, { clientId: tab, path: "src/b.ts" });
    await heartbeat(user, projectId, { clientId: tab, path: null });
    await events.until((e) => e.tabs[0]?.path === null);
    expect(events.seen.length).toBe(count + 1);

    expect((await leave(user, projectId, tab)).status).toBe(204);
    await events.until((e) => e.tabs.length === 0);
    unsubscribe();
  });

  it("drops a tab that stops beating once it expires, without anyone announcing it, and shows it again when it comes back", async () => {
    const { user, projectId } = await newProject();
    const hub = await getHeadHub();
    const events = presenceEvents();
    const unsubscribe = await hub.subscribe({ projectId, since: undefined, send: events.send });
    const [quiet, lively] = [randomUUID(), randomUUID()];
    await heartbeat(user, projectId, { clientId: quiet, path: "quiet.txt" });
    await events.until((e) => e.tabs.length === 1);
    // As if its last beat was 44 s ago: it has a second left.
    const db = await getDb();
    await db.$executeRaw`UPDATE project_presence SET "seenAt" = now() - interval '44 seconds' WHERE "clientId" = ${quiet}`;
    await heartbeat(user, projectId, { clientId: lively, path: "lively.txt" });
    await events.until((e) => e.tabs.length === 2);
    expect(paths(await events.until((e) => e.tabs.length === 1))).toEqual([`${lively}:lively.txt`]);

    await heartbeat(user, projectId, { clientId: quiet, path: "quiet.txt" });
    expect(paths(await events.until((e) => e.tabs.length === 2))).toEqual([`${lively}:lively.txt`, `${quiet}:quiet.txt`].sort());
    // The expired row was replaced, not kept beside the new one.
    expect(await db.projectPresence.count({ where: { projectId } })).toBe(2);
    unsubscribe();
  });

  it("streams presence on the head route, and several people see each other with their own colours", async () => {
    const { user: owner, projectId } = await newProject("Ada");
    const viewer = await signUpUser("Bob");
    await addMember(projectId, viewer, "viewer");
    const abort = new AbortController();
    const res = await headRoute(new Request(`http://localhost:3000/api/projects/${projectId}/head`, { headers: viewer.headers, signal: abort.signal }), {
      params: Promise.resolve({ projectId }),
    });
    expect(res.status).toBe(200);
    const events = presenceEvents();
    const blocks: string[] = [];
    void (async () => {
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        buffer += chunk.value;
        for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          blocks.push(block);
          const data = block.split("\n").find((l) => l.startsWith("data: "));
          if (data) events.send(headEventSchema.parse(JSON.parse(data.slice(6))));
        }
      }
    })().catch(() => undefined);

    const [ownerTab, viewerTab] = [randomUUID(), randomUUID()];
    expect((await heartbeat(owner, projectId, { clientId: ownerTab, path: "README.md" })).status).toBe(204);
    // A viewer may be present too: presence needs only project:read.
    expect((await heartbeat(viewer, projectId, { clientId: viewerTab, path: null })).status).toBe(204);
    const both = await events.until((e) => e.tabs.length === 2);
    expect(both.tabs.map((t) => [t.name, t.initial, t.path])).toEqual([
      ["Ada", "A", "README.md"],
      ["Bob", "B", null],
    ]);
    expect(both.tabs[0]!.colour).toBe(avatarColour(owner.userId));
    // Presence events carry no SSE id: the id EventSource resumes from stays the snapshot's.
    expect(blocks.filter((b) => b.includes("event: presence")).every((b) => !b.includes("\nid:") && !b.startsWith("id:"))).toBe(true);
    abort.abort();
  });

  it("refuses strangers (404), the signed out (401), bad input (400) and another user's tab id (409), changing nothing", async () => {
    const { user, projectId } = await newProject();
    const stranger = await signUpUser();
    const tab = randomUUID();
    expect((await heartbeat(user, projectId, { clientId: tab, path: "mine.txt" })).status).toBe(204);
    const db = await getDb();
    const before = await db.projectPresence.findMany({ where: { projectId } });

    expect((await heartbeat(stranger, projectId, { clientId: randomUUID(), path: null })).status).toBe(404);
    expect((await leave(stranger, projectId, tab)).status).toBe(404);
    expect((await heartbeat(undefined, projectId, { clientId: randomUUID(), path: null })).status).toBe(401);
    for (const body of [
      { clientId: "short", path: null },
      { clientId: "x".repeat(65), path: null },
      { clientId: randomUUID(), path: "../outside" },
      { clientId: randomUUID(), path: "/etc/passwd" },
      { clientId: randomUUID(), path: "a\u0000b" },
      { clientId: randomUUID(), path: "\ud800" },
      { clientId: randomUUID() },
      { path: "a.txt" },
    ]) {
      const res = await heartbeat(user, projectId, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.data.error.message).toBeTruthy();
    }
    // Someone who learned the id (it is shown to every reader) cannot move or remove the tab.
    const member = await signUpUser();
    await addMember(projectId, member, "editor");
    expect((await heartbeat(member, projectId, { clientId: tab, path: "theirs.txt" })).status).toBe(409);
    expect((await leave(member, projectId, tab)).status).toBe(204);
    expect(await db.projectPresence.findMany({ where: { projectId } })).toEqual(before);
  });

  it("shows at most 20 tabs of one person on a project; beyond that a new tab is refused (429) while the others go on", async () => {
    const { user, projectId } = await newProject();
    const tabs = Array.from({ length: 20 }, () => randomUUID());
    for (const tab of tabs) expect((await heartbeat(user, projectId, { clientId: tab, path: null })).status).toBe(204);
    const refused = await heartbeat(user, projectId, { clientId: randomUUID(), path: null });
    expect(refused.status).toBe(429);
    expect(refused.data.error.message).toMatch(/close some/);
    expect((await heartbeat(user, projectId, { clientId: tabs[0], path: "still.txt" })).status).toBe(204);
    // Another person is not held back by it.
    const member = await signUpUser();
    await addMember(projectId, member, "viewer");
    expect((await heartbeat(member, projectId, { clientId: randomUUID(), path: null })).status).toBe(204);
    // A closed tab frees its place.
    await leave(user, projectId, tabs[1]!);
    expect((await heartbeat(user, projectId, { clientId: randomUUID(), path: null })).status).toBe(204);
    const db = await getDb();
    expect(await db.projectPresence.count({ where: { projectId, userId: user.userId } })).toBe(20);
  });

  it("a tab on two app instances: both hubs see a tab join, change file and leave", async () => {
    const { user, projectId } = await newProject();
    const database = process.env.DATABASE_URL ? await openDatabase({ url: process.env.DATABASE_URL }) : await getDatabase();
    const second = await HeadHub.open(database);
    opened.push(second, ...(process.env.DATABASE_URL ? [database] : []));
    const [a, b] = [presenceEvents(), presenceEvents()];
    const leaveA = await (await getHeadHub()).subscribe({ projectId, since: undefined, send: a.send });
    const leaveB = await second.subscribe({ projectId, since: undefined, send: b.send });
    const tab = randomUUID();
    await heartbeat(user, projectId, { clientId: tab, path: "one.ts" });
    await Promise.all([a, b].map((events) => events.until((e) => e.tabs[0]?.path === "one.ts")));
    await heartbeat(user, projectId, { clientId: tab, path: "two.ts" });
    await Promise.all([a, b].map((events) => events.until((e) => e.tabs[0]?.path === "two.ts")));
    await leave(user, projectId, tab);
    await Promise.all([a, b].map((events) => events.until((e) => e.tabs.length === 0)));
    leaveA();
    leaveB();
  });
});

const opened: { close: () => Promise<void> }[] = [];
afterAll(async () => {
  for (const o of opened) await o.close();
});
