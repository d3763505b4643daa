import "server-only";
import { Prisma } from "../generated/client";
import type { StoredObjectData } from "@/lib/snapshots/objects";
import { getDb } from "../client";
import { fromStored, toStoredRows, type StoredRow } from "./object-codec";

export async function getObjectsByHash({ hashes }: { hashes: string[] }): Promise<StoredObjectData[]> {
  if (hashes.length === 0) return [];
  const db = await getDb();
  const rows = await db.storedObject.findMany({ where: { hash: { in: hashes } }, select: { hash: true, kind: true, size: true, data: true, codec: true } });
  return Promise.all(rows.map(async (r) => ({ hash: r.hash, kind: r.kind, size: r.size, data: await fromStored(r.data, r.codec) })));
}

/**
 * What a save does with an object that already exists: stamps it as written now (at most once a
 * minute, so re-saving the same bytes costs no row update each time), which is what keeps it from
 * the collector if it had been unreachable until this save.
 */
export const touchExistingObject = Prisma.sql`
  ON CONFLICT (hash) DO UPDATE SET "writtenAt" = now()
  WHERE objects."writtenAt" < now() - interval '1 minute'`;

/** One row of an INSERT INTO objects (hash, kind, size, data, codec). */
export const storedRowValues = (o: StoredRow) =>
  Prisma.sql`(${o.hash}::text, ${o.kind}::"ObjectKind", ${o.size}::int, ${o.data}::bytea, ${o.codec}::smallint)`;

/** Content-addressed, so inserting an object that exists only touches it; returns the rows really inserted. */
export async function insertObjects({ objects }: { objects: StoredObjectData[] }): Promise<number> {
  if (objects.length === 0) return 0;
  const db = await getDb();
  const unique = await toStoredRows([...new Map(objects.map((o) => [o.hash, o])).values()]);
  let inserted = 0;
  // Bounded statements: one row of parameters per object.
  for (let i = 0; i < unique.length; i += 1_000) {
    const values = Prisma.join(unique.slice(i, i + 1_000).map(storedRowValues));
    // xmax = 0 only on a freshly inserted row; a touched one was updated.
    const rows = await db.$queryRaw<{ inserted: number }[]>`
      WITH written AS (
        INSERT INTO objects (hash, kind, size, data, codec) VALUES ${values}
        ${touchExistingObject}
        RETURNING (xmax = 0) AS fresh
      )
      SELECT count(*) FILTER (WHERE fresh)::int AS inserted FROM written`;
    inserted += rows[0]?.inserted ?? 0;
  }
  return inserted;
}

/** Every distinct root tree a snapshot points at: where the collector starts marking. */
export async function listAllSnapshotRoots(): Promise<string[]> {
  const db = await getDb();
  const rows = await db.$queryRaw<{ rootTree: string }[]>`SELECT DISTINCT "rootTree" FROM snapshots`;
  return rows.map((r) => r.rootTree);
}

/** One page of the objects last written before `cutoff`, in hash order after `after`. */
export async function listObjectsWrittenBefore({ cutoff, after, limit }: { cutoff: Date; after: string; limit: number }): Promise<string[]> {
  const db = await getDb();
  const rows = await db.$queryRaw<{ hash: string }[]>`
    SELECT hash FROM objects WHERE hash > ${after} AND "writtenAt" < ${cutoff} ORDER BY hash LIMIT ${limit}`;
  return rows.map((r) => r.hash);
}

/**
 * Deletes the given objects unless a save wrote them again since `cutoff`: the condition is checked
 * on each row as it is deleted, after any save holding it has committed, so a save racing the
 * collector keeps every object it uses.
 */
export async function deleteObjectsWrittenBefore({ hashes, cutoff }: { hashes: string[]; cutoff: Date }): Promise<{ count: number; bytes: number }> {
  if (hashes.length === 0) return { count: 0, bytes: 0 };
  const db = await getDb();
  const rows = await db.$queryRaw<{ count: number; bytes: bigint | number | null }[]>`
    WITH gone AS (DELETE FROM objects WHERE hash = ANY(${hashes}::text[]) AND "writtenAt" < ${cutoff} RETURNING size)
    SELECT count(*)::int AS count, sum(size) AS bytes FROM gone`;
  return { count: rows[0]?.count ?? 0, bytes: Number(rows[0]?.bytes ?? 0) };
}
