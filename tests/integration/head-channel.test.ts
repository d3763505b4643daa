import { afterAll, describe, expect, it } from "vitest";
import { GET as headRoute } from "@/app/api/projects/[projectId]/head/route";
import { POST as saveRoute } from "@/app/api/projects/[projectId]/save/route";
import { getDb } from "@/lib/db/client";
import { listenerApplicationName } from "@/lib/db/listen";
import { openDatabase } from "@/lib/db/open";
import { applyChangeSet } from "@/lib/head-channel/apply";
import { computeChangeSet } from "@/lib/head-channel/change-set";
import { getHeadHub, HeadHub } from "@/lib/head-channel/hub";
import { headEventSchema, type HeadEvent } from "@/lib/head-channel/types";
import { createProject } from "@/lib/projects/service";
import { emptyTree } from "@/lib/snapshots/objects";
import { listFiles } from "@/lib/snapshots/read";
import { saveChanges, type SaveChange, type SaveResult } from "@/lib/snapshots/save";
import type { FileEntry } from "@/lib/validation/projects";
import { call, signUpUser, type TestUser } from "./helpers";

async function newProject(name = "head") {
  const user = await signUpUser();
  const project = await createProject({ caller: { userId: user.userId, name: "T", email: user.email }, name });
  return { user, projectId: project.id };
}

function save(user: TestUser, projectId: string, baseSnapshotId: string | null, changes: unknown[]) {
  return call(saveRoute, { user, params: { projectId }, url: `/api/projects/${projectId}/save`, json: { baseSnapshotId, changes } });
}

/** Events pushed by a subscriber, awaited one at a time. */
function eventQueue() {
  const events: HeadEvent[] = [];
  const waiters: ((e: HeadEvent) => void)[] = [];
  return {
    push(event: HeadEvent) {
      // Presence shares these streams; tests/integration/presence.test.ts follows it.
      if (event.type === "presence") return;
      const waiter = waiters.shift();
      if (waiter) waiter(event);
      else events.push(event);
    },
    next(): Promise<HeadEvent> {
      const event = events.shift();
      return event ? Promise.resolve(event) : new Promise((resolve) => waiters.push(resolve));
    },
  };
}

/** Opens the head route as a browser's EventSource would and parses what it streams. */
async function openHead(user: TestUser, projectId: string, since?: string, lastEventId?: string) {
  const abort = new AbortController();
  const url = `http://localhost:3000/api/projects/${projectId}/head${since ? `?since=${since}` : ""}`;
  const headers = new Headers(user.headers);
  if (lastEventId) headers.set("last-event-id", lastEventId);
  const res = await headRoute(new Request(url, { headers, signal: abort.signal }), { params: Promise.resolve({ projectId }) });
  const queue = eventQueue();
  const comments: string[] = [];
  const ids: string[] = [];
  if (res.ok) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = "";
      const reader = res.body!.getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        buffer += decoder.decode(chunk.value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(":")) comments.push(block);
          const id = block.split("\n").find((l) => l.startsWith("id: "));
          if (id) ids.push(id.slice(4));
          const data = block.split("\n").find((l) => l.startsWith("data: "));
          if (data) queue.push(headEventSchema.parse(JSON.parse(data.slice(6))));
        }
      }
    })().catch(() => undefined);
  }
  return { res, next: queue.next, comments, ids, close: () => abort.abort() };
}

// A seeded PRNG (mulberry32), so a failing sequence can be replayed.
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomChange(random: () => number, listing: FileEntry[]): SaveChange {
  const pick = <T,>(items: T[]) => items[Math.floor(random() * items.length)]!;
  const folders = ["", ...listing.filter((e) => e.kind === "dir").map((e) => e.path + "/")];
  const newPath = () => pick(folders) + pick(["a", "b", "c", "d.txt", "e"]);
  const existing = listing.map((e) => e.path);
  // Few distinct contents, so equal blobs under different paths (moves, copies) are common.
  const content = pick(["one\n", "two\n", "three\n", "four\n"]);
  const roll = random();
  if (roll < 0.35 || existing.length === 0) return { type: "write", path: random() < 0.5 && existing.length ? pick(existing) : newPath(), content, encoding: "utf8" };
  if (roll < 0.55) return { type: "delete", path: pick(existing) };
  if (roll < 0.8) return { type: "move", from: pick(existing), to: newPath() };
  return { type: "mkdir", path: newPath() };
}

