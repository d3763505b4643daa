import "server-only";
import { getDb } from "../client";
import type { SnapshotAuthor } from "../generated/enums";

/** The NOTIFY channel on which every head move is announced, as "<projectId> <headId>". */
export const headChannel = "project_head";

export function headNotification({ projectId, headId }: { projectId: string; headId: string }) {
  return `${projectId} ${headId}`;
}

export function parseHeadNotification(payload: string): { projectId: string; headId: string } | null {
  const [projectId, headId, ...rest] = payload.split(" ");
  return projectId && headId && rest.length === 0 ? { projectId, headId } : null;
}

export type SnapshotRow = {
  id: string;
  projectId: string;
  parentId: string | null;
  rootTree: string;
  author: SnapshotAuthor;
  userId: string | null;
  message: string;
  fileCount: number;
  totalBytes: number;
  createdAt: Date;
};

export async function getSnapshotById({ projectId, id }: { projectId: string; id: string }) {
  const db = await getDb();
  return db.snapshot.findFirst({ where: { id, projectId } });
}

export async function listSnapshots({ projectId, limit }: { projectId: string; limit: number }) {
  const db = await getDb();
  return db.snapshot.findMany({ where: { projectId }, orderBy: { createdAt: "desc" }, take: limit });
}

/**
 * Inserts the snapshot and moves the project's head to it only if the head is still
 * `expectedHead` (compare-and-set). Returns null, writing nothing, when another save won the race.
 */
export async function createSnapshotMovingHead({
  expectedHead,
  snapshot,
}: {
  expectedHead: string | null;
  snapshot: Omit<SnapshotRow, "id" | "createdAt">;
}): Promise<SnapshotRow | null> {
  const db = await getDb();
  try {
    return await db.$transaction(async (tx) => {
      const created = await tx.snapshot.create({ data: snapshot });
      const moved = await tx.project.updateMany({
        where: { id: snapshot.projectId, headSnapshotId: expectedHead },
        data: { headSnapshotId: created.id },
      });
      if (moved.count === 0) throw new LostRace();
      // Inside the transaction: Postgres delivers it on commit only, so a rolled-back save tells no one.
      await tx.$executeRaw`SELECT pg_notify(${headChannel}, ${headNotification({ projectId: created.projectId, headId: created.id })})`;
      return created;
    });
  } catch (error) {
    if (error instanceof LostRace) return null;
    throw error;
  }
}

class LostRace extends Error {}
