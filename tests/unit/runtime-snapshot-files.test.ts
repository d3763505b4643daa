import { describe, expect, it } from "vitest";
import type { BlobCache } from "@/lib/client/blob-cache";
import { readSnapshotFiles } from "@/lib/client/snapshot-files";
import type { ProjectSummary } from "@/lib/validation/projects";
import { createFakeProjectApi } from "../fixtures/fake-project-api";

const project: ProjectSummary = { id: "p1", name: "Demo", workspaceId: "w", headSnapshotId: null, updatedAt: "2026-01-01T00:00:00Z" };
const text = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder().decode(bytes) : undefined);

function memoryCache(): BlobCache & { held: Map<string, Uint8Array> } {
  const held = new Map<string, Uint8Array>();
  return {
    held,
    getMany: async (hashes) => new Map(hashes.flatMap((hash) => (held.has(hash) ? [[hash, held.get(hash)!] as const] : []))),
    putMany: async (blobs) => void blobs.forEach((bytes, hash) => held.set(hash, bytes)),
  };
}

describe("readSnapshotFiles", () => {
  it("reads a change set's files in one request, then from this browser's cache", async () => {
    const fake = createFakeProjectApi({ projects: [project], files: { "a.js": "alpha-7f3", "b.js": "beta-7f3", "c.js": "alpha-7f3" } });
    const listing = await fake.api.listing("p1");
    const files = listing.entries.flatMap((entry) => (entry.kind === "file" ? [{ path: entry.path, hash: entry.hash }] : []));
    const cache = memoryCache();
    const requests = () => fake.calls.filter((call) => call.method === "snapshotContent");

    const first = await readSnapshotFiles({ api: fake.api, projectId: "p1", snapshotId: listing.snapshotId!, files, cache });
    expect([...first].map(([path, bytes]) => [path, text(bytes)])).toEqual([
      ["a.js", "alpha-7f3"],
      ["b.js", "beta-7f3"],
      ["c.js", "alpha-7f3"],
    ]);
    // One request, asking for each content once.
    expect(requests()).toHaveLength(1);
    expect((requests()[0]!.args[2] as string[]).length).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 0));

    const again = await readSnapshotFiles({ api: fake.api, projectId: "p1", snapshotId: listing.snapshotId!, files, cache });
    expect(text(again.get("b.js"))).toBe("beta-7f3");
    expect(requests()).toHaveLength(1);
  });

  it("names a file whose content the server did not send", async () => {
    const fake = createFakeProjectApi({ projects: [project], files: { "a.js": "alpha-9d1" } });
    const listing = await fake.api.listing("p1");
    // A well-formed answer that holds none of the contents asked for.
    const api = { snapshotContent: (id: string, snapshotId: string) => fake.api.snapshotContent(id, snapshotId, { hashes: [] }) };
    await expect(
      readSnapshotFiles({ api, projectId: "p1", snapshotId: listing.snapshotId!, files: [{ path: "a.js", hash: "0".repeat(64) }], cache: null }),
    ).rejects.toThrow(/a\.js/);
  });
});
