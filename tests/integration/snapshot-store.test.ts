import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { createProject } from "@/lib/projects/service";
import { emptyTree } from "@/lib/snapshots/objects";
import { listFiles, readFileAt } from "@/lib/snapshots/read";
import { saveChanges } from "@/lib/snapshots/save";
import { signUpUser } from "./helpers";

async function setup(fileCount: number) {
  const user = await signUpUser();
  const caller = { userId: user.userId, name: "T", email: user.email };
  const project = await createProject({ caller, name: "store" });
  const changes = Array.from({ length: fileCount }, (_, i) => ({
    type: "write" as const,
    path: `d${i % 4}/e${i % 7}/f${i % 3}/file-${i}.txt`,
    content: `file ${i}\n`.repeat(20),
    encoding: "utf8" as const,
  }));
  const first = await saveChanges({ projectId: project.id, baseSnapshotId: project.headSnapshotId, changes, author: "user", userId: user.userId });
  return { user, project, head: first.snapshot };
}

const countRows = async () => {
  const db = await getDb();
  return { objects: await db.storedObject.count(), snapshots: await db.snapshot.count() };
};

describe("content-addressed snapshots", () => {
  it("stores and reads back every byte value, in small and large files", async () => {
    const { user, project, head } = await setup(1);
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const large = Uint8Array.from({ length: 3 * 1024 * 1024 + 7 }, (_, i) => (i * 7919) & 0xff);
    const { snapshot } = await saveChanges({
      projectId: project.id,
      baseSnapshotId: head.id,
      changes: [
        { type: "write", path: "bin/all.bin", bytes: all },
        { type: "write", path: "bin/large.bin", bytes: large },
      ],
      author: "user",
      userId: user.userId,
    });
    expect([...(await readFileAt({ rootTree: snapshot.rootTree, path: "bin/all.bin" }))]).toEqual([...all]);
    const back = await readFileAt({ rootTree: snapshot.rootTree, path: "bin/large.bin" });
    expect(back.byteLength).toBe(large.byteLength);
    expect(Buffer.compare(Buffer.from(back), Buffer.from(large))).toBe(0);
  });


  it("saving one changed file writes one blob, the trees on its path and one snapshot", async () => {
    const { user, project, head } = await setup(300);
    const before = await countRows();
    const result = await saveChanges({
      projectId: project.id,
      baseSnapshotId: head.id,
      // Content no other test stores: objects are shared across the whole database.
      changes: [{ type: "write", path: "d1/e1/f1/file-1.txt", content: `changed ${crypto.randomUUID()}`, encoding: "utf8" }],
      author: "user",
      userId: user.userId,
    });
    const after = await countRows();
    expect(after.objects - before.objects).toBe(1 + 4); // the blob; root, d1, d1/e1, d1/e1/f1
    expect(after.snapshots - before.snapshots).toBe(1);
    expect(result.snapshot).toMatchObject({ parentId: head.id, fileCount: 300 });
  });

  it("stores identical content once across projects", async () => {
    const a = await setup(20);
    const before = await countRows();
    await setup(20);
    const after = await countRows();
    // Same files, same trees: only the second project's empty root and snapshots are new rows.
    expect(after.objects - before.objects).toBe(0);
    expect(a.head.fileCount).toBe(20);
  });

  it("writes nothing when a save changes nothing", async () => {
    const { user, project, head } = await setup(5);
    const [first] = (await listFiles({ rootTree: head.rootTree })).filter((e) => e.kind === "file");
    const content = Buffer.from(await readFileAt({ rootTree: head.rootTree, path: first!.path })).toString();
    const result = await saveChanges({
      projectId: project.id,
      baseSnapshotId: head.id,
      changes: [{ type: "write", path: first!.path, content, encoding: "utf8" }],
      author: "user",
      userId: user.userId,
    });
    expect(result).toMatchObject({ created: false, objectsWritten: 0 });
    expect(result.snapshot.id).toBe(head.id);
  });

  it("never loses a concurrent save: parallel saves of different files all land", async () => {
    const { user, project, head } = await setup(10);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        saveChanges({
          projectId: project.id,
          baseSnapshotId: head.id,
          changes: [{ type: "write", path: `parallel/${i}.txt`, content: String(i), encoding: "utf8" }],
          author: "user",
          userId: user.userId,
        }),
      ),
    );
    const db = await getDb();
    const final = await db.project.findUniqueOrThrow({ where: { id: project.id } });
    const snapshot = await db.snapshot.findUniqueOrThrow({ where: { id: final.headSnapshotId! } });
    const files = (await listFiles({ rootTree: snapshot.rootTree })).filter((e) => e.path.startsWith("parallel/"));
    expect(files).toHaveLength(8);
    // The snapshots form one chain: each parallel save has a distinct parent.
    expect(new Set(results.map((r) => r.snapshot.parentId)).size).toBe(8);
  });

  it("refuses a save that would exceed the project's file limit", async () => {
    const { user, project, head } = await setup(1);
    const changes = Array.from({ length: 5000 }, (_, i) => ({ type: "write" as const, path: `many/${i}`, content: "", encoding: "utf8" as const }));
    await expect(
      saveChanges({ projectId: project.id, baseSnapshotId: head.id, changes, author: "user", userId: user.userId }),
    ).rejects.toThrow(/limited to 5000 files/);
  });
});

describe("a project without a head", () => {
  it("takes its first save even where the empty tree was never stored", async () => {
    const user = await signUpUser();
    const db = await getDb();
    const workspace = await db.workspace.findFirstOrThrow({ where: { personalFor: user.userId } });
    const project = await db.project.create({ data: { workspaceId: workspace.id, name: "headless" } });
    await db.storedObject.deleteMany({ where: { hash: Buffer.from(emptyTree.hash, "hex") } });
    const result = await saveChanges({
      projectId: project.id,
      baseSnapshotId: null,
      changes: [{ type: "write", path: "a.txt", content: "first", encoding: "utf8" }],
      author: "user",
      userId: user.userId,
    });
    expect(result.snapshot).toMatchObject({ parentId: null, fileCount: 1 });
  });
});
