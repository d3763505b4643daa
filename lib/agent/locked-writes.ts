import { isSameOrInside, parentOf } from "@/lib/validation/paths";

/** One change a sandbox reports, as saved to a snapshot (the box's BoxFileChange without its bytes' type). */
export type SandboxChange = { type: "write"; path: string; content: Uint8Array } | { type: "mkdir"; path: string } | { type: "delete"; path: string };

/** A path of the tree the agent's writes started from. */
export type BaseEntry = { path: string; kind: "file" | "dir" };

/** True when `path` is a locked path or inside a locked folder: the agent may not change it. */
export function isLockedPath(locked: readonly string[], path: string): boolean {
  return locked.some((lockedPath) => isSameOrInside(path, lockedPath));
}

/** True when the folder `path` holds a locked path: removing or replacing it would take that along. */
export function holdsLockedPath(locked: readonly string[], path: string): boolean {
  return locked.some((lockedPath) => lockedPath !== path && isSameOrInside(lockedPath, path));
}

export type LockedWritesPlan = {
  /** What may be saved. */
  allowed: SandboxChange[];
  /** Locked paths the changes would have written, created or removed, sorted. */
  refused: string[];
  /** Paths to put back in the sandbox as they are in the base tree (files and folders), shallowest first. */
  restore: string[];
  /** Paths to remove from the sandbox (the base tree has nothing there). */
  remove: string[];
};

const depth = (path: string) => path.split("/").length;

/**
 * Splits the changes a sandbox made for the agent into what may be saved and what touches a locked
 * path, whatever made them (a tool, a command, code). A deleted folder holding a locked file is
 * saved as deletes of everything else in it; the refused paths are restored from the base tree.
 */
export function planLockedWrites({
  changes,
  locked,
  base,
}: {
  changes: readonly SandboxChange[];
  locked: readonly string[];
  /** The tree the changes started from: needed only when something is refused. */
  base: () => readonly BaseEntry[];
}): LockedWritesPlan {
  const plan: LockedWritesPlan = { allowed: [], refused: [], restore: [], remove: [] };
  if (locked.length === 0) return { ...plan, allowed: [...changes] };
  const refused = new Set<string>();
  const restore = new Set<string>();
  const remove = new Set<string>();
  let baseEntries: Map<string, BaseEntry> | null = null;
  const baseMap = () => (baseEntries ??= new Map(base().map((e) => [e.path, e])));
  /** Puts `path` (and what the base holds under it) back, or removes it when the base has none. */
  const putBack = (path: string) => {
    if (baseMap().has(path)) {
      for (const entry of baseMap().values()) if (isSameOrInside(entry.path, path)) restore.add(entry.path);
    } else remove.add(path);
  };

  for (const change of changes) {
    const { path } = change;
    if (isLockedPath(locked, path)) {
      // The locked path itself, or something inside a locked folder.
      if (change.type !== "mkdir" || !baseMap().has(path)) refused.add(lockedRootOf(locked, path));
      putBack(path);
      continue;
    }
    if (!holdsLockedPath(locked, path)) {
      plan.allowed.push(change);
      continue;
    }
    // A folder holding a locked path.
    if (change.type === "mkdir") {
      plan.allowed.push(change);
      continue;
    }
    for (const lockedPath of locked) if (isSameOrInside(lockedPath, path) && lockedPath !== path) refused.add(lockedPath);
    if (change.type === "write") {
      // A file where the folder was: the folder's delete came first and is handled below.
      remove.add(path);
      continue;
    }
    // Delete everything in the folder except the locked paths and the folders leading to them.
    for (const entry of baseMap().values()) {
      if (!isSameOrInside(entry.path, path) || entry.path === path) continue;
      if (isLockedPath(locked, entry.path) || holdsLockedPath(locked, entry.path)) restore.add(entry.path);
      // Only the topmost: a deleted folder stands for its contents.
      else if (parentOf(entry.path) === path || holdsLockedPath(locked, parentOf(entry.path))) plan.allowed.push({ type: "delete", path: entry.path });
    }
  }
  plan.refused = [...refused].sort();
  plan.restore = [...restore].sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : 1));
  plan.remove = [...remove].filter((path) => !restore.has(path)).sort((a, b) => depth(b) - depth(a));
  // Deletes, then new folders, then writes, as the sandbox reports them.
  plan.allowed.sort((a, b) => order(a) - order(b));
  return plan;
}

const order = (change: SandboxChange) => (change.type === "delete" ? 0 : change.type === "mkdir" ? 1 : 2);

function lockedRootOf(locked: readonly string[], path: string): string {
  return locked.find((lockedPath) => isSameOrInside(path, lockedPath)) ?? path;
}

/** What a tool result says about refused writes, for the model and the person reading the card. */
export function refusedWritesMessage(paths: readonly string[]): string {
  return `Refused and undone: changes to ${paths.join(", ")}. The user locked ${paths.length === 1 ? "this path" : "these paths"}; the agent may read but not change ${paths.length === 1 ? "it" : "them"}. Ask the user to unlock it if the change is needed.`;
}