describe("change sets", () => {
  it.each([1, 2, 3])("applied to the old listing give the new one, for random writes, deletes, moves and mkdirs (seed %i)", async (seed) => {
    const { user, projectId } = await newProject();
    const random = prng(seed);
    const snapshots: { id: string; rootTree: string }[] = [];
    let base: string | null = null;
    let listing: FileEntry[] = [];
    let movesSeen = 0;
    for (let step = 0; step < 40; step++) {
      const changes = Array.from({ length: 1 + Math.floor(random() * 3) }, () => randomChange(random, listing));
      const saved: SaveResult | null = await saveChanges({ projectId, baseSnapshotId: base, changes, author: "user", userId: user.userId }).catch(() => null);
      if (!saved || !saved.created) continue; // an impossible edit (a file into a file, a folder into itself) saves nothing
      const next = await listFiles({ rootTree: saved.snapshot.rootTree });
      const from = snapshots.at(-1)?.rootTree ?? emptyTree.hash;
      const changeSet = await computeChangeSet({ from, to: saved.snapshot.rootTree });
      movesSeen += changeSet.filter((c) => c.op === "move").length;
      expect(applyChangeSet(listing, changeSet), `seed ${seed} step ${step}: ${JSON.stringify(changes)}`).toEqual(next);
      snapshots.push(saved.snapshot);
      base = saved.snapshot.id;
      listing = next;
    }
    // Across many moves at once, too: from the first snapshot to the last.
    const first = snapshots[0]!;
    const whole = await computeChangeSet({ from: first.rootTree, to: snapshots.at(-1)!.rootTree });
    expect(applyChangeSet(await listFiles({ rootTree: first.rootTree }), whole)).toEqual(listing);
    expect(snapshots.length).toBeGreaterThan(10);
    expect(movesSeen).toBeGreaterThan(0);
  });
});

