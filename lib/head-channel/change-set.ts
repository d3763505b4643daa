import "server-only";
import { diffTrees } from "@/lib/snapshots/diff";
import { readTree } from "@/lib/snapshots/store";
import { TreeEditor } from "@/lib/snapshots/tree-edit";
import type { PathChange } from "./types";

/**
 * The changes that turn the listing of root tree `from` into that of `to`, in the order they must
 * be applied: deletions, then folders and files added or changed (parents first), then moves. A file
 * deleted in one place and added elsewhere with the same bytes is reported as a move, so the client
 * keeps an open editor on it; a path whose kind changed is a delete and an add, never a move source.
 */
export async function computeChangeSet({ from, to }: { from: string; to: string }): Promise<PathChange[]> {
  if (from === to) return [];
  const diff = await diffTrees({ from, to });
  const added = new Set(diff.flatMap((c) => (c.change === "added" ? [c.path] : [])));
  const deletedFiles = diff.flatMap((c) => (c.change === "deleted" && c.kind === "file" && !added.has(c.path) ? [c.path] : []));
  const sourcesByHash = new Map<string, string[]>();
  for (const [path, hash] of await fileHashes(from, deletedFiles)) sourcesByHash.set(hash, [...(sourcesByHash.get(hash) ?? []), path]);

  const moves: PathChange[] = [];
  const moved = new Set<string>();
  for (const c of diff) {
    if (c.kind !== "file" || c.change !== "added") continue;
    const source = sourcesByHash.get(c.hash)?.shift();
    if (source === undefined) continue;
    moves.push({ op: "move", from: source, to: c.path, hash: c.hash, size: c.size });
    moved.add(source).add(c.path);
  }
  const deletes: PathChange[] = [];
  const edits: PathChange[] = [];
  for (const c of diff) {
    if (c.kind === "file" && moved.has(c.path)) continue;
    if (c.change === "deleted") deletes.push({ op: "delete", path: c.path, kind: c.kind });
    else if (c.kind === "dir") edits.push({ op: "mkdir", path: c.path });
    else edits.push({ op: c.change === "added" ? "add" : "change", path: c.path, hash: c.hash, size: c.size });
  }
  return [...deletes, ...edits, ...moves];
}

/** diffTrees names a deleted file without its hash; moves are found by hash, so these are looked up. */
async function fileHashes(rootTree: string, paths: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (paths.length === 0) return out;
  const editor = await TreeEditor.open(readTree, rootTree);
  for (const path of paths) {
    const entry = await editor.get(path);
    if (entry?.kind === "file") out.set(path, entry.hash);
  }
  return out;
}
