import "server-only";
import { Prisma } from "../generated/client";
import type { ObjectKind, StoredObjectData } from "@/lib/snapshots/objects";
import { getDb } from "../client";
import { fromStored, objectCodec, toStoredRows, type DeltaSources, type StoredRow } from "./object-codec";
import { hashArray, hashBytes } from "./object-hash";
import { insertPacks, packsInMemory, planPacks, readPacks } from "./object-packs";

type Row = { hash: string; kind: ObjectKind; size: number; codec: number; data: string; base: string | null; pack: number | null; packOffset: number | null };

/**
 * The rows of `hashes` (only blobs with `blobsOnly`). The bytes come as base64 text, decoded by
 * Node's native codec: through Prisma's Bytes, PGlite took ~2.4 s for a 22 MB project against
 * ~0.3 s this way (Postgres: ~0.25 s against ~0.18 s).
 */
async function selectRows(hashes: string[], blobsOnly: boolean): Promise<Row[]> {
  const db = await getDb();
  return db.$queryRaw<Row[]>`
    SELECT encode(hash, 'hex') AS hash, kind, size, codec, encode(data, 'base64') AS data, encode(base, 'hex') AS base, pack, "packOffset"
    FROM objects WHERE hash = ANY(${hashArray(hashes)}) ${blobsOnly ? Prisma.sql`AND kind = 'blob'` : Prisma.empty}`;
}

/**
 * Objects by hash, each with its own bytes; missing ones are left out. A delta's base is read in a
 * second query (never a chain: a base is never a delta), a packed object's pack once for all of its
 * objects. A pack the collector rewrote between the two reads sends its rows to be read again.
 */
async function readObjects(hashes: string[], blobsOnly: boolean): Promise<StoredObjectData[]> {
  if (hashes.length === 0) return [];
  let rows = await selectRows(hashes, blobsOnly);
  let packs = await readPacks(rows.flatMap((r) => (r.pack === null ? [] : [r.pack])));
  const moved = rows.filter((r) => r.pack !== null && !packs.has(r.pack));
  if (moved.length > 0) {
    const again = await selectRows(moved.map((r) => r.hash), blobsOnly);
    rows = [...rows.filter((r) => !moved.includes(r)), ...again];
    packs = new Map([...packs, ...(await readPacks(again.flatMap((r) => (r.pack === null ? [] : [r.pack]))))]);
  }
  const baseHashes = [...new Set(rows.flatMap((r) => (r.codec === objectCodec.delta && r.base ? [r.base] : [])))];
  const bases = new Map((await readObjects(baseHashes, false)).map((o) => [o.hash, o.data]));
  return Promise.all(
    rows.map(async (r) => {
      const stored = { data: Buffer.from(r.data, "base64"), codec: r.codec, size: r.size, packOffset: r.packOffset };
      const from = { base: r.base ? bases.get(r.base) : undefined, pack: r.pack === null ? undefined : packs.get(r.pack) };
      return { hash: r.hash, kind: r.kind, size: r.size, data: await fromStored(stored, from) };
    }),
  );
}

export async function getObjectsByHash({ hashes }: { hashes: string[] }): Promise<StoredObjectData[]> {
  return readObjects(hashes, false);
}

/** The bytes of many blobs, for streaming a snapshot or seeding a sandbox. */
export async function getBlobData({ hashes }: { hashes: string[] }): Promise<Map<string, Uint8Array>> {
  return new Map((await readObjects(hashes, true)).map((o) => [o.hash, o.data]));
}

/**
 * What to compress each new object against, given the object it replaces (the same file or folder
 * before a save): that object, or when it is itself a delta, its base, so reads never follow a chain.
 * One query, and only bytes at hand: a row's own, or a pack inflated in memory. A predecessor in a
 * pack that is not, or one itself waiting for the collector, is named for later instead (reading a
 * pack per save halved the saves per second 16 clients made). A row waiting for the collector is
 * never a base, so compressing it later makes no chain.
 */
export async function getDeltaSources({ replaced }: { replaced: Map<string, string> }): Promise<DeltaSources> {
  const sources: DeltaSources = { bases: new Map(), later: new Map() };
  if (replaced.size === 0) return sources;
  const db = await getDb();
  const olds = [...new Set(replaced.values())];
  const rows = await db.$queryRaw<(Row & { old: string; pending: boolean })[]>`
    SELECT encode(o.hash, 'hex') AS old, encode(r.hash, 'hex') AS hash, r.kind, r.size, r.codec, encode(r.data, 'base64') AS data,
      encode(r.base, 'hex') AS base, r.pack, r."packOffset", r."deltaFrom" IS NOT NULL AS pending
    FROM objects o JOIN objects r ON r.hash = coalesce(o.base, o.hash)
    WHERE o.hash = ANY(${hashArray(olds)})`;
  const packs = await readPacks(rows.flatMap((r) => (r.pack !== null && packsInMemory().includes(r.pack) ? [r.pack] : [])));
  const baseOf = new Map<string, StoredObjectData>();
  const laterOf = new Set<string>();
  await Promise.all(
    rows.map(async (r) => {
      const pack = r.pack === null ? undefined : packs.get(r.pack);
      // A base is never a delta; should one be, the object is stored whole.
      if (r.codec === objectCodec.delta) return;
      if (r.pending || (r.pack !== null && !pack)) {
        laterOf.add(r.old);
        return;
      }
      const data = await fromStored({ data: Buffer.from(r.data, "base64"), codec: r.codec, size: r.size, packOffset: r.packOffset }, { pack });
      baseOf.set(r.old, { hash: r.hash, kind: r.kind, size: r.size, data });
    }),
  );
  for (const [fresh, old] of replaced) {
    const base = baseOf.get(old);
    if (base) sources.bases.set(fresh, base);
    else if (laterOf.has(old)) sources.later.set(fresh, old);
  }
  return sources;
}

