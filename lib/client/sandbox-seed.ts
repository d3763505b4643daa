import type { SeedEntry } from "@/lib/sandbox";
import { isSyncExcluded } from "@/lib/sandbox/sync-excludes";
import type { ProjectListing } from "@/lib/validation/projects";
import type { ProjectApi } from "./project-api";

/**
 * The project's files at the listing's snapshot, for a sandbox that is seeded from the browser.
 * Fetched a few at a time (each is an immutable, cacheable request); `onProgress` counts files.
 */
export async function readSeedFiles({
  api,
  projectId,
  listing,
  concurrency = 6,
  onProgress,
  signal,
}: {
  api: Pick<ProjectApi, "readBytes">;
  projectId: string;
  listing: ProjectListing;
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}): Promise<SeedEntry[]> {
  const entries = listing.entries.filter((entry) => !isSyncExcluded(entry.path));
  const seed: SeedEntry[] = entries.flatMap((entry) => (entry.kind === "dir" ? [{ path: entry.path, kind: "dir" as const }] : []));
  const files = entries.filter((entry) => entry.kind === "file");
  const snapshotId = listing.snapshotId;
  if (snapshotId === null || files.length === 0) return seed;
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < files.length) {
      signal?.throwIfAborted();
      const entry = files[next++]!;
      seed.push({ path: entry.path, kind: "file", content: await api.readBytes(projectId, entry.path, snapshotId) });
      onProgress?.((done += 1), files.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  return seed;
}
