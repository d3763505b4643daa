import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { deleteProjectRow } from "@/lib/db/queries/projects";
import { createProject } from "@/lib/projects/service";
import { collectGarbage } from "@/lib/snapshots/gc";
import { makeBlob } from "@/lib/snapshots/objects";
import { listFiles } from "@/lib/snapshots/read";
import { saveChanges } from "@/lib/snapshots/save";
import { readBlobs, writeObjects } from "@/lib/snapshots/store";
import { signUpUser } from "./helpers";
import { withOwnDatabase } from "./own-database";

// Counts every object in the database: no other file may write to it meanwhile.
withOwnDatabase();

const graceMs = 60 * 60_000;
const text = (s: string) => ({ type: "write" as const, path: "", content: s, encoding: "utf8" as const });

async function newProject(name: string, files: Record<string, string>) {
  const user = await signUpUser();
  const project = await createProject({ caller: { userId: user.userId, name: "T", email: user.email }, name });
  const changes = Object.entries(files).map(([path, content]) => ({ ...text(content), path }));
  const { snapshot } = await saveChanges({ projectId: project.id, baseSnapshotId: project.headSnapshotId, changes, author: "user", userId: user.userId });
  return { user, project, head: snapshot };
}

/** Time passing: everything stored so far is older than the grace period. */
async function ageAllObjects() {
  await (await getDb()).$executeRaw`UPDATE objects SET "writtenAt" = now() - interval '1 day'`;
}

async function objectCount() {
  return (await getDb()).storedObject.count();
}

/** Reads every file of every snapshot, so a missing object fails the test. */
async function expectEverySnapshotReadable() {
  const snapshots = await (await getDb()).snapshot.findMany({ select: { rootTree: true } });
  for (const { rootTree } of snapshots) {
    const files = (await listFiles({ rootTree })).filter((f) => f.kind === "file");
    await readBlobs(files.map((f) => f.hash!));
  }
  return snapshots.length;
}

describe("collecting unreachable objects", () => {
  it("frees what only a deleted project reached, and keeps what other projects share", async () => {
    const kept = await newProject("kept", { "shared.txt": "same bytes in both\n", "src/a.ts": "export const a = 1;\n" });
    const gone = await newProject("gone", { "shared.txt": "same bytes in both\n", "only/b.txt": "only in the deleted project\n" });
    await saveChanges({ projectId: gone.project.id, baseSnapshotId: gone.head.id, changes: [{ ...text("edited\n"), path: "only/b.txt" }], author: "user", userId: gone.user.userId });
    await ageAllObjects();
    expect((await collectGarbage({ graceMs })).deleted).toBe(0);

    const before = await objectCount();
    await deleteProjectRow({ id: gone.project.id });
    const result = await collectGarbage({ graceMs });
    // Two versions of only/b.txt, two "only" trees and two roots no one else reaches.
    expect(result.deleted).toBe(6);
    expect(await objectCount()).toBe(before - 6);
    expect(await expectEverySnapshotReadable()).toBeGreaterThan(0);
    const files = await listFiles({ rootTree: kept.head.rootTree });
    expect(files.map((f) => f.path)).toEqual(["shared.txt", "src", "src/a.ts"]);
  });

  it("collects what a killed save stored, but only after the grace period", async () => {
    await newProject("p", { "a.txt": "a\n" });
    const orphans = Array.from({ length: 20 }, (_, i) => makeBlob(new TextEncoder().encode(`stored by a save that never finished ${i}\n`)));
    await writeObjects(orphans);
    expect((await collectGarbage({ graceMs })).deleted).toBe(0);
    await ageAllObjects();
    expect((await collectGarbage({ graceMs })).deleted).toBe(20);
    await expectEverySnapshotReadable();
  });

  it("keeps an unreachable object that a save starts using while the collector runs", async () => {
    const { user, project, head } = await newProject("race", { "a.txt": "a\n" });
    const revived = "written once, abandoned, then saved again\n";
    await writeObjects([makeBlob(new TextEncoder().encode(revived))]);
    await ageAllObjects();
    const result = await collectGarbage({
      graceMs,
      // Between the mark (which found the object unreachable) and the sweep, a save uses it.
      beforeSweep: async () => {
        await saveChanges({ projectId: project.id, baseSnapshotId: head.id, changes: [{ ...text(revived), path: "b.txt" }], author: "user", userId: user.userId });
      },
    });
    expect(result.deleted).toBe(0);
    await expectEverySnapshotReadable();
  });

  it("loses nothing when saves and collections run at the same time", async () => {
    const { user, project, head } = await newProject("busy", { "seed.txt": "seed\n" });
    // Content that an earlier, deleted project left unreachable, which the saves below bring back.
    const ghost = await newProject("ghost", Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}.txt`, `content ${i}\n`])));
    await deleteProjectRow({ id: ghost.project.id });
    let base = head.id;
    const saves = (async () => {
      for (let i = 0; i < 30; i++) {
        const { snapshot } = await saveChanges({ projectId: project.id, baseSnapshotId: base, changes: [{ ...text(`content ${i}\n`), path: `f${i}.txt` }], author: "user", userId: user.userId });
        base = snapshot.id;
      }
    })();
    const collections = (async () => {
      for (let i = 0; i < 10; i++) {
        await ageAllObjects();
        await collectGarbage({ graceMs });
      }
    })();
    await Promise.all([saves, collections]);
    await collectGarbage({ graceMs });
    await expectEverySnapshotReadable();
    const files = await listFiles({ rootTree: (await (await getDb()).snapshot.findUniqueOrThrow({ where: { id: base } })).rootTree });
    expect(files.filter((f) => f.kind === "file")).toHaveLength(31);
  });
});
