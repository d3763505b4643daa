import "server-only";
import { Prisma } from "../generated/client";
import type { StoredObjectData } from "@/lib/snapshots/objects";
import { getDb } from "../client";
import { deflatePack, inflatePack, objectCodec } from "./object-codec";
import { hashBytes } from "./object-hash";

/** Inflated packs kept in memory: a file read inflates its pack once for its neighbours too. */
const packCacheMaxBytes = 64 * 1024 * 1024;
const packCache = new Map<number, Buffer>();
let packCacheBytes = 0;

function cachePack(id: number, bytes: Buffer) {
  if (bytes.byteLength > packCacheMaxBytes / 4) return;
  packCache.set(id, bytes);
  packCacheBytes += bytes.byteLength;
  for (const [oldest, b] of packCache) {
    if (packCacheBytes <= packCacheMaxBytes) break;
    packCache.delete(oldest);
    packCacheBytes -= b.byteLength;
  }
}

/** Empties the cache, so the next reads come from the database (benchmarks measure that). */
export function forgetPacks(): void {
  packCache.clear();
  packCacheBytes = 0;
}

/** The packs inflated in memory: a query that could send one need not. */
export function packsInMemory(): number[] {
  return [...packCache.keys()];
}

/** A pack a query sent (base64 of its stored bytes), inflated and kept. */
async function rememberPack(id: number, base64: string): Promise<Buffer> {
  const cached = packCache.get(id);
  if (cached) return cached;
  const bytes = await inflatePack(Buffer.from(base64, "base64"));
  cachePack(id, bytes);
  return bytes;
}

/** The inflated packs that exist of `ids` (a pack the collector rewrote meanwhile is absent). */
export async function readPacks(ids: number[]): Promise<Map<number, Buffer>> {
  const found = new Map<number, Buffer>();
  const missing: number[] = [];
  for (const id of new Set(ids)) {
    const cached = packCache.get(id);
    if (cached) {
      // Most recently used last.
      packCache.delete(id);
      packCache.set(id, cached);
      found.set(id, cached);
    } else missing.push(id);
  }
  if (missing.length === 0) return found;
  const db = await getDb();
  // As base64 text: through Prisma's Bytes, PGlite is several times slower on large values.
  const rows = await db.$queryRaw<{ id: number; data: string }[]>`
    SELECT id, encode(data, 'base64') AS data FROM object_packs WHERE id = ANY(${missing}::int[])`;
  await Promise.all(rows.map(async (r) => found.set(r.id, await rememberPack(r.id, r.data))));
  return found;
}

/** Objects written as one pack that stay single rows instead: below this many, or each larger than this. */
const packMinObjects = 8;
const packObjectMaxBytes = 64 * 1024;
/**
 * Bytes of objects per pack: enough for deflate to share across files, ~1 ms to inflate for one read.
 * Measured on the storage bench (npm run bench -- storage): 256 kB packs left 5.00 MB, 512 kB 4.88 MB.
 */
const packTargetBytes = 512 * 1024;

/** Splits new objects into packs and the ones that are better stored alone. */
export function planPacks(objects: StoredObjectData[]): { packs: StoredObjectData[][]; alone: StoredObjectData[] } {
  const packable = objects.filter((o) => o.size <= packObjectMaxBytes);
  if (packable.length < packMinObjects) return { packs: [], alone: objects };
  const packs: StoredObjectData[][] = [];
  let current: StoredObjectData[] = [];
  let bytes = 0;
  for (const o of packable) {
    if (bytes + o.size > packTargetBytes && current.length > 0) {
      packs.push(current);
      current = [];
      bytes = 0;
    }
    current.push(o);
    bytes += o.size;
  }
  if (current.length > 0) packs.push(current);
  // A last pack too small to gain anything is stored alone.
  const alone = objects.filter((o) => o.size > packObjectMaxBytes);
  if (packs.length > 1 && packs.at(-1)!.length < packMinObjects) alone.push(...packs.pop()!);
  return { packs, alone };
}

/** Writes packs one after another, deflating the next ones meanwhile (the thread pool has the cores the insert leaves idle). */
export async function insertPacks(packs: StoredObjectData[][]): Promise<number> {
  const lookahead = 2;
  const raw: Buffer[] = [];
  const deflated: Promise<Uint8Array<ArrayBuffer>>[] = [];
  const start = (i: number) => {
    if (i >= packs.length) return;
    raw[i] = Buffer.concat(packs[i]!.map((o) => o.data));
    deflated[i] = deflatePack(raw[i]!);
    // Awaited below in turn; this only keeps a failure after an earlier one from going unhandled.
    deflated[i]!.catch(() => {});
  };
  for (let i = 0; i < lookahead; i++) start(i);
  let inserted = 0;
  for (let i = 0; i < packs.length; i++) {
    start(i + lookahead);
    const written = await insertPack(packs[i]!, await deflated[i]!);
    // Kept inflated, as if just read: the next saves of these files compress against them at once.
    cachePack(written.id, raw[i]!);
    raw[i] = Buffer.alloc(0);
    inserted += written.inserted;
  }
  return inserted;
}

