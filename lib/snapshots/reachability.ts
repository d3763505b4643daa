import "server-only";
import { listSnapshotRootTrees } from "@/lib/db/queries/snapshot-roots";
import { readTrees } from "./store";

// What a root tree reaches never changes, so the set is kept per root. A 2,000-file project's set is
// ~2,200 hashes (~200 kB); a handful of roots (the heads being read now) covers the common case.
const reachableCacheMaxRoots = 16;
const reachableByRoot = new Map<string, Promise<Set<string>>>();

/** Every tree and blob hash below `rootTree` (itself included), walking one folder level per query. */
function reachableFrom(rootTree: string): Promise<Set<string>> {
  const cached = reachableByRoot.get(rootTree);
  if (cached) {
    // Most recently used last, so the oldest is evicted first.
    reachableByRoot.delete(rootTree);
    reachableByRoot.set(rootTree, cached);
    return cached;
  }
  const walk = walkTrees({ roots: [rootTree], found: () => false }).then((r) => r.seen);
  walk.catch(() => reachableByRoot.delete(rootTree));
  reachableByRoot.set(rootTree, walk);
  if (reachableByRoot.size > reachableCacheMaxRoots) reachableByRoot.delete(reachableByRoot.keys().next().value!);
  return walk;
}

const levelBatch = 500;

/**
 * Walks the trees below `roots` together, visiting each distinct tree once (snapshots of one project
 * share most of their subtrees), until `found` says stop. Hashes in `known` (already searched) are
 * not entered.
 */
async function walkTrees({ roots, found, known }: { roots: string[]; found: (hash: string) => boolean; known?: Set<string> }): Promise<{ seen: Set<string>; hit: boolean }> {
  const seen = new Set<string>(roots);
  if (roots.some(found)) return { seen, hit: true };
  let level = [...seen];
  while (level.length > 0) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += levelBatch) {
      const trees = await readTrees(level.slice(i, i + levelBatch));
      for (const entries of trees.values()) {
        for (const entry of entries) {
          if (seen.has(entry.hash) || known?.has(entry.hash)) continue;
          seen.add(entry.hash);
          if (found(entry.hash)) return { seen, hit: true };
          if (entry.kind === "dir") next.push(entry.hash);
        }
      }
    }
    level = next;
  }
  return { seen, hit: false };
}

/**
 * Whether `hash` is reachable from a snapshot of the project. Objects are shared across projects, so
 * knowing a hash proves nothing: a read by hash is served only for this. The head is checked first
 * (its set is cached: one walk per head, then a lookup); an older object costs a walk of the
 * project's history, each distinct tree once (trees are cached by hash), stopping at the first hit.
 */
export async function isReachableFromProject({ projectId, headRootTree, hash }: { projectId: string; headRootTree: string | null; hash: string }): Promise<boolean> {
  const head = headRootTree ? await reachableFrom(headRootTree) : undefined;
  if (head?.has(hash)) return true;
  // Subtrees the head shares with older snapshots were just searched.
  const roots = (await listSnapshotRootTrees({ projectId })).filter((root) => !head?.has(root));
  if (roots.length === 0) return false;
  return (await walkTrees({ roots, found: (h) => h === hash, known: head })).hit;
}
