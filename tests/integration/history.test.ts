import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import * as filesRoute from "@/app/api/projects/[projectId]/files/route";
import * as diffRoute from "@/app/api/projects/[projectId]/history/diff/route";
import * as restoreRoute from "@/app/api/projects/[projectId]/history/restore/route";
import * as historyRoute from "@/app/api/projects/[projectId]/history/route";
import * as labelRoute from "@/app/api/projects/[projectId]/labels/[labelId]/route";
import * as labelsRoute from "@/app/api/projects/[projectId]/labels/route";
import * as saveRoute from "@/app/api/projects/[projectId]/save/route";
import * as projectsRoute from "@/app/api/projects/route";
import { getDb } from "@/lib/db/client";
import type { TimelineEntry } from "@/lib/history/types";
import type { FileEntry } from "@/lib/validation/projects";
import { call, signUpUser, type TestUser } from "./helpers";

let alice: TestUser;

beforeAll(async () => {
  alice = await signUpUser("Alice History");
});

type Change = { type: "write"; path: string; content: string } | { type: "delete"; path: string } | { type: "move"; from: string; to: string };

async function newProject() {
  const created = await call(projectsRoute.POST, { user: alice, json: { name: "History" } });
  return { projectId: created.data.project.id as string, head: created.data.project.headSnapshotId as string | null };
}

async function save(projectId: string, baseSnapshotId: string | null, changes: Change[]) {
  const saved = await call(saveRoute.POST, { user: alice, params: { projectId }, json: { baseSnapshotId, changes } });
  expect(saved.status).toBe(200);
  return saved.data.snapshotId as string;
}

async function files(projectId: string, snapshotId?: string): Promise<Record<string, string>> {
  const res = await call(filesRoute.GET, { user: alice, params: { projectId }, url: `/api/projects/${projectId}/files${snapshotId ? `?snapshotId=${snapshotId}` : ""}` });
  return Object.fromEntries((res.data.entries as FileEntry[]).flatMap((e) => (e.kind === "file" ? [[e.path, e.hash]] : [])));
}

const restore = (projectId: string, json: object) => call(restoreRoute.POST, { user: alice, params: { projectId }, json });
const head = async (projectId: string) => (await (await getDb()).project.findUniqueOrThrow({ where: { id: projectId } })).headSnapshotId!;
const snapshotOf = async (id: string) => (await getDb()).snapshot.findUniqueOrThrow({ where: { id } });

describe("restore", () => {
  it("restores one file, then a whole snapshot without writing an object, and undoes that by restoring the previous head", async () => {
    const { projectId, head: created } = await newProject();
    const v1 = await save(projectId, created, [
      { type: "write", path: "src/a.txt", content: "one" },
      { type: "write", path: "src/b.txt", content: "b1" },
    ]);
    const v2 = await save(projectId, v1, [
      { type: "write", path: "src/a.txt", content: "two" },
      { type: "write", path: "src/b.txt", content: "b2" },
      { type: "write", path: "c.txt", content: "new" },
    ]);
    const [filesV1, filesV2] = [await files(projectId, v1), await files(projectId, v2)];

    const one = await restore(projectId, { snapshotId: v1, path: "src/a.txt", baseSnapshotId: v2 });
    expect(one.status).toBe(200);
    expect(one.data).toMatchObject({ created: true, previousHeadId: v2 });
    expect(await files(projectId)).toEqual({ ...filesV2, "src/a.txt": filesV1["src/a.txt"] });

    // A file that did not exist then is restored by deleting it.
    const absent = await restore(projectId, { snapshotId: v1, path: "c.txt" });
    expect(absent.status).toBe(200);
    expect(Object.keys(await files(projectId))).not.toContain("c.txt");

    const db = await getDb();
    const objectsBefore = await db.storedObject.count();
    const beforeWhole = await head(projectId);
    const whole = await restore(projectId, { snapshotId: v1, baseSnapshotId: beforeWhole });
    expect(whole.status).toBe(200);
    expect(whole.data).toMatchObject({ created: true, previousHeadId: beforeWhole });
    expect(await head(projectId)).toBe(whole.data.snapshotId);
    expect((await snapshotOf(whole.data.snapshotId)).rootTree).toBe((await snapshotOf(v1)).rootTree);
    expect((await snapshotOf(whole.data.snapshotId)).parentId).toBe(beforeWhole);
    expect(await db.storedObject.count()).toBe(objectsBefore);
    expect(await files(projectId)).toEqual(filesV1);

    const undo = await restore(projectId, { snapshotId: whole.data.previousHeadId, baseSnapshotId: whole.data.snapshotId });
    expect(undo.status).toBe(200);
    expect((await snapshotOf(await head(projectId))).rootTree).toBe((await snapshotOf(beforeWhole)).rootTree);
    // History only grows: the project's first snapshot, v1, v2 and all four restores are still there.
    expect(await db.snapshot.count({ where: { projectId } })).toBe(7);
  });

  it("refuses a whole restore chosen against a head that has moved since, and changes nothing", async () => {
    const { projectId, head: created } = await newProject();
    const v1 = await save(projectId, created, [{ type: "write", path: "a.txt", content: "1" }]);
    const v2 = await save(projectId, v1, [{ type: "write", path: "a.txt", content: "2" }]);
    const res = await restore(projectId, { snapshotId: v1, baseSnapshotId: v1 });
    expect(res.status).toBe(409);
    expect(res.data.error).toMatchObject({ code: "conflict:head_moved", headSnapshotId: v2 });
    expect(await head(projectId)).toBe(v2);
  });
});

