import { SandboxError, type Sandbox } from "@/lib/sandbox/types";

/**
 * What a sandbox holds under each locked path (bytes per file, "dir" per folder), and the paths
 * in the folders around them: a command that deletes such a folder and the restore that brings the
 * locked file back leave the folder in place, so what else went with it must be told to the sync.
 */
export type LockedFiles = { locked: Map<string, Map<string, Uint8Array | "dir">>; around: Set<string> };

const depth = (path: string) => path.split("/").length;

async function readTree(sandbox: Sandbox, path: string, into: Map<string, Uint8Array | "dir">, namesOnly = false) {
  let kind: "file" | "dir";
  try {
    kind = (await sandbox.stat(path)).kind;
  } catch (error) {
    if (error instanceof SandboxError && (error.code === "ENOENT" || error.code === "ENOTDIR")) return;
    throw error;
  }
  if (kind === "file") {
    into.set(path, namesOnly ? new Uint8Array() : await sandbox.readFile(path));
    return;
  }
  into.set(path, "dir");
  for (const entry of await sandbox.readdir(path)) await readTree(sandbox, `${path}/${entry.name}`, into, namesOnly);
}

/** Reads every locked path (a folder with what is inside) from the sandbox, before the agent's command runs. */
export async function readLockedFiles(sandbox: Sandbox, locked: readonly string[]): Promise<LockedFiles> {
  const files: LockedFiles = { locked: new Map(), around: new Set() };
  for (const path of locked) {
    const tree = new Map<string, Uint8Array | "dir">();
    await readTree(sandbox, path, tree);
    files.locked.set(path, tree);
  }
  const tops = new Set(locked.filter((path) => path.includes("/")).map((path) => path.slice(0, path.indexOf("/"))));
  for (const top of tops) {
    const names = new Map<string, Uint8Array | "dir">();
    await readTree(sandbox, top, names, true);
    for (const path of names.keys()) files.around.add(path);
  }
  return files;
}

function sameTree(a: Map<string, Uint8Array | "dir">, b: Map<string, Uint8Array | "dir">): boolean {
  if (a.size !== b.size) return false;
  for (const [path, value] of a) {
    const other = b.get(path);
    if (other === undefined) return false;
    if (value === "dir" || other === "dir") {
      if (value !== other) return false;
    } else if (value.byteLength !== other.byteLength || value.some((byte, i) => byte !== other[i])) return false;
  }
  return true;
}

/**
 * After the agent's command: puts every locked path it changed back as it was (the sandbox then
 * matches the project, so nothing of it is saved). Returns those paths, sorted, and the paths
 * around them that are gone now (to be checked by the sync, which heard only of their folder).
 */
export async function restoreLockedFiles(sandbox: Sandbox, before: LockedFiles): Promise<{ refused: string[]; vanished: string[] }> {
  const refused: string[] = [];
  for (const [path, was] of before.locked) {
    const now = new Map<string, Uint8Array | "dir">();
    await readTree(sandbox, path, now);
    if (sameTree(was, now)) continue;
    refused.push(path);
    await sandbox.rm(path, { recursive: true }).catch(() => undefined);
    const entries = [...was].sort(([a], [b]) => depth(a) - depth(b));
    for (const [entryPath, value] of entries) {
      if (value === "dir") await sandbox.mkdir(entryPath);
      else await sandbox.writeFile(entryPath, value);
    }
  }
  const vanished: string[] = [];
  if (refused.length > 0) for (const path of before.around) if (!(await sandbox.exists(path))) vanished.push(path);
  return { refused: refused.sort(), vanished };
}
