import type { Sandbox } from "@/lib/sandbox/types";
import { isSyncExcluded } from "@/lib/sandbox/sync-excludes";
import { checkPath, sandboxErrorToTool, type ToolError } from "./context";
import { createGlobFilter } from "./glob";

/** Entries visited at most per walk, so a huge project cannot stall a tool. */
export const walkVisitCap = 20_000;

/**
 * The folder (or file) a tool call is scoped to: "" for the project root ("", ".", "/", "./"); a
 * leading "/" or "./" is read as the project root, which is what a model means by "/src".
 */
export function resolveScope(path: string | undefined): { path: string } | ToolError {
  const trimmed = (path ?? "").trim().replace(/^\.?\/+/, "").replace(/\/+$/, "");
  if (trimmed === "" || trimmed === ".") return { path: "" };
  return checkPath(trimmed);
}

export type Walked = {
  files: string[];
  /** Files seen (matching the glob or not), so an empty answer can say how much was looked at. */
  seen: number;
  /** Why the walk ended early: the visit cap, or `max` matching files. */
  stopped: "visits" | "files" | null;
  /** `root` was a file, not a folder. */
  rootIsFile: boolean;
};

/**
 * The one walk behind list_files, search and outline: files under `root` (breadth first, sorted per
 * folder), skipping sync-excluded folders (node_modules, .git, build output), keeping those that
 * `glob` matches (see createGlobFilter), stopping past `max` files or `walkVisitCap` entries. `root`
 * may name a file, which is then the only candidate.
 */
export async function walkFiles({
  sandbox,
  root,
  glob,
  max,
}: {
  sandbox: Sandbox;
  root: string;
  glob?: string;
  max: number;
}): Promise<Walked | ToolError> {
  const match = glob ? createGlobFilter(glob, root) : () => true;
  if (root) {
    try {
      const stat = await sandbox.stat(root);
      if (stat.kind === "file") {
        const name = root.slice(root.lastIndexOf("/") + 1);
        // A glob names files inside a folder; for a single file only its name is matched.
        const kept = !glob || match(root) || createGlobFilter(glob.slice(glob.lastIndexOf("/") + 1))(name);
        return { files: kept ? [root] : [], seen: 1, stopped: null, rootIsFile: true };
      }
    } catch (error) {
      return sandboxErrorToTool(error, root);
    }
  }
  const files: string[] = [];
  const queue = [root];
  let visited = 0;
  let seen = 0;
  while (queue.length > 0) {
    const dir = queue.shift()!;
    let entries;
    try {
      entries = await sandbox.readdir(dir);
    } catch (error) {
      if (dir === root) return sandboxErrorToTool(error, dir || ".");
      continue; // removed while walking
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      if (isSyncExcluded(path)) continue;
      if (++visited > walkVisitCap) return { files, seen, stopped: "visits", rootIsFile: false };
      if (entry.kind === "dir") {
        queue.push(path);
        continue;
      }
      seen++;
      if (!match(path)) continue;
      // One match past `max` proves there are more.
      if (files.length >= max) return { files, seen, stopped: "files", rootIsFile: false };
      files.push(path);
    }
  }
  return { files, seen, stopped: null, rootIsFile: false };
}