/**
 * Writes one pack and its objects' rows in one statement, so a pack never exists without them. An
 * object another writer stored meanwhile is only touched (its bytes in this pack stay unused until
 * the collector rewrites the pack). Returns the rows really inserted.
 */
async function insertPack(objects: StoredObjectData[], data: Uint8Array<ArrayBuffer>): Promise<{ id: number; inserted: number }> {
  const offsets: number[] = [];
  let size = 0;
  for (const o of objects) {
    offsets.push(size);
    size += o.data.byteLength;
  }
  const values = Prisma.join(objects.map((o, i) => Prisma.sql`(${hashBytes(o.hash)}, ${o.kind}::"ObjectKind", ${o.size}::int, ${offsets[i]!}::int)`));
  const db = await getDb();
  const rows = await db.$queryRaw<{ id: number; inserted: number }[]>`
    WITH pack AS (
      INSERT INTO object_packs (data, size) VALUES (${data}::bytea, ${size}::int) RETURNING id
    ), written AS (
      INSERT INTO objects (hash, kind, size, data, codec, pack, "packOffset")
      SELECT o.hash, o.kind, o.size, ''::bytea, ${objectCodec.packed}::smallint, pack.id, o.off
      FROM (VALUES ${values}) AS o (hash, kind, size, off), pack
      ON CONFLICT (hash) DO UPDATE SET "writtenAt" = now() WHERE objects."writtenAt" < now() - interval '1 minute'
      RETURNING (xmax = 0) AS fresh
    )
    SELECT (SELECT id FROM pack) AS id, count(*) FILTER (WHERE fresh)::int AS inserted FROM written`;
  return rows[0]!;
}

/** Deletes packs written before `cutoff` that no row points into any more. */
export async function deleteEmptyPacks({ cutoff }: { cutoff: Date }): Promise<number> {
  const db = await getDb();
  const rows = await db.$queryRaw<{ count: number }[]>`
    WITH gone AS (
      DELETE FROM object_packs p WHERE p."writtenAt" < ${cutoff} AND NOT EXISTS (SELECT 1 FROM objects o WHERE o.pack = p.id)
      RETURNING 1
    )
    SELECT count(*)::int AS count FROM gone`;
  return rows[0]?.count ?? 0;
}

/** Packs written before `cutoff` whose live objects fill less than half of them. */
export async function listSparsePacks({ cutoff }: { cutoff: Date }): Promise<number[]> {
  const db = await getDb();
  const rows = await db.$queryRaw<{ id: number }[]>`
    SELECT p.id FROM object_packs p
    JOIN (SELECT pack, sum(size) AS live FROM objects WHERE pack IS NOT NULL GROUP BY pack) l ON l.pack = p.id
    WHERE p."writtenAt" < ${cutoff} AND l.live * 2 < p.size`;
  return rows.map((r) => r.id);
}

/**
 * Rewrites a pack with only the objects rows still point into, in one statement: the new pack, the
 * rows moved to it, the old pack deleted. A reader that read a row before it moved finds the old
 * pack gone and reads the row again. Returns the objects moved.
 */
export async function rewritePack(id: number): Promise<number> {
  const db = await getDb();
  const live = await db.$queryRaw<{ hash: string; kind: StoredObjectData["kind"]; size: number; packOffset: number }[]>`
    SELECT encode(hash, 'hex') AS hash, kind, size, "packOffset" FROM objects WHERE pack = ${id} ORDER BY "packOffset"`;
  const bytes = (await readPacks([id])).get(id);
  if (!bytes || live.length === 0) return 0;
  const parts = live.map((o) => bytes.subarray(o.packOffset, o.packOffset + o.size));
  const offsets: number[] = [];
  let size = 0;
  for (const part of parts) {
    offsets.push(size);
    size += part.byteLength;
  }
  const data = await deflatePack(Buffer.concat(parts));
  const values = Prisma.join(live.map((o, i) => Prisma.sql`(${hashBytes(o.hash)}, ${offsets[i]!}::int)`));
  const rows = await db.$queryRaw<{ moved: number }[]>`
    WITH fresh AS (
      INSERT INTO object_packs (data, size) VALUES (${data}::bytea, ${size}::int) RETURNING id
    ), moved AS (
      UPDATE objects SET pack = fresh.id, "packOffset" = v.off
      FROM fresh, (VALUES ${values}) AS v (hash, off)
      WHERE objects.hash = v.hash AND objects.pack = ${id}
      RETURNING 1
    ), gone AS (
      DELETE FROM object_packs WHERE id = ${id} RETURNING 1
    )
    SELECT (SELECT count(*) FROM moved)::int AS moved`;
  return rows[0]?.moved ?? 0;
}