describe("diff", () => {
  it("answers only the 10 changed files of a 2,000-file project, moves included, with hashes and not texts", async () => {
    const { projectId, head: created } = await newProject();
    const all: Change[] = [];
    for (let a = 0; a < 5; a++)
      for (let b = 0; b < 5; b++)
        for (let c = 0; c < 5; c++)
          for (let f = 0; f < 16; f++) all.push({ type: "write", path: `p${a}/m${b}/q${c}/f${f}.ts`, content: `export const v = "${a}${b}${c}${f}";\n` });
    const base = await save(projectId, created, all);
    const changes: Change[] = [
      ...Array.from({ length: 7 }, (_, i): Change => ({ type: "write", path: `p${i % 5}/m1/q2/f${i}.ts`, content: `changed ${i}\n` })),
      { type: "move", from: "p4/m4/q4/f15.ts", to: "moved/f15.ts" },
      { type: "delete", path: "p0/m0/q0/f0.ts" },
      { type: "write", path: "p3/new.ts", content: "added\n" },
    ];
    const after = await save(projectId, base, changes);
    const [before, now] = [await files(projectId, base), await files(projectId, after)];

    const res = await call(diffRoute.GET, { user: alice, params: { projectId }, url: `/api/projects/${projectId}/history/diff?to=${after}` });
    expect(res.status).toBe(200);
    expect(res.data.from).toBe(base);
    const byPath = Object.fromEntries((res.data.files as { path: string }[]).map((f) => [f.path, f]));
    expect(Object.keys(byPath).sort()).toEqual(
      [...Array.from({ length: 7 }, (_, i) => `p${i % 5}/m1/q2/f${i}.ts`), "moved/f15.ts", "p0/m0/q0/f0.ts", "p3/new.ts"].sort(),
    );
    for (let i = 0; i < 7; i++) {
      const path = `p${i % 5}/m1/q2/f${i}.ts`;
      expect(byPath[path]).toMatchObject({ change: "modified", before: before[path], after: now[path] });
    }
    expect(byPath["moved/f15.ts"]).toMatchObject({ change: "moved", from: "p4/m4/q4/f15.ts", before: before["p4/m4/q4/f15.ts"], after: now["moved/f15.ts"] });
    expect(byPath["p0/m0/q0/f0.ts"]).toMatchObject({ change: "deleted", before: before["p0/m0/q0/f0.ts"], after: null });
    expect(byPath["p3/new.ts"]).toMatchObject({ change: "added", before: null, after: now["p3/new.ts"] });
    // Grows with the change: the listing of this project is about 150 kB, the diff of 10 files far less.
    const bytes = JSON.stringify(res.data).length;
    expect(bytes).toBeLessThan(3_000);

    // Between any two snapshots, both ways: the reverse of a move is a move back.
    const back = await call(diffRoute.GET, { user: alice, params: { projectId }, url: `/api/projects/${projectId}/history/diff?from=${after}&to=${base}` });
    expect(back.data.files.find((f: { path: string }) => f.path === "p4/m4/q4/f15.ts")).toMatchObject({ change: "moved", from: "moved/f15.ts" });
    expect(back.data.files).toHaveLength(10);
  });

  it("answers 404 for a snapshot of another project", async () => {
    const mine = await newProject();
    const other = await newProject();
    const theirs = await save(other.projectId, other.head, [{ type: "write", path: "x.txt", content: "x" }]);
    const res = await call(diffRoute.GET, { user: alice, params: { projectId: mine.projectId }, url: `/api/projects/${mine.projectId}/history/diff?to=${theirs}` });
    expect(res.status).toBe(404);
  });
});

