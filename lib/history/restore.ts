import "server-only";
import { createSnapshotMovingHead, getProjectHead, getSnapshotById, type SnapshotRow } from "@/lib/db/queries/snapshots";
import { AppError } from "@/lib/errors";
import { saveChanges } from "@/lib/snapshots/save";
import { readBlob, readTree } from "@/lib/snapshots/store";
import { TreeEditor } from "@/lib/snapshots/tree-edit";
import { limits } from "@/lib/validation/limits";
import { storableLabel } from "@/lib/validation/stored-text";
import type { RestoreResult } from "./types";

export type RestoreInput = {
  projectId: string;
  userId: string;
  snapshotId: string;
  /** The head the person looked at when choosing; when the head moved since, a whole restore is refused (409). */
  baseSnapshotId?: string | null;
  /** Restore only this file (as it was in the snapshot: its bytes, or its absence). */
  path?: string;
};

/**
 * Restores a snapshot, or one file of it, as a new snapshot on top of the head: nothing is destroyed,
 * and restoring the previous head undoes it. Both go through the head's compare-and-set, so open
 * editors, the sandbox and other tabs follow through the head channel like after any save.
 */
export async function restoreSnapshot(input: RestoreInput): Promise<RestoreResult> {
  const target = await getSnapshotById({ projectId: input.projectId, id: input.snapshotId });
  if (!target) throw new AppError("not_found:snapshot", "That snapshot is not part of this project; reload the history");
  return input.path === undefined ? restoreWhole(input, target) : restoreFile(input, target, input.path);
}

/**
 * A whole restore is one statement whatever the project's size: a snapshot pointing at the old root
 * tree, whose objects are all stored already (the git model: a commit of an existing tree).
 */
async function restoreWhole(input: RestoreInput, target: SnapshotRow): Promise<RestoreResult> {
  const project = await getProjectHead({ projectId: input.projectId });
  if (!project) throw new AppError("not_found:project", "This project no longer exists");
  const head = project.head;
  if (input.baseSnapshotId !== undefined && input.baseSnapshotId !== (head?.id ?? null)) throw headMoved(head);
  if (head?.rootTree === target.rootTree) return { snapshotId: head.id, created: false, previousHeadId: head.id };
  const created = await createSnapshotMovingHead({
    expectedHead: head?.id ?? null,
    snapshot: {
      projectId: input.projectId,
      parentId: head?.id ?? null,
      rootTree: target.rootTree,
      author: "user",
      userId: input.userId,
      message: storableLabel(`Restore ${describe(target)}`, limits.saveMessageMaxLength),
      fileCount: target.fileCount,
      totalBytes: target.totalBytes,
    },
  });
  // Lost the race to a save made a moment ago: the person chose against a head that is gone.
  if (!created) throw headMoved(null);
  return { snapshotId: created.id, created: true, previousHeadId: head?.id ?? null };
}

/** One file: an ordinary save of its old bytes (or its deletion, if it did not exist then), so the usual conflict rules apply. */
async function restoreFile(input: RestoreInput, target: SnapshotRow, path: string): Promise<RestoreResult> {
  const entry = await (await TreeEditor.open(readTree, target.rootTree)).get(path);
  if (entry?.kind === "dir") throw new AppError("invalid:path", `"${path}" is a folder in that snapshot; restore its files one by one, or the whole snapshot`);
  const project = await getProjectHead({ projectId: input.projectId });
  if (!project) throw new AppError("not_found:project", "This project no longer exists");
  const base = input.baseSnapshotId === undefined ? (project.head?.id ?? null) : input.baseSnapshotId;
  const headEntry = project.head ? await (await TreeEditor.open(readTree, project.head.rootTree)).get(path) : undefined;
  // Absent then and absent now: nothing to restore.
  if (!entry && headEntry?.kind !== "file" && project.head) return { snapshotId: project.head.id, created: false, previousHeadId: project.head.id };
  const { snapshot, created } = await saveChanges({
    projectId: input.projectId,
    baseSnapshotId: base,
    changes: entry ? [{ type: "write", path, bytes: await readBlob(entry.hash) }] : [{ type: "delete", path }],
    author: "user",
    userId: input.userId,
    message: `Restore ${path} from ${describe(target)}`,
  });
  return { snapshotId: snapshot.id, created, previousHeadId: created ? snapshot.parentId : snapshot.id };
}

function describe(s: SnapshotRow): string {
  return `the version of ${s.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC ("${s.message.slice(0, 80)}")`;
}

function headMoved(head: SnapshotRow | null): AppError {
  return new AppError("conflict:head_moved", "The project changed since you opened this version; look at the history again and restore once more", {
    headSnapshotId: head?.id ?? null,
  });
}
