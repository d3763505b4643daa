import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { bundleHeader, parseBundle } from "@/lib/transfer/git-bundle";
import { decodeGitCommit, decodeGitTree, encodeGitCommit, encodeGitTree, gitSha } from "@/lib/transfer/git-objects";
import { packEntry, packParts, PackError, readPack } from "@/lib/transfer/git-pack";
import { importLimits } from "@/lib/transfer/limits";
import { readZip } from "@/lib/transfer/zip-read";
import { zipParts, type ZipInput } from "@/lib/transfer/zip-write";

async function collect(parts: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const out: Uint8Array[] = [];
  for await (const part of parts) out.push(part);
  return Buffer.concat(out);
}

const limits = { ...importLimits(), files: 10, depth: 4 };

describe("zip", () => {
  it("reads back what it writes: files, bytes, folders, UTF-8 names", async () => {
    const entries: ZipInput[] = [
      { path: "empty", dir: true },
      { path: "a/b.txt", data: Buffer.from("hello ".repeat(100)) },
      { path: "ünï.bin", data: Buffer.from([0, 255, 1]) },
      { path: "zero.txt", data: Buffer.alloc(0) },
    ];
    const zip = await collect(zipParts(entries, new Date("2026-01-01T00:00:00Z")));
    expect(await readZip(zip, limits)).toEqual(entries.map((e) => ("dir" in e ? e : { path: e.path, data: new Uint8Array(e.data) })));
  });

  it.each([
    ["not a zip", Buffer.from("hello"), /not a zip file/],
    ["a truncated zip", Buffer.from("PK\u0005\u0006" + "\u0000".repeat(18)).subarray(0, 10), /not a zip file/],
  ])("refuses %s", async (_name, bytes, message) => {
    await expect(readZip(bytes, limits)).rejects.toThrow(message);
  });
});

describe("git objects and packs", () => {
  const blob = { type: "blob" as const, data: Buffer.from("hi\n") };
  const tree = { type: "tree" as const, data: encodeGitTree([{ mode: "100644", name: "b", sha: gitSha(blob) }, { mode: "40000", name: "a", sha: gitSha({ type: "tree", data: encodeGitTree([]) }) }]) };
  const who = { name: "Ann <x>", email: "ann@example.test", seconds: 1_700_000_000, tz: "+0000" };
  const commit = { type: "commit" as const, data: encodeGitCommit({ tree: gitSha(tree), parents: [], author: who, committer: who, message: "First\n\nbody" }) };

  it("hashes as git does (the empty tree and a known blob)", () => {
    expect(gitSha({ type: "tree", data: encodeGitTree([]) })).toBe("4b825dc642cb6eb9a060e54bf8d69288fbee4904");
    expect(gitSha(blob)).toBe("45b983be36b73c0788dc9cbcb76cbb80fc7bb057");
  });

  it("sorts a folder as if its name ended in /, and round-trips trees and commits", () => {
    expect(decodeGitTree(tree.data).map((e) => e.name)).toEqual(["a", "b"]);
    expect(decodeGitCommit(commit.data)).toMatchObject({ tree: gitSha(tree), parents: [], author: { name: "Ann x", email: "ann@example.test" }, message: "First\n\nbody\n" });
  });

  it("reads back a pack and a bundle it writes", async () => {
    const objects = [commit, tree, blob];
    const pack = await collect(packParts(objects.length, objects.map(packEntry)));
    const bundle = Buffer.concat([bundleHeader([{ name: "refs/heads/main", sha: gitSha(commit) }]), pack]);
    const parsed = parseBundle(bundle);
    expect(parsed.refs).toEqual([{ name: "refs/heads/main", sha: gitSha(commit) }]);
    expect([...readPack(parsed.pack, { maxBytes: 1e6, maxObjects: 10 }).keys()].sort()).toEqual(objects.map(gitSha).sort());
  });

  it("stops an object that inflates past its announced size", async () => {
    // Announces 3 bytes, holds a megabyte of zeros.
    const header = Buffer.from([(3 << 4) | 3]);
    const pack = await collect(packParts(1, [Buffer.concat([header, deflateSync(Buffer.alloc(1_000_000))])]));
    expect(() => readPack(pack, { maxBytes: 1e9, maxObjects: 10 })).toThrow(PackError);
  });

  it("refuses a pack past its byte budget and incremental bundles", async () => {
    const pack = await collect(packParts(1, [packEntry({ type: "blob", data: Buffer.alloc(5000) })]));
    expect(() => readPack(pack, { maxBytes: 1000, maxObjects: 10 })).toThrow(/more than 1000 bytes/);
    expect(() => parseBundle(Buffer.from(`# v2 git bundle\n-${"a".repeat(40)} needs\n${"b".repeat(40)} refs/heads/main\n\nPACK`))).toThrow(/incremental/);
  });
});
