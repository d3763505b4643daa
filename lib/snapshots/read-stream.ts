import "server-only";
import { getBlobData } from "@/lib/db/queries/objects";
import { AppError } from "@/lib/errors";
import {
  encodeBlobHeader,
  encodeDirFrame,
  encodeEndFrame,
  encodeFileFrame,
  encodeMagic,
  framedLength,
} from "@/lib/validation/snapshot-content";
import { listFiles } from "./read";

// One batch is one query. 2 MB reads a 22 MB project in about a dozen round trips, while a response
// holds little more than two batches in memory (the one being sent, the one read ahead) however
// large the project is.
const batchMaxBytes = 2 * 1024 * 1024;
const batchMaxBlobs = 500;

type Batch = { blobs: { hash: string; size: number }[]; files: { path: string; hash: string }[] };

/** The body and its exact length; the stream reads blobs from the database batch by batch, as it is read. */
export type SnapshotContent = { body: ReadableStream<Uint8Array>; length: number };

/**
 * Streams a snapshot's content in the framed format of lib/validation/snapshot-content.ts: every
 * folder, then blobs and the files that use them, in path order, each distinct blob once. With
 * `hashes`, only those blobs (the ones a client lacks); each must be a file of this snapshot, else
 * `not_found:object`, answered before anything is streamed.
 */
export async function readSnapshotContent({ rootTree, hashes }: { rootTree: string; hashes?: readonly string[] }): Promise<SnapshotContent> {
  const entries = await listFiles({ rootTree });
  const sizeByHash = new Map<string, number>();
  for (const entry of entries) if (entry.kind === "file") sizeByHash.set(entry.hash, entry.size);

  const dirs = hashes ? [] : entries.flatMap((e) => (e.kind === "dir" ? [e.path] : []));
  const batches: Batch[] = [];
  let batch: Batch = { blobs: [], files: [] };
  let batchBytes = 0;
  const scheduled = new Set<string>();
  const schedule = (hash: string) => {
    if (scheduled.has(hash)) return;
    scheduled.add(hash);
    const size = sizeByHash.get(hash)!;
    batch.blobs.push({ hash, size });
    batchBytes += size;
  };
  const closeBatchIfFull = () => {
    if (batchBytes < batchMaxBytes && batch.blobs.length < batchMaxBlobs) return;
    batches.push(batch);
    batch = { blobs: [], files: [] };
    batchBytes = 0;
  };
  if (hashes) {
    for (const hash of hashes) {
      // A hash is not a capability: only what this snapshot holds is served.
      if (!sizeByHash.has(hash)) throw new AppError("not_found:object", `No file of this snapshot has the content ${hash.slice(0, 12)}…`);
      schedule(hash);
      closeBatchIfFull();
    }
  } else {
    for (const entry of entries) {
      if (entry.kind !== "file") continue;
      schedule(entry.hash);
      batch.files.push({ path: entry.path, hash: entry.hash });
      closeBatchIfFull();
    }
  }
  if (batch.blobs.length > 0 || batch.files.length > 0) batches.push(batch);

  const allBlobs = batches.flatMap((b) => b.blobs);
  const allFiles = batches.flatMap((b) => b.files);
  const length = framedLength({ blobs: allBlobs.map((b) => b.size), files: allFiles.map((f) => f.path), dirs });

  let next = -1; // -1: the magic and the folders
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (next === -1) controller.enqueue(concat([encodeMagic(), ...dirs.map(encodeDirFrame)]));
        else if (next < batches.length) controller.enqueue(await encodeBatch(batches[next]!));
        else {
          controller.enqueue(encodeEndFrame(allFiles.length, allBlobs.length));
          controller.close();
        }
        next += 1;
      } catch (error) {
        // The status line has gone out: all we can do is cut the response, which the client's
        // decoder reports (no end frame), rather than end it as if it were complete.
        console.error("Snapshot content stream failed", error);
        controller.error(error);
      }
    },
  });
  return { body, length };
}

async function encodeBatch(batch: Batch): Promise<Uint8Array> {
  const dataByHash = await getBlobData({ hashes: batch.blobs.map((b) => b.hash) });
  const parts: Uint8Array[] = [];
  for (const { hash, size } of batch.blobs) {
    const data = dataByHash.get(hash);
    if (!data || data.byteLength !== size) throw new AppError("internal:missing_object", `Stored file ${hash.slice(0, 12)} is missing or damaged`);
    parts.push(encodeBlobHeader(hash, size), data);
  }
  for (const file of batch.files) parts.push(encodeFileFrame(file.path, file.hash));
  return concat(parts);
}

function concat(parts: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const part of parts) total += part.byteLength;
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}