describe("GET /api/projects/:projectId/head", () => {
  it("streams the change set of a save made through the save route, with its author", async () => {
    const { user, projectId } = await newProject();
    const first = await save(user, projectId, null, [{ type: "write", path: "src/a.ts", content: "a" }]);
    const stream = await openHead(user, projectId, first.data.snapshotId);
    expect(stream.res.status).toBe(200);
    expect(stream.res.headers.get("content-type")).toContain("text/event-stream");
    const second = await save(user, projectId, first.data.snapshotId, [
      { type: "write", path: "src/b.ts", content: "b" },
      { type: "move", from: "src/a.ts", to: "lib/a.ts" },
    ]);
    const event = await stream.next();
    expect(event).toEqual({
      type: "head",
      from: first.data.snapshotId,
      to: second.data.snapshotId,
      author: { kind: "user", userId: user.userId },
      changes: [
        { op: "mkdir", path: "lib" },
        { op: "add", path: "src/b.ts", hash: expect.any(String), size: 1 },
        { op: "move", from: "src/a.ts", to: "lib/a.ts", hash: expect.any(String), size: 1 },
      ],
    });
    expect(stream.comments).toContain(": connected");
    expect(stream.ids).toEqual([second.data.snapshotId]);
    stream.close();
  });

  it("resumes from `since` with what was missed, and asks for a reload without one or with a foreign one", async () => {
    const { user, projectId } = await newProject();
    const other = await newProject();
    const s1 = await save(user, projectId, null, [{ type: "write", path: "x.txt", content: "1" }]);
    const s2 = await save(user, projectId, s1.data.snapshotId, [{ type: "write", path: "x.txt", content: "22" }]);
    const s3 = await save(user, projectId, s2.data.snapshotId, [{ type: "delete", path: "x.txt" }, { type: "mkdir", path: "empty" }]);
    const foreign = await save(other.user, other.projectId, null, [{ type: "write", path: "y.txt", content: "y" }]);

    const resumed = await openHead(user, projectId, s1.data.snapshotId);
    expect(await resumed.next()).toMatchObject({
      type: "head",
      from: s1.data.snapshotId,
      to: s3.data.snapshotId,
      changes: [{ op: "delete", path: "x.txt", kind: "file" }, { op: "mkdir", path: "empty" }],
    });
    resumed.close();
    // EventSource reconnecting by itself reuses the URL's old `since` but sends the last event's id.
    const reconnected = await openHead(user, projectId, s1.data.snapshotId, s2.data.snapshotId);
    expect(await reconnected.next()).toMatchObject({ from: s2.data.snapshotId, to: s3.data.snapshotId });
    reconnected.close();
    for (const since of [undefined, foreign.data.snapshotId, "no-such-snapshot"]) {
      const fresh = await openHead(user, projectId, since);
      expect(await fresh.next()).toEqual({ type: "reload", head: s3.data.snapshotId });
      fresh.close();
    }
  });

  it("answers 404 to someone the project is not shared with, 401 without a session, 400 for a bad `since`", async () => {
    const { user, projectId } = await newProject();
    const stranger = await signUpUser();
    const asStranger = await openHead(stranger, projectId);
    expect(asStranger.res.status).toBe(404);
    const anonymous = await call(headRoute, { params: { projectId }, url: `/api/projects/${projectId}/head` });
    expect(anonymous.status).toBe(401);
    const bad = await call(headRoute, { user, params: { projectId }, url: `/api/projects/${projectId}/head?since=${"x".repeat(100)}` });
    expect(bad.status).toBe(400);
  });

  it("releases its subscription when the client disconnects", async () => {
    const { user, projectId } = await newProject();
    const hub = await getHeadHub();
    const before = hub.subscriberCount;
    const streams = await Promise.all([openHead(user, projectId), openHead(user, projectId)]);
    await Promise.all(streams.map((s) => s.next()));
    expect(hub.subscriberCount).toBe(before + 2);
    for (const s of streams) s.close();
    expect(hub.subscriberCount).toBe(before);
  });
});

describe.skipIf(!process.env.DATABASE_URL)("two app instances on one Postgres", () => {
  const opened: { close: () => Promise<void> }[] = [];
  afterAll(async () => {
    for (const o of opened.reverse()) await o.close();
  });

  async function secondInstance() {
    const database = await openDatabase({ url: process.env.DATABASE_URL });
    const hub = await HeadHub.open(database);
    opened.push(database, hub);
    return hub;
  }

  it("a save on instance A reaches a listener on instance B", async () => {
    const { user, projectId } = await newProject();
    const first = await save(user, projectId, null, [{ type: "write", path: "a.txt", content: "a" }]);
    const b = await secondInstance();
    const events = eventQueue();
    const leave = await b.subscribe({ projectId, since: first.data.snapshotId, send: events.push });
    const second = await save(user, projectId, first.data.snapshotId, [{ type: "write", path: "a.txt", content: "changed" }]);
    expect(await events.next()).toMatchObject({ type: "head", from: first.data.snapshotId, to: second.data.snapshotId, changes: [{ op: "change", path: "a.txt" }] });
    leave();
    expect(b.subscriberCount).toBe(0);
  });

  it("after its listening connection drops, instance B reconnects and re-reads the head, so no move is lost", async () => {
    const { user, projectId } = await newProject();
    const first = await save(user, projectId, null, [{ type: "write", path: "a.txt", content: "a" }]);
    const b = await secondInstance();
    const events = eventQueue();
    const leave = await b.subscribe({ projectId, since: first.data.snapshotId, send: events.push });
    const db = await getDb();
    await db.$executeRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ${listenerApplicationName} AND datname = current_database()`;
    // Saved while no listener may be connected: the NOTIFY can be lost, the resync after reconnecting cannot.
    const second = await save(user, projectId, first.data.snapshotId, [{ type: "delete", path: "a.txt" }]);
    expect(await events.next()).toMatchObject({ type: "head", from: first.data.snapshotId, to: second.data.snapshotId });
    leave();
  });
});