/**
 * What a save does with an object that already exists: stamps it as written now (at most once a
 * minute, so re-saving the same bytes costs no row update each time), which is what keeps it from
 * the collector if it had been unreachable until this save.
 */
export const touchExistingObject = Prisma.sql`
  ON CONFLICT (hash) DO UPDATE SET "writtenAt" = now()
  WHERE objects."writtenAt" < now() - interval '1 minute'`;

/** One row of an INSERT INTO objects (hash, kind, size, data, codec, base, "deltaFrom"). */
export const storedRowValues = (o: StoredRow) =>
  Prisma.sql`(${hashBytes(o.hash)}, ${o.kind}::"ObjectKind", ${o.size}::int, ${o.data}::bytea, ${o.codec}::smallint, ${hashBytes(o.base)}, ${hashBytes(o.deltaFrom)})`;

/**
 * Which of `hashes` are stored, each then safe from the collector: stamped now, or stamped within
 * the last minute (younger than any grace period). A row the collector is deleting right now is
 * neither, so it is written again.
 */
async function touchStored(hashes: string[]): Promise<Set<string>> {
  const db = await getDb();
  const rows = await db.$queryRaw<{ hash: string }[]>`
    WITH touched AS (
      UPDATE objects SET "writtenAt" = now()
      WHERE hash = ANY(${hashArray(hashes)}) AND "writtenAt" < now() - interval '1 minute'
      RETURNING hash
    )
    SELECT encode(hash, 'hex') AS hash FROM touched
    UNION ALL
    SELECT encode(hash, 'hex') AS hash FROM objects WHERE hash = ANY(${hashArray(hashes)}) AND "writtenAt" >= now() - interval '1 minute'`;
  return new Set(rows.map((r) => r.hash));
}

/**
 * Content-addressed, so an object that exists is only touched; the new ones are written in packs
 * when there are enough of them (an import, a large save), else one row each. Returns the rows
 * really inserted.
 */
export async function insertObjects({ objects }: { objects: StoredObjectData[] }): Promise<number> {
  if (objects.length === 0) return 0;
  const unique = [...new Map(objects.map((o) => [o.hash, o])).values()];
  const stored = await touchStored(unique.map((o) => o.hash));
  const { packs, alone } = planPacks(unique.filter((o) => !stored.has(o.hash)));
  let inserted = await insertPacks(packs);
  if (alone.length === 0) return inserted;
  const db = await getDb();
  const rows = await toStoredRows(alone);
  // Bounded statements: one row of parameters per object.
  for (let i = 0; i < rows.length; i += 1_000) {
    const values = Prisma.join(rows.slice(i, i + 1_000).map(storedRowValues));
    // xmax = 0 only on a freshly inserted row; a touched one was updated.
    const result = await db.$queryRaw<{ inserted: number }[]>`
      WITH written AS (
        INSERT INTO objects (hash, kind, size, data, codec, base, "deltaFrom") VALUES ${values}
        ${touchExistingObject}
        RETURNING (xmax = 0) AS fresh
      )
      SELECT count(*) FILTER (WHERE fresh)::int AS inserted FROM written`;
    inserted += result[0]?.inserted ?? 0;
  }
  return inserted;
}

/** Every distinct root tree a snapshot points at: where the collector starts marking. */
export async function listAllSnapshotRoots(): Promise<string[]> {
  const db = await getDb();
  const rows = await db.$queryRaw<{ rootTree: string }[]>`SELECT DISTINCT "rootTree" FROM snapshots`;
  return rows.map((r) => r.rootTree);
}

/**
 * Every object some row is a delta against. The collector keeps them all, whether or not the
 * delta is reachable: a delta it keeps (a recent one, or one a save touches while it sweeps) can
 * always be read; a base outlives its last delta by one collection.
 */
export async function listDeltaBases(): Promise<string[]> {
  const db = await getDb();
  const rows = await db.$queryRaw<{ base: string }[]>`SELECT DISTINCT encode(base, 'hex') AS base FROM objects WHERE base IS NOT NULL`;
  return rows.map((r) => r.base);
}

/** One page of the objects last written before `cutoff`, in hash order after `after`. */
export async function listObjectsWrittenBefore({ cutoff, after, limit }: { cutoff: Date; after: string; limit: number }): Promise<string[]> {
  const db = await getDb();
  const rows = await db.$queryRaw<{ hash: string }[]>`
    SELECT encode(hash, 'hex') AS hash FROM objects WHERE hash > ${hashBytes(after)} AND "writtenAt" < ${cutoff} ORDER BY hash LIMIT ${limit}`;
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
    WITH gone AS (DELETE FROM objects WHERE hash = ANY(${hashArray(hashes)}) AND "writtenAt" < ${cutoff} RETURNING size)
    SELECT count(*)::int AS count, sum(size) AS bytes FROM gone`;
  return { count: rows[0]?.count ?? 0, bytes: Number(rows[0]?.bytes ?? 0) };
}
