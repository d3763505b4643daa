import "server-only";
import { getLockedPaths } from "@/lib/db/queries/projects";
import { getSnapshotById } from "@/lib/db/queries/snapshots";
import type { Sandbox } from "@/lib/sandbox/types";
import { listFiles } from "@/lib/snapshots/read";
import { readBlobs } from "@/lib/snapshots/store";
import { planLockedWrites, type SandboxChange } from "@/lib/agent/locked-writes";

/**
 * The agent's side of every save from a sandbox: changes to locked paths are dropped, and the
 * sandbox gets those paths back as they were at `baseSnapshotId`, so it does not drift from the
 * project. Returns what may be saved and the locked paths that were refused.
 */
export async function guardLockedWrites<C extends SandboxChange>({
  projectId,
  baseSnapshotId,
  changes,
  sandbox,
  takeChanges,
}: {
  projectId: string;
  baseSnapshotId: string | null;
  changes: readonly C[];
  sandbox: Sandbox;
  /** Drops the restores from the sandbox's change log (they are what is saved already). */
  takeChanges: () => unknown;
}): Promise<{ allowed: C[]; refused: string[] }> {
  const locked = await getLockedPaths({ projectId });
  if (locked.length === 0 || changes.length === 0) return { allowed: [...changes], refused: [] };
  const base = baseSnapshotId ? await getSnapshotById({ projectId, id: baseSnapshotId }) : null;
  const baseEntries = base ? await listFiles({ rootTree: base.rootTree }) : [];
  const plan = planLockedWrites({ changes, locked, base: () => baseEntries });
  if (plan.refused.length === 0 && plan.restore.length === 0 && plan.remove.length === 0) return { allowed: plan.allowed as C[], refused: [] };

  const byPath = new Map(baseEntries.map((e) => [e.path, e]));
  const blobs = await readBlobs(plan.restore.flatMap((path) => {
    const entry = byPath.get(path);
    return entry?.kind === "file" ? [entry.hash] : [];
  }));
  for (const path of plan.remove) await sandbox.rm(path, { recursive: true }).catch(() => undefined);
  for (const path of plan.restore) {
    const entry = byPath.get(path)!;
    if (entry.kind === "dir") await sandbox.mkdir(path);
    else {
      await sandbox.rm(path, { recursive: true }).catch(() => undefined);
      await sandbox.writeFile(path, blobs.get(entry.hash)!);
    }
  }
  takeChanges();
  return { allowed: plan.allowed as C[], refused: plan.refused };
}
