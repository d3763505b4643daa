import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as headRoute } from "@/app/api/projects/[projectId]/head/route";
import { POST as heartbeatRoute } from "@/app/api/projects/[projectId]/presence/route";
import { getDatabase, getDb } from "@/lib/db/client";
import { openDatabase } from "@/lib/db/open";
import { listPresence } from "@/lib/db/queries/presence";
import { HeadHub } from "@/lib/head-channel/hub";
import type { HeadEvent, PresenceEvent } from "@/lib/head-channel/types";
import { createProject } from "@/lib/projects/service";
import { call, signUpUser, type TestUser } from "./helpers";

// An open head stream keeps its tab present without heartbeats (a long-hidden tab's timers may run
// once a minute, slower than presence expires). Expiry is cut to 2 s here (PRESENCE_TTL_SECONDS),
// and the hub marks its streams' tabs seen every 400 ms.

const ttlSeconds = 2;
beforeAll(() => {
  process.env.PRESENCE_TTL_SECONDS = String(ttlSeconds);
});
afterAll(async () => {
  delete process.env.PRESENCE_TTL_SECONDS;
  for (const o of opened) await o.close();
});

const opened: { close: () => Promise<void> }[] = [];
async function hub() {
  const database = process.env.DATABASE_URL ? await openDatabase({ url: process.env.DATABASE_URL }) : await getDatabase();
  const opening = await HeadHub.open(database, { presenceKeepMs: 400 });
  opened.push(opening, ...(process.env.DATABASE_URL ? [database] : []));
  return opening;
}

async function newProject(name: string) {
  const user = await signUpUser(name);
  const project = await createProject({ caller: { userId: user.userId, name, email: user.email }, name: "presence stream" });
  return { user, projectId: project.id };
}

const heartbeat = (user: TestUser, projectId: string, body: unknown) =>
  call(heartbeatRoute, { user, params: { projectId }, url: `/api/projects/${projectId}/presence`, json: body });

function presenceEvents() {
  const seen: PresenceEvent[] = [];
  return {
    seen,
    send: (event: HeadEvent) => void (event.type === "presence" && seen.push(event)),
    last: () => seen.at(-1)?.tabs.map((t) => `${t.tab}:${t.path ?? "-"}`).sort() ?? [],
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("presence kept by an open head stream", () => {
  it("keeps a tab whose stream is open past the expiry without heartbeats, keeps its file, and drops it when the stream closes; a tab id of someone else's is not kept", async () => {
    const { user, projectId } = await newProject("Stream Keeper");
    const other = await signUpUser("Stream Stranger");
    const db = await getDb();
    const project = await db.project.findUniqueOrThrow({ where: { id: projectId } });
    await db.membership.create({ data: { workspaceId: project.workspaceId, userId: other.userId, role: "viewer" } });

    const [keeper, watcher] = [await hub(), await hub()];
    const events = presenceEvents();
    const leaveWatcher = await watcher.subscribe({ projectId, since: undefined, send: events.send });
    const [mine, theirs] = [randomUUID(), randomUUID()];
    expect((await heartbeat(user, projectId, { clientId: mine, path: "kept.ts" })).status).toBe(204);
    expect((await heartbeat(other, projectId, { clientId: theirs, path: "theirs.ts" })).status).toBe(204);
    await expect.poll(events.last, { timeout: 10_000 }).toEqual([`${mine}:kept.ts`, `${theirs}:theirs.ts`].sort());

    const leaveMine = await keeper.subscribe({ projectId, userId: user.userId, tab: mine, since: undefined, send: () => {} });
    // Someone else's tab id on this user's stream: not theirs to keep.
    const leaveTheirs = await keeper.subscribe({ projectId, userId: user.userId, tab: theirs, since: undefined, send: () => {} });

    // Three expiries without a heartbeat: the other user's tab (no stream of theirs) goes, this one stays.
    await expect.poll(events.last, { timeout: 10_000 }).toEqual([`${mine}:kept.ts`]);
    await sleep(3 * ttlSeconds * 1000);
    expect((await listPresence({ projectId })).map((r) => `${r.clientId}:${r.path}`)).toEqual([`${mine}:kept.ts`]);
    expect(events.last()).toEqual([`${mine}:kept.ts`]);
    expect(events.seen.every((e) => e.tabs.length === 0 || e.tabs.some((t) => t.tab === mine) || e.tabs.every((t) => t.tab === theirs))).toBe(true);

    leaveTheirs();
    leaveMine();
    await expect.poll(events.last, { timeout: 10_000 }).toEqual([]);
    leaveWatcher();
  });

  it("a heartbeat after the stream's last touch keeps the tab when its stream closes (it expires later by itself)", async () => {
    const { user, projectId } = await newProject("Stream Beater");
    const [keeper, watcher] = [await hub(), await hub()];
    const events = presenceEvents();
    const leaveWatcher = await watcher.subscribe({ projectId, since: undefined, send: events.send });
    const tab = randomUUID();
    const leave = await keeper.subscribe({ projectId, userId: user.userId, tab, since: undefined, send: () => {} });
    // The stream alone shows the tab (no file in front until a heartbeat says one).
    await expect.poll(events.last, { timeout: 10_000 }).toEqual([`${tab}:-`]);
    expect((await heartbeat(user, projectId, { clientId: tab, path: "later.ts" })).status).toBe(204);
    await expect.poll(events.last, { timeout: 10_000 }).toEqual([`${tab}:later.ts`]);
    // Close right after a heartbeat, before the keeper's next round.
    leave();
    await sleep(100);
    expect((await listPresence({ projectId })).map((r) => r.clientId)).toEqual([tab]);
    await expect.poll(events.last, { timeout: 10_000 }).toEqual([]);
    leaveWatcher();
  });

  it("the head route takes the tab id and refuses a malformed one (400)", async () => {
    const { user, projectId } = await newProject("Stream Route");
    const res = await headRoute(new Request(`http://localhost:3000/api/projects/${projectId}/head?tab=not%20an%20id`, { headers: user.headers }), {
      params: Promise.resolve({ projectId }),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain("clientId");
  });
});
