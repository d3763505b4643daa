import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { objectCodec } from "@/lib/db/queries/object-codec";
import { forgetPacks } from "@/lib/db/queries/object-packs";
import { deleteProjectRow } from "@/lib/db/queries/projects";
import { createProject } from "@/lib/projects/service";
import { collectGarbage } from "@/lib/snapshots/gc";
import { listFiles } from "@/lib/snapshots/read";
import { saveChanges } from "@/lib/snapshots/save";
import { readBlobs } from "@/lib/snapshots/store";
import { signUpUser } from "./helpers";
import { withOwnDatabase } from "./own-database";

// Counts every object and pack in the database: no other file may write to it meanwhile.
withOwnDatabase();

const graceMs = 60 * 60_000;
const write = (path: string, content: string) => ({ type: "write" as const, path, content, encoding: "utf8" as const });

/** Source-like text of about `lines` lines, different for each seed. */
function sourceText(seed: number, lines = 200): string {
  const words = ["const", "value", "result", "items", "render", "state", "await", "return", "props", "handler"];
  return Array.from({ length: lines }, (_, i) => `export const ${words[(seed + i) % words.length]}_${i} = "${words[(seed * 7 + i * 3) % words.length]} ${seed}";\n`).join("");
}

async function newProject(name: string, files: Record<string, string>) {
  const user = await signUpUser();
  const project = await createProject({ caller: { userId: user.userId, name: "T", email: user.email }, name });
  const { snapshot } = await saveChanges({
    projectId: project.id,
    baseSnapshotId: project.headSnapshotId,
    changes: Object.entries(files).map(([path, content]) => write(path, content)),
    author: "user",
    userId: user.userId,
  });
  return { user, project, head: snapshot };
}

/** A project of `count` files in ten folders: too many objects for one statement, so stored in packs. */
const importedFiles = (count: number, seed = 0) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`src/dir-${i % 10}/file-${i}.ts`, sourceText(seed + i)]));

/** Time passing: everything stored so far is older than the grace period. */
async function ageEverything() {
  const db = await getDb();
  await db.$executeRaw`UPDATE objects SET "writtenAt" = now() - interval '1 day'`;
  await db.$executeRaw`UPDATE object_packs SET "writtenAt" = now() - interval '1 day'`;
}

async function storedCounts() {
  const db = await getDb();
  const [objects, packs, packed, deltas] = await Promise.all([
    db.storedObject.count(),
    db.objectPack.count(),
    db.storedObject.count({ where: { codec: objectCodec.packed } }),
    db.storedObject.count({ where: { codec: objectCodec.delta } }),
  ]);
  return { objects, packs, packed, deltas };
}

/** Every file of every snapshot, read back and compared with what `expected` says it holds. */
async function expectFiles(rootTree: string, expected: Record<string, string>) {
  const files = (await listFiles({ rootTree })).filter((f) => f.kind === "file");
  expect(files.map((f) => f.path).sort()).toEqual(Object.keys(expected).sort());
  const bytes = await readBlobs(files.map((f) => f.hash!));
  for (const f of files) expect(new TextDecoder().decode(bytes.get(f.hash!)), f.path).toBe(expected[f.path]);
}

const hex = (bytes: Uint8Array | null) => Buffer.from(bytes ?? []).toString("hex");

/** Rows stored against a delta: there should be none (a read takes one hop). */
async function deltasOfDeltas(): Promise<number> {
  const [{ n }] = await (await getDb()).$queryRaw<[{ n: number }]>`
    SELECT count(*)::int AS n FROM objects o JOIN objects b ON b.hash = o.base WHERE b.codec = ${objectCodec.delta}::smallint`;
  return n;
}

async function hashAt(rootTree: string, path: string): Promise<string> {
  const file = (await listFiles({ rootTree })).find((f) => f.path === path);
  if (file?.kind !== "file") throw new Error(`No file ${path}`);
  return file.hash;
}

async function expectEverySnapshotReadable() {
  const snapshots = await (await getDb()).snapshot.findMany({ select: { rootTree: true } });
  for (const { rootTree } of snapshots) {
    const files = (await listFiles({ rootTree })).filter((f) => f.kind === "file");
    await readBlobs(files.map((f) => f.hash!));
  }
}

