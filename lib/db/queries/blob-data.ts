import "server-only";
import { getDb } from "../client";
import { fromStored } from "./object-codec";

/**
 * The bytes of many blobs in one query, for streaming a snapshot. Sent as base64 text, decoded by
 * Node's native codec: through Prisma's Bytes, PGlite took ~2.4 s for a 22 MB project against
 * ~0.3 s this way (Postgres: ~0.25 s against ~0.18 s).
 */
export async function getBlobData({ hashes }: { hashes: string[] }): Promise<Map<string, Uint8Array>> {
  if (hashes.length === 0) return new Map();
  const db = await getDb();
  const rows = await db.$queryRaw<{ hash: string; data: string; codec: number }[]>`
    SELECT hash, encode(data, 'base64') AS data, codec FROM objects WHERE hash = ANY(${hashes}::text[]) AND kind = 'blob'`;
  return new Map(await Promise.all(rows.map(async (r) => [r.hash, await fromStored(Buffer.from(r.data, "base64"), r.codec)] as const)));
}