describe("timeline", () => {
  // Snapshots written straight into the table (2,400 of them): three real trees, in a chain, where
  // `f.txt` changes at every 7th snapshot and every 5th is the agent's.
  const total = 2_400;
  let projectId: string;
  let ids: string[];
  let touchingF: string[];
  let firstId: string;
  const timeOf = new Map<string, number>();
  // Newest first, ties by id (descending), as the timeline orders them.
  const newestFirst = (list: string[]) => [...list].sort((x, y) => timeOf.get(y)! - timeOf.get(x)! || (x < y ? 1 : -1));

  beforeAll(async () => {
    ({ projectId } = await newProject());
    const first = await head(projectId);
    firstId = first;
    const ra = await save(projectId, first, [{ type: "write", path: "dir/f.txt", content: "a" }, { type: "write", path: "g.txt", content: "x" }]);
    const rb = await save(projectId, ra, [{ type: "write", path: "dir/f.txt", content: "b" }]);
    const rc = await save(projectId, rb, [{ type: "write", path: "g.txt", content: "y" }]);
    const roots = await Promise.all([ra, rb, rc].map(async (id) => (await snapshotOf(id)).rootTree));
    const db = await getDb();
    await db.snapshot.deleteMany({ where: { projectId, id: { not: first } } });
    await db.project.update({ where: { id: projectId }, data: { headSnapshotId: first } });
    ids = [];
    touchingF = [];
    const rows = [];
    let f = 0;
    let g = 0;
    // After the project's first snapshot, which stays the oldest.
    const start = Date.now() + 1000;
    for (let i = 0; i < total; i++) {
      const id = randomUUID();
      if (i % 7 === 0) {
        f ^= 1;
        touchingF.push(id);
      } else g ^= 1;
      // f decides a/b, g decides whether g.txt is y (only with f = b, tree rc); otherwise the change is to g.
      const rootTree = f === 0 ? roots[0]! : g === 0 ? roots[1]! : roots[2]!;
      // Pairs share a timestamp: the page order must still be total (by id).
      rows.push({ id, projectId, parentId: i === 0 ? first : ids[i - 1]!, rootTree, author: i % 5 === 0 ? ("agent" as const) : ("user" as const), userId: alice.userId, message: `step ${i}`, fileCount: 2, totalBytes: 2, createdAt: new Date(start + Math.floor(i / 2) * 1000) });
      ids.push(id);
      timeOf.set(id, rows.at(-1)!.createdAt.getTime());
    }
    for (let i = 0; i < rows.length; i += 500) await db.snapshot.createMany({ data: rows.slice(i, i + 500) });
  }, 120_000);

  async function pages(query: string, limit = 100): Promise<TimelineEntry[]> {
    const out: TimelineEntry[] = [];
    let cursor: string | null = null;
    for (let n = 0; n < 200; n++) {
      const url: string = `/api/projects/${projectId}/history?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ""}`;
      const res = await call(historyRoute.GET, { user: alice, params: { projectId }, url });
      expect(res.status).toBe(200);
      out.push(...res.data.entries);
      cursor = res.data.nextCursor;
      if (!cursor) return out;
    }
    throw new Error("the history never ended");
  }

  it("pages through every snapshot newest first, each once", async () => {
    const seen = await pages("", 200);
    expect(seen.map((e) => e.id)).toEqual(newestFirst(ids).concat(firstId));
    expect(seen).toHaveLength(total + 1);
    expect(seen.find((e) => e.message === `step ${total - 1}`)).toMatchObject({ author: { kind: "user", name: "Alice History" } });
    // Step 0 made both files in the empty project.
    expect(seen.find((e) => e.message === "step 0")).toMatchObject({ author: { kind: "agent" }, changedFiles: 2 });
  });

  it("filters by author", async () => {
    const agent = await pages("&author=agent");
    expect(agent.map((e) => e.id)).toEqual(newestFirst(ids.filter((_, i) => i % 5 === 0)));
    expect(agent.every((e) => e.author.kind === "agent")).toBe(true);
  });

  it("filters by path: the history of one file, or of a folder, across scan pages", async () => {
    const ofFile = await pages("&path=dir/f.txt", 50);
    // The first snapshot made the file (its parent, the empty project, had none).
    expect(ofFile.map((e) => e.id)).toEqual(newestFirst(touchingF));
    expect((await pages("&path=dir", 50)).map((e) => e.id)).toEqual(newestFirst(touchingF));
  });

  it("names versions uniquely and finds them by name", async () => {
    const snapshotId = ids[100]!;
    const made = await call(labelsRoute.POST, { user: alice, params: { projectId }, json: { snapshotId, name: "Release 1.0" } });
    expect(made.status).toBe(201);
    const again = await call(labelsRoute.POST, { user: alice, params: { projectId }, json: { snapshotId: ids[5], name: "Release 1.0" } });
    expect(again.status).toBe(409);
    expect(again.data.error.code).toBe("conflict:label_taken");
    const listed = await call(labelsRoute.GET, { user: alice, params: { projectId }, url: `/api/projects/${projectId}/labels?q=release` });
    expect(listed.data.labels).toMatchObject([{ name: "Release 1.0", snapshotId }]);
    const found = await pages("&q=release%201");
    expect(found.map((e) => e.id)).toEqual([snapshotId]);
    expect(found[0]!.labels).toMatchObject([{ name: "Release 1.0" }]);
    const removed = await call(labelRoute.DELETE, { user: alice, params: { projectId, labelId: made.data.label.id }, method: "DELETE" });
    expect(removed.status).toBe(204);
    expect((await call(labelsRoute.GET, { user: alice, params: { projectId } })).data.labels).toEqual([]);
  });
});
