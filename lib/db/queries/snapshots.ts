import "server-only";
import { randomUUID } from "node:crypto";
import type { StoredObjectData } from "@/lib/snapshots/objects";
import { getDb } from "../client";
import { Prisma } from "../generated/client";
import { toStoredRows, type DeltaSources } from "./object-codec";
import { storedRowValues, touchExistingObject } from "./objects";
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
  /** The agent turn that made it (author agent), else null. */
  turnId: string | null;
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
 * The project's head snapshot, read with the project in one query: null when the project does not
 * exist, `head: null` when it has no snapshot yet. Unguarded: callers go through lib/auth/guard first.
 */
export async function getProjectHead({ projectId }: { projectId: string }): Promise<{ head: SnapshotRow | null } | null> {
  const db = await getDb();
  // One row while the project exists: the head's columns, all null when it has none.
  const rows = await db.$queryRaw<(SnapshotRow | Record<keyof SnapshotRow, null>)[]>`
    SELECT s.* FROM projects p LEFT JOIN snapshots s ON s.id = p."headSnapshotId" WHERE p.id = ${projectId}`;
  const row = rows[0];
  if (!row) return null;
  return { head: row.id === null ? null : (row as SnapshotRow) };
}

/**
 * Objects a save's statement carries inline, each stored alone or against what it replaced; a larger
 * save (an import, a wide refactor) stores them first, in packs, where deflate shares across files.
 */
export const inlineObjectsMax = 64;

/**
 * Stores `objects` (content-addressed: existing ones are only touched, see touchExistingObject), inserts the snapshot and moves the
 * project's head to it only if the head is still `expectedHead` (compare-and-set), announcing the
 * move on `headChannel`. Returns null, writing nothing, when another save won the race. One
 * statement, so one round trip and one commit: the objects and the snapshot are inserted only when
 * the compare-and-set moved the row.
 */
export async function createSnapshotMovingHead({
  expectedHead,
  snapshot,
  objects = [],
  sources,
}: {
  expectedHead: string | null;
  snapshot: Omit<SnapshotRow, "id" | "createdAt" | "turnId"> & { turnId?: string | null };
  objects?: StoredObjectData[];
  /** What to store each object against (by its hash): see getDeltaSources. */
  sources?: DeltaSources;
}): Promise<(SnapshotRow & { objectsWritten: number }) | null> {
  if (objects.length > inlineObjectsMax) throw new Error(`createSnapshotMovingHead carries at most ${inlineObjectsMax} objects`);
  const db = await getDb();
  const id = randomUUID();
  const s = snapshot;
  const unique = await toStoredRows([...new Map(objects.map((o) => [o.hash, o])).values()], sources);
  const values = unique.length
    ? Prisma.join(unique.map(storedRowValues))
    : Prisma.sql`(NULL::bytea, NULL::"ObjectKind", NULL::int, NULL::bytea, NULL::smallint, NULL::bytea, NULL::bytea)`;
  // pg_notify inside the statement: Postgres delivers it on commit only, so a lost race tells no one.
  const rows = await db.$queryRaw<(SnapshotRow & { objectsWritten: number })[]>`
    WITH moved AS (
      UPDATE projects SET "headSnapshotId" = ${id}, "updatedAt" = now()
      WHERE id = ${s.projectId} AND "headSnapshotId" IS NOT DISTINCT FROM ${expectedHead}::text
      RETURNING id
    ), stored AS (
      INSERT INTO objects (hash, kind, size, data, codec, base, "deltaFrom")
      SELECT * FROM (VALUES ${values}) AS o (hash, kind, size, data, codec, base, "deltaFrom") WHERE o.hash IS NOT NULL AND EXISTS (SELECT 1 FROM moved)
      ${touchExistingObject}
      RETURNING (xmax = 0) AS fresh
    ), created AS (
      INSERT INTO snapshots (id, "projectId", "parentId", "rootTree", author, "userId", "turnId", message, "fileCount", "totalBytes")
      SELECT ${id}, moved.id, ${s.parentId}::text, ${s.rootTree}, ${s.author}::"SnapshotAuthor", ${s.userId}::text, ${s.turnId ?? null}::text, ${s.message}, ${s.fileCount}::int, ${s.totalBytes}::int
      FROM moved
      RETURNING *
    )
    SELECT created.*, (SELECT count(*) FILTER (WHERE fresh)::int FROM stored) AS "objectsWritten"
    FROM created, LATERAL (SELECT pg_notify(${headChannel}, ${headNotification({ projectId: s.projectId, headId: id })})) AS notified`;
  return rows[0] ?? null;
}
