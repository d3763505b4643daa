import "server-only";
import type { TreeEntry } from "./objects";
import { readTrees } from "./store";

export type TreeChange =
  | { change: "added" | "modified"; path: string; kind: "file"; hash: string; size: number }
  | { change: "added"; path: string; kind: "dir" }
  | { change: "deleted"; path: string; kind: "file" | "dir" };

/**
 * What changed from one root tree to another. Folders with equal hashes are skipped whole, so the
 * cost follows the size of the change, not of the project. A deleted folder is one change; an
 * added folder lists the folder and everything in it.
 */
export async function diffTrees({ from, to }: { from: string; to: string }): Promise<TreeChange[]> {
  const out: TreeChange[] = [];
  let level: { from: string | null; to: string | null; prefix: string }[] = [{ from, to, prefix: "" }];
  while (level.length > 0) {
    const trees = await readTrees(level.flatMap((l) => [l.from, l.to]).filter((h): h is string => h !== null));
    const next: typeof level = [];
    for (const pair of level) {
      if (pair.from === pair.to) continue;
      const before = new Map((pair.from ? trees.get(pair.from)! : []).map((e) => [e.name, e]));
      const after = new Map((pair.to ? trees.get(pair.to)! : []).map((e) => [e.name, e]));
      for (const [name, a] of before) {
        const b = after.get(name);
        if (!b || b.kind !== a.kind) out.push({ change: "deleted", path: pair.prefix + name, kind: a.kind });
      }
      for (const [name, b] of after) {
        const a = before.get(name);
        const path = pair.prefix + name;
        const sameKind = a?.kind === b.kind;
        if (b.kind === "file") {
          if (!sameKind) out.push(fileChange("added", path, b));
          else if (a!.hash !== b.hash) out.push(fileChange("modified", path, b));
        } else {
          if (!sameKind) out.push({ change: "added", path, kind: "dir" });
          if (!sameKind || a!.hash !== b.hash) next.push({ from: sameKind ? a!.hash : null, to: b.hash, prefix: path + "/" });
        }
      }
    }
    level = next;
  }
  return out;
}

function fileChange(change: "added" | "modified", path: string, e: TreeEntry): TreeChange {
  return { change, path, kind: "file", hash: e.hash, size: e.size };
}
