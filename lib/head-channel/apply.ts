import type { FileEntry } from "@/lib/validation/projects";
import type { PathChange } from "./types";

const inside = (path: string, folder: string) => path === folder || path.startsWith(folder + "/");

/** Applies a change set to a listing, giving the listing of the snapshot it leads to (sorted by path). */
export function applyChangeSet(entries: FileEntry[], changes: PathChange[]): FileEntry[] {
  const byPath = new Map(entries.map((e) => [e.path, e]));
  for (const c of changes) {
    if (c.op === "delete") {
      for (const path of byPath.keys()) if (inside(path, c.path)) byPath.delete(path);
    } else if (c.op === "mkdir") byPath.set(c.path, { path: c.path, kind: "dir" });
    else if (c.op === "move") {
      byPath.delete(c.from);
      byPath.set(c.to, { path: c.to, kind: "file", hash: c.hash, size: c.size });
    } else byPath.set(c.path, { path: c.path, kind: "file", hash: c.hash, size: c.size });
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
