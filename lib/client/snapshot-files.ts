import { readSnapshotFrames } from "@/lib/validation/snapshot-content";
import { openBrowserBlobCache, type BlobCache } from "./blob-cache";
import type { ProjectApi } from "./project-api";

/**
 * The bytes of some files at a snapshot, by blob hash: what this browser's blob cache holds, the
 * rest in one request (the batched POST of the snapshot's content) rather than one per file; what
 * arrived is cached for next time. A file the server did not send is an error naming it.
 */
export async function readSnapshotFiles({
  api,
  projectId,
  snapshotId,
  files,
  cache = openBrowserBlobCache(),
  signal,
}: {
  api: Pick<ProjectApi, "snapshotContent">;
  projectId: string;
  snapshotId: string;
  files: readonly { path: string; hash: string }[];
  cache?: BlobCache | null;
  signal?: AbortSignal;
}): Promise<Map<string, Uint8Array>> {
  const hashes = [...new Set(files.map((file) => file.hash))];
  const bytesByHash = cache && hashes.length > 0 ? await cache.getMany(hashes) : new Map<string, Uint8Array>();
  const missing = hashes.filter((hash) => !bytesByHash.has(hash));
  const wanted = new Set(missing);
  if (missing.length > 0) {
    const body = await api.snapshotContent(projectId, snapshotId, { hashes: missing, signal });
    const fetched = new Map<string, Uint8Array>();
    for await (const frame of readSnapshotFrames(body)) {
      if (frame.type !== "blob" || bytesByHash.has(frame.hash) || !wanted.has(frame.hash)) continue;
      bytesByHash.set(frame.hash, frame.bytes);
      fetched.set(frame.hash, frame.bytes);
    }
    const lost = files.find((file) => !bytesByHash.has(file.hash));
    if (lost) throw new Error(`The server did not send the content of "${lost.path}"; reload to try again`);
    if (cache && fetched.size > 0) void cache.putMany(fetched);
  }
  return new Map(files.map((file) => [file.path, bytesByHash.get(file.hash)!]));
}