describe("packs and deltas", () => {
  it("stores an import in packs, smaller than its files compressed one by one, and reads every byte back", async () => {
    const files = importedFiles(300);
    const { head } = await newProject("imported", files);
    const counts = await storedCounts();
    // 300 files of ~8 kB in packs of up to 512 kB; the folders too.
    expect(counts.packed).toBeGreaterThanOrEqual(300);
    expect(counts.packs).toBeGreaterThanOrEqual(4);
    expect(counts.packs).toBeLessThan(10);
    await expectFiles(head.rootTree, files);

    const db = await getDb();
    const [{ packBytes, rawBytes }] = await db.$queryRaw<[{ packBytes: number; rawBytes: number }]>`
      SELECT (SELECT sum(octet_length(data)) FROM object_packs)::int AS "packBytes", (SELECT sum(size) FROM object_packs)::int AS "rawBytes"`;
    const { deflateRawSync } = await import("node:zlib");
    const oneByOne = Object.values(files).reduce((sum, text) => sum + deflateRawSync(text).byteLength, 0);
    expect(rawBytes).toBeGreaterThan(300 * 5_000);
    expect(packBytes).toBeLessThan(oneByOne);
  });

  it("stores an edit as a delta against the file before it, never against another delta", async () => {
    const original = sourceText(1);
    // Neighbours, so the folders are large enough for a delta to pay (a two-line folder is stored whole).
    const others: Record<string, string> = { "README.md": "# App\n" };
    for (let i = 0; i < 12; i++) others[`src/util-${i}.ts`] = `export const util${i} = ${i};\n`;
    const { user, project, head } = await newProject("edited", { "src/app.ts": original, ...others });
    const firstBlob = await hashAt(head.rootTree, "src/app.ts");
    let base = head;
    const versions = [original];
    for (let i = 1; i <= 5; i++) {
      versions.push(`${versions.at(-1)}// edit ${i}\n`);
      ({ snapshot: base } = await saveChanges({ projectId: project.id, baseSnapshotId: base.id, changes: [write("src/app.ts", versions[i]!)], author: "user", userId: user.userId }));
      await expectFiles(base.rootTree, { "src/app.ts": versions[i]!, ...others });
    }
    const db = await getDb();
    const blobs = await db.storedObject.findMany({ where: { kind: "blob", base: { not: null } }, select: { hash: true, base: true, codec: true, data: true } });
    // Five edits, each a delta of a few dozen bytes against the first version (not a chain of deltas).
    expect(blobs).toHaveLength(5);
    for (const blob of blobs) {
      expect(blob.codec).toBe(objectCodec.delta);
      expect(hex(blob.base)).toBe(firstBlob);
      expect(blob.data.byteLength).toBeLessThan(200);
    }
    // The folders along the path too: src/ and the root, each against its first version.
    const trees = await db.storedObject.findMany({ where: { kind: "tree", base: { not: null } }, select: { base: true } });
    expect(trees.length).toBeGreaterThanOrEqual(5);
    const deltaHashes = new Set((await db.storedObject.findMany({ where: { codec: objectCodec.delta }, select: { hash: true } })).map((o) => hex(o.hash)));
    for (const tree of trees) expect(deltaHashes.has(hex(tree.base))).toBe(false);

    // Every older version still reads back exactly.
    const snapshots = await db.snapshot.findMany({ where: { projectId: project.id }, orderBy: { createdAt: "asc" }, select: { rootTree: true } });
    const contents = [];
    for (const s of snapshots.slice(1)) {
      const hash = await hashAt(s.rootTree, "src/app.ts");
      contents.push(new TextDecoder().decode((await readBlobs([hash])).get(hash)));
    }
    expect(contents).toEqual(versions);
  });

  it("stores an edit whole when what it replaced is in a pack not in memory, and the collector compresses it", async () => {
    const files = importedFiles(100, 9000);
    const { user, project, head } = await newProject("deferred", files);
    const path = "src/dir-3/file-3.ts";
    const original = await hashAt(head.rootTree, path);
    // As after a restart: no pack is in memory, so the save cannot read the file it replaces.
    forgetPacks();
    const v1 = `${files[path]}// first edit\n`;
    const first = await saveChanges({ projectId: project.id, baseSnapshotId: head.id, changes: [write(path, v1)], author: "user", userId: user.userId });
    const v2 = `${v1}// second edit\n`;
    const second = await saveChanges({ projectId: project.id, baseSnapshotId: first.snapshot.id, changes: [write(path, v2)], author: "user", userId: user.userId });
    const db = await getDb();
    const edits = [await hashAt(first.snapshot.rootTree, path), await hashAt(second.snapshot.rootTree, path)];
    const rowsOf = () => db.storedObject.findMany({ where: { hash: { in: edits.map((h) => Buffer.from(h, "hex")) } }, select: { hash: true, codec: true, base: true, deltaFrom: true } });
    const before = new Map((await rowsOf()).map((r) => [hex(r.hash), r]));
    expect(before.get(edits[0]!)).toMatchObject({ codec: objectCodec.deflate, base: null });
    expect(hex(before.get(edits[0]!)!.deltaFrom)).toBe(original);
    // The second waits too: its predecessor is itself waiting, and a delta is never made against one.
    expect(hex(before.get(edits[1]!)!.deltaFrom)).toBe(edits[0]);

    const result = await collectGarbage({ graceMs });
    expect(result.compressed).toBeGreaterThanOrEqual(2);
    const after = new Map((await rowsOf()).map((r) => [hex(r.hash), r]));
    for (const edit of edits) {
      expect(after.get(edit)).toMatchObject({ codec: objectCodec.delta, deltaFrom: null });
      expect(hex(after.get(edit)!.base)).toBe(original);
    }
    expect(await db.storedObject.count({ where: { deltaFrom: { not: null } } })).toBe(0);
    expect(await deltasOfDeltas()).toBe(0);
    forgetPacks();
    await expectFiles(first.snapshot.rootTree, { ...files, [path]: v1 });
    await expectFiles(second.snapshot.rootTree, { ...files, [path]: v2 });
  });

  it("deletes a deleted project's packs, and rewrites a pack another project still half uses", async () => {
    const start = await storedCounts();
    const files = importedFiles(200, 1000);
    const gone = await newProject("gone", files);
    // Every tenth file: a few in each of "gone"'s packs.
    const keptFiles = Object.fromEntries(Object.entries(files).filter((_, i) => i % 10 === 0));
    const kept = await newProject("kept", keptFiles);
    await newProject("also gone", importedFiles(100, 5000));
    const before = await storedCounts();
    await ageEverything();
    expect((await collectGarbage({ graceMs })).packsRewritten).toBe(0);

    await deleteProjectRow({ id: gone.project.id });
    const others = await (await getDb()).project.findMany({ where: { name: "also gone" }, select: { id: true } });
    for (const p of others) await deleteProjectRow({ id: p.id });
    const result = await collectGarbage({ graceMs });
    // Every pack of "also gone"; "gone"'s, each with a few files "kept" shares, are rewritten.
    expect(result.packsDeleted).toBeGreaterThan(0);
    expect(result.packsRewritten).toBeGreaterThan(0);
    const after = await storedCounts();
    expect(after.packs).toBeLessThan(before.packs);
    await expectFiles(kept.head.rootTree, keptFiles);

    const db = await getDb();
    const [{ dead }] = await db.$queryRaw<[{ dead: number }]>`
      SELECT (SELECT coalesce(sum(size), 0) FROM object_packs)::int - (SELECT coalesce(sum(size), 0) FROM objects WHERE pack IS NOT NULL)::int AS dead`;
    expect(dead).toBe(0);

    // The rewritten packs are young: gone only once the grace period has passed.
    await deleteProjectRow({ id: kept.project.id });
    await collectGarbage({ graceMs });
    expect((await storedCounts()).packs).toBeGreaterThan(start.packs);
    await ageEverything();
    await collectGarbage({ graceMs });
    const end = await storedCounts();
    expect(end.packs).toBe(start.packs);
    expect(end.packed).toBe(start.packed);
  });

  it("keeps a delta's base while a delta needs it, though no snapshot reaches the base", async () => {
    const v1 = sourceText(70_000);
    const v2 = `${v1}// and one more line\n`;
    const a = await newProject("a", { "app.ts": v1 });
    await saveChanges({ projectId: a.project.id, baseSnapshotId: a.head.id, changes: [write("app.ts", v2)], author: "user", userId: a.user.userId });
    // Another project saves the same second version: the row exists (a delta against v1), so it is shared.
    const b = await newProject("b", { "copy.ts": v2 });
    expect((await storedCounts()).deltas).toBeGreaterThan(0);
    await ageEverything();
    await deleteProjectRow({ id: a.project.id });
    await collectGarbage({ graceMs });
    await expectFiles(b.head.rootTree, { "copy.ts": v2 });

    // Once the delta is gone, the base follows at the next collection.
    const db = await getDb();
    const both = [await hashAt(a.head.rootTree, "app.ts"), await hashAt(b.head.rootTree, "copy.ts")].map((h) => Buffer.from(h, "hex"));
    expect(await db.storedObject.count({ where: { hash: { in: both } } })).toBe(2);
    await deleteProjectRow({ id: b.project.id });
    await collectGarbage({ graceMs });
    expect(await db.storedObject.count({ where: { hash: { in: both } } })).toBe(1);
    await collectGarbage({ graceMs });
    expect(await db.storedObject.count({ where: { hash: { in: both } } })).toBe(0);
  });

  it("loses nothing when imports, edits, deletions and collections run at the same time", async () => {
    const busy = await newProject("busy", { "main.ts": sourceText(3) });
    let head = busy.head;
    let text = sourceText(3);
    const work = (async () => {
      for (let i = 0; i < 6; i++) {
        // An import that shares files with the busy project's history, then goes away.
        const other = await newProject(`import ${i}`, { ...importedFiles(80, i * 40), "main.ts": text });
        text = `${text}// round ${i}\n`;
        // Some saves cannot read what they replace: stored whole, compressed by the collections.
        if (i % 2 === 1) forgetPacks();
        ({ snapshot: head } = await saveChanges({ projectId: busy.project.id, baseSnapshotId: head.id, changes: [write("main.ts", text), write(`lib/round-${i}.ts`, sourceText(i + 100))], author: "user", userId: busy.user.userId }));
        if (i % 2 === 0) await deleteProjectRow({ id: other.project.id });
      }
    })();
    const collections = (async () => {
      for (let i = 0; i < 8; i++) {
        await ageEverything();
        await collectGarbage({ graceMs });
      }
    })();
    await Promise.all([work, collections]);
    await ageEverything();
    await collectGarbage({ graceMs });
    await expectEverySnapshotReadable();
    expect(await deltasOfDeltas()).toBe(0);
    const expected: Record<string, string> = { "main.ts": text };
    for (let i = 0; i < 6; i++) expected[`lib/round-${i}.ts`] = sourceText(i + 100);
    await expectFiles(head.rootTree, expected);
  });
});
