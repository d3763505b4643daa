import "server-only";
import type { TreeEntry } from "@/lib/snapshots/objects";
import { emptyTree } from "@/lib/snapshots/objects";
import { readTrees } from "@/lib/snapshots/store";

/**
 * One file that differs between two snapshots, with the blob hash on each side (null where the side
 * has no file), so a client fetches the texts it opens and nothing else.
 */
export type FileDiff =
  | { change: "added"; path: string; before: null; after: string; size: number }
  | { change: "modified"; path: string; before: string; after: string; size: number }
  | { change: "deleted"; path: string; before: string; after: null; size: number }
  | { change: "moved"; path: string; from: string; before: string; after: string; size: number };

type Side = Map<string, TreeEntry>;

/**
 * Every file that differs from root tree `from` to root tree `to`. Both trees are walked together one
 * folder level per query, and folders whose hashes are equal are skipped whole, so the cost follows
 * the change, not the project (a 10-file change in a 2,000-file project reads only the folders on
 * those 10 paths). Folders that exist on one side only are listed file by file. A file deleted in one
 * place and added in another with the same bytes is reported as one move. Sorted by path.
 */
export async function diffSnapshots({ from, to }: { from: string | null; to: string | null }): Promise<FileDiff[]> {
  const fromRoot = from ?? emptyTree.hash;
  const toRoot = to ?? emptyTree.hash;
  const deleted = new Map<string, TreeEntry>();
  const added = new Map<string, TreeEntry>();
  const modified: FileDiff[] = [];
  let level: { from: string | null; to: string | null; prefix: string }[] = fromRoot === toRoot ? [] : [{ from: fromRoot, to: toRoot, prefix: "" }];
  while (level.length > 0) {
    const trees = await readTrees(level.flatMap((l) => [l.from, l.to]).filter((h): h is string => h !== null));
    const next: typeof level = [];
    for (const pair of level) {
      const before: Side = new Map((pair.from ? trees.get(pair.from)! : []).map((e) => [e.name, e]));
      const after: Side = new Map((pair.to ? trees.get(pair.to)! : []).map((e) => [e.name, e]));
      for (const name of new Set([...before.keys(), ...after.keys()])) {
        const a = before.get(name);
        const b = after.get(name);
        if (a?.hash === b?.hash && a?.kind === b?.kind) continue;
        const path = pair.prefix + name;
        const aDir = a?.kind === "dir" ? a.hash : null;
        const bDir = b?.kind === "dir" ? b.hash : null;
        if (aDir !== null || bDir !== null) next.push({ from: aDir, to: bDir, prefix: path + "/" });
        if (a?.kind === "file" && b?.kind === "file") modified.push({ change: "modified", path, before: a.hash, after: b.hash, size: b.size });
        else {
          if (a?.kind === "file") deleted.set(path, a);
          if (b?.kind === "file") added.set(path, b);
        }
      }
    }
    level = next;
  }
  return [...pairMoves(deleted, added), ...modified].sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

/** Deleted and added files with equal bytes become moves (first by path, like git's rename detection with exact matches). */
function pairMoves(deleted: Map<string, TreeEntry>, added: Map<string, TreeEntry>): FileDiff[] {
  const sourcesByHash = new Map<string, string[]>();
  for (const [path, e] of [...deleted].sort(([x], [y]) => (x < y ? -1 : 1))) sourcesByHash.set(e.hash, [...(sourcesByHash.get(e.hash) ?? []), path]);
  const out: FileDiff[] = [];
  for (const [path, e] of [...added].sort(([x], [y]) => (x < y ? -1 : 1))) {
    const source = sourcesByHash.get(e.hash)?.shift();
    if (source === undefined) out.push({ change: "added", path, before: null, after: e.hash, size: e.size });
    else {
      deleted.delete(source);
      out.push({ change: "moved", path, from: source, before: e.hash, after: e.hash, size: e.size });
    }
  }
  for (const [path, e] of deleted) out.push({ change: "deleted", path, before: e.hash, after: null, size: e.size });
  return out;
}
