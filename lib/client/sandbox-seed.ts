import type { SeedEntry } from "@/lib/sandbox";
import type { ProjectListing } from "@/lib/validation/projects";
import { readSnapshotFrames } from "@/lib/validation/snapshot-content";
import { openBrowserBlobCache, type BlobCache } from "./blob-cache";
import type { ProjectApi } from "./project-api";

/**
 * The project's files at the listing's snapshot, for a sandbox that is seeded from the browser: the
 * bytes this browser already holds come from its blob cache, the rest in one streamed request (the
 * whole snapshot when nothing is held, else only the missing hashes), and what arrived is cached for
 * next time. `onProgress` counts files.
 */
export async function readSeedFiles({
  api,
  projectId,
  listing,
  cache = openBrowserBlobCache(),
  onProgress,
  signal,
}: {
  api: Pick<ProjectApi, "snapshotContent">;
  projectId: string;
  listing: ProjectListing;
  cache?: BlobCache | null;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}): Promise<SeedEntry[]> {
  // Every file the project holds, whatever its name: what the sandbox runs is what the project holds.
  const entries = listing.entries;
  const seed: SeedEntry[] = entries.flatMap((entry) => (entry.kind === "dir" ? [{ path: entry.path, kind: "dir" as const }] : []));
  const files = entries.flatMap((entry) => (entry.kind === "file" ? [entry] : []));
  const snapshotId = listing.snapshotId;
  if (snapshotId === null || files.length === 0) return seed;

  const filesByHash = new Map<string, number>();
  for (const file of files) filesByHash.set(file.hash, (filesByHash.get(file.hash) ?? 0) + 1);
  const bytesByHash = cache ? await cache.getMany([...filesByHash.keys()]) : new Map<string, Uint8Array>();
  let done = 0;
  for (const [hash, count] of filesByHash) if (bytesByHash.has(hash)) done += count;
  if (done > 0) onProgress?.(done, files.length);

  const missing = [...filesByHash.keys()].filter((hash) => !bytesByHash.has(hash));
  if (missing.length > 0) {
    signal?.throwIfAborted();
    // Nothing held: the whole snapshot, one GET the browser's HTTP cache keeps too.
    const whole = missing.length === filesByHash.size;
    const body = await api.snapshotContent(projectId, snapshotId, { hashes: whole ? undefined : missing, signal });
    const fetched = new Map<string, Uint8Array>();
    for await (const frame of readSnapshotFrames(body)) {
      if (frame.type !== "blob" || !filesByHash.has(frame.hash) || bytesByHash.has(frame.hash)) continue;
      bytesByHash.set(frame.hash, frame.bytes);
      fetched.set(frame.hash, frame.bytes);
      onProgress?.((done += filesByHash.get(frame.hash)!), files.length);
    }
    const lost = missing.find((hash) => !bytesByHash.has(hash));
    if (lost) throw new Error(`The server did not send the content of ${files.find((f) => f.hash === lost)!.path}; reload to try again`);
    // Not awaited: the sandbox need not wait for the cache.
    if (cache && fetched.size > 0) void cache.putMany(fetched);
  }
  for (const file of files) seed.push({ path: file.path, kind: "file", content: bytesByHash.get(file.hash)! });
  return seed;
}
