import "server-only";
import { promisify } from "node:util";
import { deflateRaw, inflateRaw } from "node:zlib";
import type { StoredObjectData } from "@/lib/snapshots/objects";

const deflate = promisify(deflateRaw);
const inflate = promisify(inflateRaw);

/** How an object's bytes sit in the `data` column. */
export const objectCodec = { raw: 0, deflate: 1 } as const;

export type StoredRow = Omit<StoredObjectData, "data"> & { data: Uint8Array<ArrayBuffer>; codec: number };

// Below this, deflate's own framing eats the gain.
const compressFrom = 64;

/**
 * The row an object is stored as: compressed, as git compresses its objects, unless that saves too
 * little (images, archives). Postgres would otherwise compress only values over ~2 kB, with pglz.
 * Deflate runs on libuv's thread pool, so a large import does not block the event loop.
 */
export async function toStoredRows(objects: StoredObjectData[]): Promise<StoredRow[]> {
  return Promise.all(
    objects.map(async (o) => {
      if (o.data.byteLength < compressFrom) return { ...o, codec: objectCodec.raw };
      const packed = await deflate(o.data, { level: 6 });
      if (packed.byteLength > o.data.byteLength * 0.9) return { ...o, codec: objectCodec.raw };
      return { ...o, data: new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength) as Uint8Array<ArrayBuffer>, codec: objectCodec.deflate };
    }),
  );
}

/** An object's own bytes from its stored row. */
export async function fromStored(data: Uint8Array, codec: number): Promise<Uint8Array<ArrayBuffer>> {
  if (codec === objectCodec.raw) return data as Uint8Array<ArrayBuffer>;
  if (codec !== objectCodec.deflate) throw new Error(`Unknown object codec ${codec}`);
  const out = await inflate(data);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength) as Uint8Array<ArrayBuffer>;
}
