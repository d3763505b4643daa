import "server-only";
import { promisify } from "node:util";
import { deflateRaw, inflateRaw } from "node:zlib";
import type { StoredObjectData } from "@/lib/snapshots/objects";

const deflate = promisify(deflateRaw);
const inflate = promisify(inflateRaw);

/** How an object's bytes sit in its row (see the `objects` model). */
export const objectCodec = { raw: 0, deflate: 1, delta: 2, packed: 3 } as const;

export type StoredRow = Omit<StoredObjectData, "data"> & { data: Uint8Array<ArrayBuffer>; codec: number; base: string | null; deltaFrom: string | null };

/** What a save knows of each new object's predecessor (by the new object's hash). */
export type DeltaSources = {
  /** The stored object to compress against, at hand now. */
  bases: Map<string, StoredObjectData>;
  /** The predecessor's hash, when its bytes were not at hand: stored whole, compressed by the collector. */
  later: Map<string, string>;
};

// Below this, deflate's own framing eats the gain.
const compressFrom = 64;
// Deflate looks back 32 KiB at most, so only a base's last 32 KiB can serve as the dictionary.
const dictionaryMax = 32 * 1024;
// A delta must earn its extra read: kept only when under half of the object deflated alone.
const deltaWorthIt = 0.5;

const view = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength) as Uint8Array<ArrayBuffer>;
const dictionaryOf = (base: Uint8Array) => base.subarray(Math.max(0, base.byteLength - dictionaryMax));

/**
 * The row an object is stored as: compressed, as git compresses its objects, unless that saves too
 * little (images, archives); against `base` (the same file or folder before the save) when that is
 * much smaller, which makes a one-line edit of a 10 kB file cost tens of bytes instead of kilobytes.
 * Deflate runs on libuv's thread pool, so a large write does not block the event loop.
 */
export async function toStoredRows(objects: StoredObjectData[], sources: DeltaSources = { bases: new Map(), later: new Map() }): Promise<StoredRow[]> {
  return Promise.all(
    objects.map(async (o): Promise<StoredRow> => {
      if (o.data.byteLength < compressFrom) return { ...o, codec: objectCodec.raw, base: null, deltaFrom: null };
      const delta = await deltaRow(o, sources.bases.get(o.hash));
      if (delta) return delta;
      const deltaFrom = sources.later.get(o.hash) ?? null;
      const alone = await deflate(o.data, { level: 6 });
      if (alone.byteLength > o.data.byteLength * 0.9) return { ...o, codec: objectCodec.raw, base: null, deltaFrom };
      return { ...o, data: view(alone), codec: objectCodec.deflate, base: null, deltaFrom };
    }),
  );
}

/** `object` as a delta against `base`, when that is under half of it deflated alone; else null. */
export async function deltaRow(object: StoredObjectData, base: StoredObjectData | undefined): Promise<StoredRow | null> {
  if (!base || base.hash === object.hash || base.kind !== object.kind || object.data.byteLength < compressFrom) return null;
  const [alone, delta] = await Promise.all([deflate(object.data, { level: 6 }), deflate(object.data, { level: 6, dictionary: dictionaryOf(base.data) })]);
  if (delta.byteLength >= alone.byteLength * deltaWorthIt) return null;
  return { ...object, data: view(delta), codec: objectCodec.delta, base: base.hash, deltaFrom: null };
}

/**
 * Deflates a pack: the objects' bytes one after another. At the highest level: a pack is written
 * once, off the event loop, and read many times (inflating costs the same at any level).
 */
export async function deflatePack(bytes: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return view(await deflate(bytes, { level: 9 }));
}

export async function inflatePack(data: Uint8Array): Promise<Buffer> {
  return inflate(data);
}

/**
 * An object's own bytes from its row; a delta needs its base's bytes, a packed object its pack's
 * (the caller reads those: see lib/db/queries/objects.ts).
 */
export async function fromStored(
  row: { data: Uint8Array; codec: number; size: number; packOffset: number | null },
  from: { base?: Uint8Array; pack?: Uint8Array } = {},
): Promise<Uint8Array<ArrayBuffer>> {
  switch (row.codec) {
    case objectCodec.raw:
      return row.data as Uint8Array<ArrayBuffer>;
    case objectCodec.deflate:
      return view(await inflate(row.data));
    case objectCodec.delta:
      if (!from.base) throw new Error("A delta object's base is missing");
      return view(await inflate(row.data, { dictionary: dictionaryOf(from.base) }));
    case objectCodec.packed: {
      if (!from.pack || row.packOffset === null) throw new Error("A packed object's pack is missing");
      // A copy: a view would keep the whole inflated pack alive as long as the object.
      return new Uint8Array(from.pack.subarray(row.packOffset, row.packOffset + row.size));
    }
    default:
      throw new Error(`Unknown object codec ${row.codec}`);
  }
}
