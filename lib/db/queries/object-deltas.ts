import "server-only";
import type { StoredObjectData } from "@/lib/snapshots/objects";
import { getDb } from "../client";
import { deltaRow, objectCodec } from "./object-codec";
import { hashBytes } from "./object-hash";
import { getObjectsByHash } from "./objects";

type Deferred = { hash: string; from: string; writtenAt: Date; fromExists: boolean; fromBase: string | null; fromPending: boolean };

const page = 200;

/** Rows a save stored whole for later (see getDeltaSources), oldest first, after `after`. */
async function listDeferred(after: { writtenAt: Date; hash: string }): Promise<Deferred[]> {
  const db = await getDb();
  return db.$queryRaw<Deferred[]>`
    SELECT encode(o.hash, 'hex') AS hash, encode(o."deltaFrom", 'hex') AS "from", o."writtenAt",
      f.hash IS NOT NULL AS "fromExists", encode(f.base, 'hex') AS "fromBase", coalesce(f."deltaFrom" IS NOT NULL, false) AS "fromPending"
    FROM objects o LEFT JOIN objects f ON f.hash = o."deltaFrom"
    WHERE o."deltaFrom" IS NOT NULL AND (o."writtenAt", o.hash) > (${after.writtenAt}, ${hashBytes(after.hash)})
    ORDER BY o."writtenAt", o.hash LIMIT ${page}`;
}

/**
 * Stores `row` (a delta) in place of the whole object, in one statement that first stamps its base
 * as written now: a collector sweeping meanwhile then keeps the base, and a base that is gone, or
 * has become a delta or waits itself, leaves the object as it was.
 */
async function storeDelta(row: { hash: string; base: string | null; data: Uint8Array<ArrayBuffer> }): Promise<boolean> {
  const db = await getDb();
  const rows = await db.$queryRaw<{ done: number }[]>`
    WITH base AS (
      UPDATE objects SET "writtenAt" = now()
      WHERE hash = ${hashBytes(row.base)} AND codec <> ${objectCodec.delta}::smallint AND "deltaFrom" IS NULL
      RETURNING hash
    )
    UPDATE objects SET data = ${row.data}::bytea, codec = ${objectCodec.delta}::smallint, base = (SELECT hash FROM base), "deltaFrom" = NULL
    WHERE hash = ${hashBytes(row.hash)} AND "deltaFrom" IS NOT NULL AND codec IN (${objectCodec.raw}::smallint, ${objectCodec.deflate}::smallint)
      AND EXISTS (SELECT 1 FROM base)
    RETURNING 1 AS done`;
  return rows.length > 0;
}

async function keepWhole(hash: string): Promise<void> {
  const db = await getDb();
  await db.$executeRaw`UPDATE objects SET "deltaFrom" = NULL WHERE hash = ${hashBytes(hash)}`;
}

/**
 * Compresses what saves stored whole for later against the object each replaced (or that object's
 * base), oldest first, so a predecessor is settled before its successor and no delta is made
 * against a delta. Returns the objects now stored as deltas.
 */
export async function compressDeferred(): Promise<number> {
  // Settled in this pass: what each object is now stored against (itself when kept whole).
  const settled = new Map<string, string>();
  let compressed = 0;
  let after = { writtenAt: new Date(0), hash: "" };
  for (;;) {
    const rows = await listDeferred(after);
    if (rows.length === 0) return compressed;
    after = rows.at(-1)!;
    // Read together: the page's objects and the bases known now (one settled earlier in this page is read on its own).
    const known = rows.flatMap((r) => (r.fromExists && !r.fromPending ? [r.fromBase ?? r.from] : []));
    const objects = new Map<string, StoredObjectData>((await getObjectsByHash({ hashes: [...new Set([...rows.map((r) => r.hash), ...known])] })).map((o) => [o.hash, o]));
    for (const r of rows) {
      const object = objects.get(r.hash);
      if (!object) continue;
      // A predecessor gone keeps the object whole; one still waiting and not settled before it in this
      // pass leaves it for the next collection.
      const root = !r.fromExists ? null : r.fromPending ? settled.get(r.from) : (r.fromBase ?? r.from);
      if (root === undefined) continue;
      if (root !== null && !objects.has(root)) for (const o of await getObjectsByHash({ hashes: [root] })) objects.set(o.hash, o);
      const delta = await deltaRow(object, root === null ? undefined : objects.get(root));
      if (delta && (await storeDelta(delta))) {
        settled.set(r.hash, delta.base!);
        compressed++;
      } else {
        await keepWhole(r.hash);
        settled.set(r.hash, r.hash);
      }
    }
  }
}
