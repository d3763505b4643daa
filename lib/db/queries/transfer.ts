import "server-only";
import { randomUUID } from "node:crypto";
import type { StoredObjectData } from "@/lib/snapshots/objects";
import { getDb } from "../client";
import type { SnapshotAuthor } from "../generated/enums";
import { insertObjects } from "./objects";

export type ExportSnapshotRow = {
  id: string;
  parentId: string | null;
  rootTree: string;
  author: SnapshotAuthor;
  message: string;
  createdAt: Date;
  user: { name: string; email: string } | null;
};

/** Every snapshot of a project with its author's name and email (for git's author lines). Unguarded. */
export async function listSnapshotsForExport({ projectId }: { projectId: string }): Promise<ExportSnapshotRow[]> {
  const db = await getDb();
  return db.snapshot.findMany({
    where: { projectId },
    select: { id: true, parentId: true, rootTree: true, author: true, message: true, createdAt: true, user: { select: { name: true, email: true } } },
  });
}

export type ImportedSnapshot = {
  rootTree: string;
  author: SnapshotAuthor;
  userId: string | null;
  message: string;
  createdAt: Date;
  fileCount: number;
  totalBytes: number;
};

// Objects per insert statement: bounds one statement's size for a large history.
const objectBatch = 500;

/**
 * Stores the objects, then creates the project with its snapshots (oldest first, each the parent of
 * the next) and its head in one transaction: the project exists only once all of it is stored.
 * Objects stored before a failed transaction are reachable by nothing (the collector's to remove).
 */
export async function createImportedProject({
  workspaceId,
  name,
  snapshots,
  objects,
}: {
  workspaceId: string;
  name: string;
  snapshots: ImportedSnapshot[];
  objects: StoredObjectData[];
}) {
  for (let i = 0; i < objects.length; i += objectBatch) await insertObjects({ objects: objects.slice(i, i + objectBatch) });
  const db = await getDb();
  const projectId = randomUUID();
  const ids = snapshots.map(() => randomUUID());
  const [, , project] = await db.$transaction([
    db.project.create({ data: { id: projectId, workspaceId, name } }),
    db.snapshot.createMany({
      data: snapshots.map((s, i) => ({ id: ids[i]!, projectId, parentId: i === 0 ? null : ids[i - 1]!, ...s })),
    }),
    db.project.update({ where: { id: projectId }, data: { headSnapshotId: ids.at(-1)! } }),
  ]);
  return project;
}
