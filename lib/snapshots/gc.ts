import "server-only";
import { z } from "zod";
import { compressDeferred } from "@/lib/db/queries/object-deltas";
import { deleteEmptyPacks, listSparsePacks, rewritePack } from "@/lib/db/queries/object-packs";
import { deleteObjectsWrittenBefore, listAllSnapshotRoots, listDeltaBases, listObjectsWrittenBefore } from "@/lib/db/queries/objects";
import { emptyTree } from "./objects";
import { readTrees } from "./store";

export const collectorEnvSchema = z.object({
  /** Objects written this recently are never collected: a save or import in flight has not yet made them reachable. */
  OBJECT_GC_GRACE_MINUTES: z.coerce.number().int().min(5).default(60),
  /** How often each app instance collects; 0 turns the periodic collection off (deletions still trigger one). */
  OBJECT_GC_INTERVAL_MINUTES: z.coerce.number().int().min(0).default(60),
});

export type CollectionResult = {
  roots: number;
  reachable: number;
  deleted: number;
  bytesFreed: number;
  /** Packs deleted (no object left in them) and rewritten (under half of their bytes still used). */
  packsDeleted: number;
  packsRewritten: number;
  /** Objects saves stored whole, now stored as deltas against what they replaced. */
  compressed: number;
  ms: number;
};

const treeBatch = 500;
const sweepPage = 5_000;

/**
 * Deletes the objects no snapshot reaches (left by deleted projects and by saves or imports killed
 * halfway), mark and sweep. Safe beside concurrent saves without a lock: an object a snapshot made
 * after the mark reaches was either written by that save (so it is recent) or reached from its
 * parent, which the mark saw; and a save that reuses an existing object stamps it, which the delete
 * re-checks row by row (lib/db/queries/objects.ts). Deltas are read through their base, so every
 * base a row names is kept. Then packs: emptied ones are deleted, mostly dead ones rewritten.
 * Last, what saves stored whole for later is compressed against what it replaced (as git gc makes
 * deltas of loose objects). Two collectors at once only repeat work.
 */
export async function collectGarbage({
  graceMs = collectorEnvSchema.parse(process.env).OBJECT_GC_GRACE_MINUTES * 60_000,
  beforeSweep,
}: { graceMs?: number; beforeSweep?: () => Promise<void> } = {}): Promise<CollectionResult> {
  const started = Date.now();
  // Fixed before the mark: whatever is written after it starts counts as recent.
  const cutoff = new Date(started - graceMs);
  const roots = await listAllSnapshotRoots();
  const reachable = new Set<string>([emptyTree.hash]);
  let frontier = roots.filter((hash) => !reachable.has(hash));
  for (const hash of frontier) reachable.add(hash);
  while (frontier.length > 0) {
    const next: string[] = [];
    for (let i = 0; i < frontier.length; i += treeBatch) {
      // A missing tree throws: a store that is already damaged is not swept.
      for (const entries of (await readTrees(frontier.slice(i, i + treeBatch))).values())
        for (const entry of entries) {
          if (reachable.has(entry.hash)) continue;
          reachable.add(entry.hash);
          if (entry.kind === "dir") next.push(entry.hash);
        }
    }
    frontier = next;
  }
  // Listed after the mark: a delta written since is against an object its parent snapshot reaches.
  for (const base of await listDeltaBases()) reachable.add(base);
  await beforeSweep?.();

  let deleted = 0;
  let bytesFreed = 0;
  let after = "";
  for (;;) {
    const page = await listObjectsWrittenBefore({ cutoff, after, limit: sweepPage });
    if (page.length === 0) break;
    after = page.at(-1)!;
    const gone = await deleteObjectsWrittenBefore({ hashes: page.filter((hash) => !reachable.has(hash)), cutoff });
    deleted += gone.count;
    bytesFreed += gone.bytes;
  }
  const packsDeleted = await deleteEmptyPacks({ cutoff });
  let packsRewritten = 0;
  for (const pack of await listSparsePacks({ cutoff })) if ((await rewritePack(pack)) > 0) packsRewritten++;
  const compressed = await compressDeferred();
  return { roots: roots.length, reachable: reachable.size, deleted, bytesFreed, packsDeleted, packsRewritten, compressed, ms: Date.now() - started };
}
