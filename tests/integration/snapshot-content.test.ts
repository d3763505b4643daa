import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import * as blobRoute from "@/app/api/projects/[projectId]/blobs/[hash]/route";
import * as filesRoute from "@/app/api/projects/[projectId]/files/route";
import * as saveRoute from "@/app/api/projects/[projectId]/save/route";
import * as contentRoute from "@/app/api/projects/[projectId]/snapshots/[snapshotId]/content/route";
import * as projectsRoute from "@/app/api/projects/route";
import { getDb } from "@/lib/db/client";
import { createSnapshotDecoder, snapshotContentType, type SnapshotFrame } from "@/lib/validation/snapshot-content";
import type { FileEntry } from "@/lib/validation/projects";
import { call, signUpUser, type TestUser } from "./helpers";

let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  alice = await signUpUser("Alice");
  bob = await signUpUser("Bob");
});

type Change = { type: "write"; path: string; content: string; encoding?: "utf8" | "base64" } | { type: "mkdir"; path: string };

async function newProject(user: TestUser, changes: Change[]) {
  const created = await call(projectsRoute.POST, { user, json: { name: "Content" } });
  const projectId = created.data.project.id as string;
  const saved = await call(saveRoute.POST, { user, params: { projectId }, json: { baseSnapshotId: created.data.project.headSnapshotId, changes } });
  expect(saved.status).toBe(200);
  return { projectId, snapshotId: saved.data.snapshotId as string };
}

async function listing(user: TestUser, projectId: string): Promise<FileEntry[]> {
  return (await call(filesRoute.GET, { user, params: { projectId } })).data.entries;
}

function decode(bytes: Uint8Array): SnapshotFrame[] {
  const decoder = createSnapshotDecoder();
  const frames = decoder.push(bytes);
  decoder.finish();
  return frames;
}

const contentOf = (user: TestUser | undefined, projectId: string, snapshotId: string, headers: Record<string, string> = {}) =>
  contentRoute.GET(new Request(`http://localhost:3000/api/projects/${projectId}/snapshots/${snapshotId}/content`, { headers: { host: "localhost:3000", ...Object.fromEntries(user?.headers ?? []), ...headers } }), {
    params: Promise.resolve({ projectId, snapshotId }),
  });

const blobsOf = (user: TestUser, projectId: string, snapshotId: string, body: unknown) =>
  call(contentRoute.POST, { user, params: { projectId, snapshotId }, json: body });

