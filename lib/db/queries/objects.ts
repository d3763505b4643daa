import "server-only";
import type { StoredObjectData } from "@/lib/snapshots/objects";
import { getDb } from "../client";

export async function getObjectsByHash({ hashes }: { hashes: string[] }): Promise<StoredObjectData[]> {
  if (hashes.length === 0) return [];
  const db = await getDb();
  const rows = await db.storedObject.findMany({ where: { hash: { in: hashes } } });
  return rows.map((r) => ({ hash: r.hash, kind: r.kind, size: r.size, data: r.data }));
}

/** Content-addressed, so inserting an object that exists is a no-op; returns the rows really written. */
export async function insertObjects({ objects }: { objects: StoredObjectData[] }): Promise<number> {
  if (objects.length === 0) return 0;
  const db = await getDb();
  const unique = new Map(objects.map((o) => [o.hash, o]));
  const { count } = await db.storedObject.createMany({
    data: [...unique.values()].map((o) => ({ hash: o.hash, kind: o.kind, size: o.size, data: o.data })),
    skipDuplicates: true,
  });
  return count;
}
