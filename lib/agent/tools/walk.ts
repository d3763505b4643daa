import type { Sandbox } from "@/lib/sandbox/types";
import { isSyncExcluded } from "@/lib/sandbox/sync-excludes";
import { sandboxErrorToTool, type ToolError } from "./context";

/** Entries visited at most per walk, so a huge project cannot stall a tool. */
export const walkVisitCap = 20_000;

/** Files under `root` (breadth first), skipping sync-excluded folders, stopping after `max` visits. */
export async function walkFiles({
  sandbox,
  root,
  max,
  match = () => true,
}: {
  sandbox: Sandbox;
  root: string;
  max: number;
  match?: (path: string) => boolean;
}): Promise<{ files: string[]; truncated: boolean } | ToolError> {
  const files: string[] = [];
  const queue = [root];
  let visited = 0;
  while (queue.length > 0) {
    const dir = queue.shift()!;
    let entries;
    try {
      entries = await sandbox.readdir(dir);
    } catch (error) {
      if (dir === root) return sandboxErrorToTool(error, dir || ".");
      continue;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      if (isSyncExcluded(path)) continue;
      if (++visited > walkVisitCap) return { files, truncated: true };
      if (entry.kind === "dir") queue.push(path);
      else if (match(path)) {
        files.push(path);
        if (files.length >= max) return { files, truncated: true };
      }
    }
  }
  return { files, truncated: false };
}
