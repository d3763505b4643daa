import { agentScratchFolder } from "@/lib/agent/scratch-folder";
import { isSyncExcluded } from "@/lib/sandbox/sync-excludes";
import type { Sandbox } from "@/lib/sandbox/types";
import { isSameOrInside } from "@/lib/validation/paths";
import type { ProjectListing } from "@/lib/validation/projects";

/** What the sandbox holds at a path: files with their blob hash, as listings carry it. */
export type ScannedEntry = { kind: "dir" } | { kind: "file"; hash: string };

const isMissing = (error: unknown) => (error as { code?: unknown } | null)?.code === "ENOENT";
const skipped = (path: string) => isSyncExcluded(path) || isSameOrInside(path, agentScratchFolder);

/**
 * Everything under `folder` ("" for the whole project) in the sandbox, read recursively, without
 * the folders a sandbox never syncs. Files are read and hashed: WebContainer's fs has no stat, so
 * neither size nor modification time can be learned without reading (fs-verbs), and the hash also
 * sees an edit that kept the size. A folder that is gone gives an empty map.
 */
export async function scanSandboxFolder({
  sandbox,
  folder,
  hash,
}: {
  sandbox: Sandbox;
  folder: string;
  hash: (input: { bytes: Uint8Array }) => Promise<string>;
}): Promise<Map<string, ScannedEntry>> {
  const found = new Map<string, ScannedEntry>();
  const walk = async (dir: string) => {
    let entries;
    try {
      entries = await sandbox.readdir(dir);
    } catch (error) {
      // Gone (or turned into a file) since it was named: what was known under it differs.
      const code = (error as { code?: unknown } | null)?.code;
      if (code === "ENOENT" || code === "ENOTDIR") return;
      throw error;
    }
    for (const entry of entries) {
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      if (skipped(path)) continue;
      if (entry.kind === "dir") {
        found.set(path, { kind: "dir" });
        await walk(path);
        continue;
      }
      try {
        found.set(path, { kind: "file", hash: await hash({ bytes: await sandbox.readFile(path) }) });
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
  };
  await walk(folder);
  return found;
}

/** The paths under `folder` ("" for all) where the sandbox and the listing differ: in one only, of another kind or content. */
export function pathsThatDiffer({
  listing,
  found,
  folder,
}: {
  listing: ProjectListing;
  found: ReadonlyMap<string, ScannedEntry>;
  folder: string;
}): string[] {
  const within = (path: string) => path !== folder && (folder === "" || isSameOrInside(path, folder)) && !skipped(path);
  const differ = new Set<string>();
  const listed = new Map(listing.entries.filter((entry) => within(entry.path)).map((entry) => [entry.path, entry]));
  for (const path of listed.keys()) if (!found.has(path)) differ.add(path);
  for (const [path, now] of found) {
    const before = listed.get(path);
    if (!before || before.kind !== now.kind || (now.kind === "file" && before.kind === "file" && before.hash !== now.hash)) differ.add(path);
  }
  return [...differ].sort();
}
