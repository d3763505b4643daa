import "server-only";
import { AppError } from "@/lib/errors";
import type { FileEntry } from "@/lib/validation/projects";
import { baseName, parentOf } from "@/lib/validation/paths";
import { readBlob, readTree, readTrees } from "./store";

/** Every file and folder of a snapshot, walking its trees one folder level per query. */
export async function listFiles({ rootTree }: { rootTree: string }): Promise<FileEntry[]> {
  const out: FileEntry[] = [];
  let level: { hash: string; prefix: string }[] = [{ hash: rootTree, prefix: "" }];
  while (level.length > 0) {
    const trees = await readTrees(level.map((l) => l.hash));
    const next: typeof level = [];
    for (const { hash, prefix } of level) {
      for (const entry of trees.get(hash)!) {
        const path = prefix + entry.name;
        if (entry.kind === "dir") {
          out.push({ path, kind: "dir" });
          next.push({ hash: entry.hash, prefix: path + "/" });
        } else {
          out.push({ path, kind: "file", size: entry.size, hash: entry.hash });
        }
      }
    }
    level = next;
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Reads one file of a snapshot by path. */
export async function readFileAt({ rootTree, path }: { rootTree: string; path: string }): Promise<Uint8Array> {
  let hash = rootTree;
  for (const name of parentOf(path) === "" ? [] : parentOf(path).split("/")) {
    const dir = (await readTree(hash)).find((e) => e.name === name && e.kind === "dir");
    if (!dir) throw new AppError("not_found:file", `"${path}" does not exist in this snapshot`);
    hash = dir.hash;
  }
  const file = (await readTree(hash)).find((e) => e.name === baseName(path));
  if (!file || file.kind !== "file") throw new AppError("not_found:file", `"${path}" does not exist in this snapshot`);
  return readBlob(file.hash);
}