const blob = (user: TestUser, projectId: string, hash: string, headers: Record<string, string> = {}) =>
  blobRoute.GET(new Request(`http://localhost:3000/api/projects/${projectId}/blobs/${hash}`, { headers: { ...Object.fromEntries(user.headers), ...headers } }), {
    params: Promise.resolve({ projectId, hash }),
  });

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("snapshot content (one streamed read of a whole snapshot)", () => {
  const tag = randomUUID();
  const binary = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 131 + 7) % 256);
  const files: Change[] = [
    { type: "write", path: "src/app.ts", content: `export const tag = "${tag}";\n` },
    { type: "write", path: "src/copy.ts", content: `export const tag = "${tag}";\n` },
    { type: "write", path: "assets/logo.bin", content: b64(binary), encoding: "base64" },
    { type: "write", path: "empty.txt", content: "" },
    { type: "write", path: "ünïcødé/日本語 ファイル 📄.md", content: `# ${tag} ✓\n` },
    { type: "mkdir", path: "empty-folder/nested" },
  ];

  it("returns exactly the snapshot's files and folders: binary, empty, unicode names, empty folders, shared content sent once", async () => {
    const { projectId, snapshotId } = await newProject(alice, files);
    const res = await contentOf(alice, projectId, snapshotId);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(snapshotContentType);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Number(res.headers.get("content-length"))).toBe(bytes.byteLength);
    const frames = decode(bytes);

    const entries = await listing(alice, projectId);
    const dirs = frames.flatMap((f) => (f.type === "dir" ? [f.path] : []));
    const fileFrames = frames.flatMap((f) => (f.type === "file" ? [{ path: f.path, hash: f.hash }] : []));
    const blobs = new Map(frames.flatMap((f) => (f.type === "blob" ? [[f.hash, f.bytes] as const] : [])));
    expect(dirs.sort()).toEqual(entries.filter((e) => e.kind === "dir").map((e) => e.path).sort());
    expect(dirs).toContain("empty-folder/nested");
    expect(fileFrames.sort((a, b) => (a.path < b.path ? -1 : 1))).toEqual(
      entries.flatMap((e) => (e.kind === "file" ? [{ path: e.path, hash: e.hash }] : [])).sort((a, b) => (a.path < b.path ? -1 : 1)),
    );
    const bytesAt = (path: string) => blobs.get(fileFrames.find((f) => f.path === path)!.hash)!;
    expect(Buffer.from(bytesAt("assets/logo.bin")).equals(Buffer.from(binary))).toBe(true);
    expect(bytesAt("empty.txt").byteLength).toBe(0);
    expect(text(bytesAt("ünïcødé/日本語 ファイル 📄.md"))).toBe(`# ${tag} ✓\n`);
    expect(text(bytesAt("src/copy.ts"))).toBe(`export const tag = "${tag}";\n`);
    // Two paths, one content: its bytes travel once.
    expect(blobs.size).toBe(4);
    expect(frames.filter((f) => f.type === "blob")).toHaveLength(4);
    expect(frames.at(-1)).toEqual({ type: "end", files: 5, blobs: 4 });
  });

  it("is cacheable forever: immutable, ETag of the root tree, 304 for a matching If-None-Match", async () => {
    const { projectId, snapshotId } = await newProject(alice, [{ type: "write", path: "a.txt", content: `cache ${tag}` }]);
    const first = await contentOf(alice, projectId, snapshotId);
    expect(first.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
    expect(first.headers.get("vary")).toBe("Cookie");
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    await first.arrayBuffer();

    const again = await contentOf(alice, projectId, snapshotId, { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect((await again.arrayBuffer()).byteLength).toBe(0);
    const other = await contentOf(alice, projectId, snapshotId, { "if-none-match": `"${"0".repeat(64)}"` });
    expect(other.status).toBe(200);
    await other.arrayBuffer();
    // Even a matching ETag is no way in for someone else.
    expect((await contentOf(bob, projectId, snapshotId, { "if-none-match": etag })).status).toBe(404);

    const [entry] = (await listing(alice, projectId)).filter((e) => e.kind === "file");
    const hash = (entry as { hash: string }).hash;
    const one = await blob(alice, projectId, hash);
    expect(one.status).toBe(200);
    expect(one.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
    expect(one.headers.get("etag")).toBe(`"${hash}"`);
    expect(text(new Uint8Array(await one.arrayBuffer()))).toBe(`cache ${tag}`);
    expect((await blob(alice, projectId, hash, { "if-none-match": `"${hash}"` })).status).toBe(304);
  });

  it("answers only the blobs asked for, each once, and refuses a hash the snapshot does not hold", async () => {
    const { projectId, snapshotId } = await newProject(alice, [
      { type: "write", path: "one.txt", content: `one ${tag}` },
      { type: "write", path: "two.txt", content: `two ${tag}` },
      { type: "write", path: "three.txt", content: `three ${tag}` },
    ]);
    const entries = (await listing(alice, projectId)).flatMap((e) => (e.kind === "file" ? [e] : []));
    const wanted = entries.filter((e) => e.path !== "two.txt").map((e) => e.hash);
    const res = await blobsOf(alice, projectId, snapshotId, { hashes: [...wanted, wanted[0]] });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const frames = decode(res.data);
    expect(frames.filter((f) => f.type === "file" || f.type === "dir")).toEqual([]);
    expect(frames.flatMap((f) => (f.type === "blob" ? [text(f.bytes)] : [])).sort()).toEqual([`one ${tag}`, `three ${tag}`]);

    const elsewhere = await newProject(bob, [{ type: "write", path: "secret.txt", content: `bob's secret ${tag}` }]);
    const secret = (await listing(bob, elsewhere.projectId)).find((e) => e.path === "secret.txt") as { hash: string };
    const refused = await blobsOf(alice, projectId, snapshotId, { hashes: [wanted[0], secret.hash] });
    expect(refused.status).toBe(404);
    expect(refused.data.error.code).toBe("not_found:object");
  });

  it("serves a blob by hash only when a snapshot of this project holds it, the head or an older one", async () => {
    const { projectId, snapshotId } = await newProject(alice, [{ type: "write", path: "old.txt", content: `old ${tag}` }]);
    const old = (await listing(alice, projectId)).find((e) => e.path === "old.txt") as { hash: string };
    const moved = await call(saveRoute.POST, {
      user: alice,
      params: { projectId },
      json: { baseSnapshotId: snapshotId, changes: [{ type: "write", path: "old.txt", content: `new ${tag}` }] },
    });
    expect(moved.status).toBe(200);
    // No longer in the head, still in the project's history.
    const fromHistory = await blob(alice, projectId, old.hash);
    expect(fromHistory.status).toBe(200);
    expect(text(new Uint8Array(await fromHistory.arrayBuffer()))).toBe(`old ${tag}`);

    // Bob's object exists in the database (objects are shared), but no snapshot of Alice's project holds it.
    const elsewhere = await newProject(bob, [{ type: "write", path: "secret.txt", content: `bob's other secret ${tag}` }]);
    const secret = (await listing(bob, elsewhere.projectId)).find((e) => e.path === "secret.txt") as { hash: string };
    const db = await getDb();
    expect(await db.storedObject.count({ where: { hash: Buffer.from(secret.hash, "hex") } })).toBe(1);
    const refused = await blob(alice, projectId, secret.hash);
    expect(refused.status).toBe(404);
    expect((await refused.json()).error.code).toBe("not_found:object");
    expect((await blob(bob, elsewhere.projectId, secret.hash)).status).toBe(200);

    // A folder's hash is reachable too, but it is not a file.
    const root = await db.snapshot.findUniqueOrThrow({ where: { id: snapshotId } });
    expect((await blob(alice, projectId, root.rootTree)).status).toBe(404);
  });

  it("answers 404 to a non-member, like a missing project, and for another project's snapshot", async () => {
    const { projectId, snapshotId } = await newProject(alice, [{ type: "write", path: "a.txt", content: `members ${tag}` }]);
    const hash = ((await listing(alice, projectId)).find((e) => e.path === "a.txt") as { hash: string }).hash;
    for (const res of [await contentOf(bob, projectId, snapshotId), await blob(bob, projectId, hash)]) {
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe("not_found:project");
    }
    const posted = await blobsOf(bob, projectId, snapshotId, { hashes: [hash] });
    expect(posted.status).toBe(404);
    expect(posted.data.error.code).toBe("not_found:project");
    expect((await contentOf(undefined, projectId, snapshotId)).status).toBe(401);

    const bobs = await newProject(bob, [{ type: "write", path: "b.txt", content: `bob ${tag}` }]);
    const crossed = await contentOf(alice, projectId, bobs.snapshotId);
    expect(crossed.status).toBe(404);
    expect((await crossed.json()).error.code).toBe("not_found:snapshot");
  });

  it.each<[string, unknown, RegExp]>([
    ["no hashes", { hashes: [] }, /at least one hash/],
    ["a hash that is not hex", { hashes: ["z".repeat(64)] }, /64 lowercase hex/],
    ["an upper-case hash", { hashes: ["A".repeat(64)] }, /64 lowercase hex/],
    ["a short hash", { hashes: ["abc"] }, /64 lowercase hex/],
    ["more hashes than a project has files", { hashes: Array.from({ length: 5001 }, () => "a".repeat(64)) }, /at most 5000/],
    ["no body shape", { want: ["a".repeat(64)] }, /hashes/],
  ])("answers 400 to a POST with %s", async (_case, body, message) => {
    const { projectId, snapshotId } = await newProject(alice, [{ type: "write", path: "a.txt", content: `bad ${tag}` }]);
    const res = await blobsOf(alice, projectId, snapshotId, body);
    expect(res.status).toBe(400);
    expect(res.data.error.message).toMatch(message);
  });

  it("answers 400 to a malformed hash or snapshot id in the URL", async () => {
    const { projectId } = await newProject(alice, [{ type: "write", path: "a.txt", content: `urls ${tag}` }]);
    for (const hash of ["not-a-hash", "A".repeat(64), "a".repeat(63)]) expect((await blob(alice, projectId, hash)).status).toBe(400);
    expect((await contentOf(alice, projectId, "x".repeat(65))).status).toBe(400);
  });
});

describe("snapshot content of a large project", () => {
  // Unique content, so this test's blobs are its own to delete.
  const tag = randomUUID();
  const fileCount = 3000;
  const files: Change[] = Array.from({ length: fileCount }, (_, i) => ({
    type: "write",
    path: `dir-${Math.floor(i / 100)}/file-${String(i).padStart(4, "0")}.txt`,
    content: `${tag} ${i} ${"x".repeat(900 + (i % 200))}\n`,
  }));
  let project: { projectId: string; snapshotId: string };

  beforeAll(async () => {
    project = await newProject(alice, files);
  }, 120_000);

  it("streams every one of 3,000 files", async () => {
    const res = await contentOf(alice, project.projectId, project.snapshotId);
    const frames = decode(new Uint8Array(await res.arrayBuffer()));
    const names = frames.flatMap((f) => (f.type === "file" ? [f.path] : []));
    expect(names).toHaveLength(fileCount);
    expect(new Set(names)).toEqual(new Set(files.map((f) => f.path)));
    expect(frames.at(-1)).toEqual({ type: "end", files: fileCount, blobs: fileCount });
  });

  it("reads the files from the database as the response is read, and cuts the response off when one is missing", async () => {
    const res = await contentOf(alice, project.projectId, project.snapshotId);
    const reader = res.body!.getReader();
    const decoder = createSnapshotDecoder();
    const seen: SnapshotFrame[] = [];
    // The first chunks: the folders, then the first batch of blobs.
    while (!seen.some((f) => f.type === "blob")) seen.push(...decoder.push((await reader.read()).value!));

    // The last files' blobs are deleted now: a response built before it was read would still hold them.
    const lastPaths = new Set(files.slice(-50).map((f) => f.path));
    const entries = (await listing(alice, project.projectId)).flatMap((e) => (e.kind === "file" ? [e] : []));
    const lastHashes = entries.filter((e) => lastPaths.has(e.path)).map((e) => e.hash);
    expect(lastHashes).toHaveLength(50);
    const db = await getDb();
    expect((await db.storedObject.deleteMany({ where: { hash: { in: lastHashes.map((h) => Buffer.from(h, "hex")) } } })).count).toBe(50);

    const rest = (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return "ended";
        seen.push(...decoder.push(value));
      }
    })();
    await expect(rest).rejects.toThrow(/missing or damaged/);
    expect(() => decoder.finish()).toThrow(/stopped before its end/);
    // Everything before the missing files did arrive.
    expect(seen.filter((f) => f.type === "file").length).toBeGreaterThan(0);
    expect(seen.filter((f) => f.type === "file").length).toBeLessThan(fileCount);
  });
});
