import { createHash } from "node:crypto";
import { deflateSync, inflateSync } from "node:zlib";
import { gitSha, type GitObject, type GitObjectType } from "./git-objects";

/**
 * Git packfiles (version 2), as `git index-pack` reads them. Written without deltas (each object
 * whole, zlib-deflated): simple, and git repacks on its own when it wants to. Read with deltas, since
 * `git bundle create` writes them.
 */
const typeCode: Record<GitObjectType, number> = { commit: 1, tree: 2, blob: 3, tag: 4 };
const typeByCode: Record<number, GitObjectType> = { 1: "commit", 2: "tree", 3: "blob", 4: "tag" };
const ofsDelta = 6;
const refDelta = 7;

function objectHeader(type: number, size: number): Buffer {
  const bytes: number[] = [];
  let byte = (type << 4) | (size & 0x0f);
  let rest = Math.floor(size / 16);
  while (rest > 0) {
    bytes.push(byte | 0x80);
    byte = rest & 0x7f;
    rest = Math.floor(rest / 128);
  }
  bytes.push(byte);
  return Buffer.from(bytes);
}

/** One object as it sits in a pack: its header and its deflated body. */
export function packEntry(object: GitObject): Uint8Array {
  return Buffer.concat([objectHeader(typeCode[object.type], object.data.byteLength), deflateSync(object.data, { level: 1 })]);
}

/** A pack's parts in order: the header, the given entries, and the SHA-1 trailer over them all. */
export async function* packParts(count: number, entries: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const hash = createHash("sha1");
  const header = Buffer.alloc(12);
  header.write("PACK", 0, "latin1");
  header.writeUInt32BE(2, 4);
  header.writeUInt32BE(count, 8);
  hash.update(header);
  yield header;
  let written = 0;
  for await (const entry of entries) {
    hash.update(entry);
    written += 1;
    yield entry;
  }
  if (written !== count) throw new Error(`pack announced ${count} objects and held ${written}`);
  yield hash.digest();
}

export class PackError extends Error {}

/**
 * Reads every object of a pack, resolving deltas. `maxBytes` bounds all bytes inflated or rebuilt
 * (each inflation is capped at its object's announced size, so a lying header cannot blow past it);
 * `maxObjects` bounds the count.
 */
export function readPack(pack: Uint8Array, { maxBytes, maxObjects }: { maxBytes: number; maxObjects: number }): Map<string, GitObject> {
  const buf = Buffer.from(pack.buffer, pack.byteOffset, pack.byteLength);
  if (buf.length < 32 || buf.toString("latin1", 0, 4) !== "PACK") throw new PackError("the pack does not start with PACK");
  const version = buf.readUInt32BE(4);
  if (version !== 2 && version !== 3) throw new PackError(`pack version ${version} is not supported`);
  const count = buf.readUInt32BE(8);
  if (count > maxObjects) throw new PackError(`the pack holds ${count} objects; at most ${maxObjects} are accepted`);
  const trailer = buf.subarray(buf.length - 20);
  if (!createHash("sha1").update(buf.subarray(0, buf.length - 20)).digest().equals(trailer)) throw new PackError("the pack's checksum does not match (truncated or damaged)");

  let budget = maxBytes;
  const spend = (n: number) => {
    budget -= n;
    if (budget < 0) throw new PackError(`the pack unpacks to more than ${maxBytes} bytes`);
  };
  const inflate = (at: number, size: number) => {
    spend(size);
    let result: { buffer: Buffer; engine: { bytesWritten: number } };
    try {
      result = inflateSync(buf.subarray(at, buf.length - 20), { info: true, maxOutputLength: Math.max(size, 1) }) as unknown as typeof result;
    } catch {
      throw new PackError(`the object at byte ${at} does not inflate to its announced ${size} bytes`);
    }
    if (result.buffer.length !== size) throw new PackError(`the object at byte ${at} does not inflate to its announced ${size} bytes`);
    return { data: result.buffer, next: at + result.engine.bytesWritten };
  };

  type Raw = { offset: number; type: number; data: Buffer; base?: number | string };
  const raws: Raw[] = [];
  let at = 12;
  for (let i = 0; i < count; i++) {
    const offset = at;
    let byte = buf[at++]!;
    const type = (byte >> 4) & 7;
    let size = byte & 0x0f;
    let shift = 4;
    while (byte & 0x80) {
      byte = buf[at++]!;
      size += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    }
    let base: number | string | undefined;
    if (type === ofsDelta) {
      byte = buf[at++]!;
      let n = byte & 0x7f;
      while (byte & 0x80) {
        byte = buf[at++]!;
        n = (n + 1) * 128 + (byte & 0x7f);
      }
      base = offset - n;
    } else if (type === refDelta) {
      base = buf.toString("hex", at, at + 20);
      at += 20;
    } else if (!typeByCode[type]) throw new PackError(`unknown object type ${type} at byte ${offset}`);
    if (at >= buf.length - 20) throw new PackError("the pack is truncated");
    const { data, next } = inflate(at, size);
    raws.push({ offset, type, data, base });
    at = next;
  }

  const byOffset = new Map<number, Raw>(raws.map((r) => [r.offset, r]));
  const resolved = new Map<number, GitObject>();
  const bySha = new Map<string, GitObject>();
  const shaOffset = new Map<string, number>();
  const resolve = (raw: Raw, depth: number): GitObject => {
    const known = resolved.get(raw.offset);
    if (known) return known;
    if (depth > 10_000) throw new PackError("delta chain too long");
    let object: GitObject;
    if (raw.base === undefined) object = { type: typeByCode[raw.type]!, data: raw.data };
    else {
      const baseRaw = typeof raw.base === "number" ? byOffset.get(raw.base) : byOffset.get(shaOffset.get(raw.base) ?? -1);
      const base = baseRaw ? resolve(baseRaw, depth + 1) : typeof raw.base === "string" ? bySha.get(raw.base) : undefined;
      if (!base) throw new PackError(`a delta's base ${String(raw.base)} is not in the pack (a thin pack needs the repository it was made for)`);
      object = { type: base.type, data: applyDelta(base.data, raw.data, spend) };
    }
    resolved.set(raw.offset, object);
    return object;
  };
  // Whole objects first, so a ref-delta can find its base by name.
  for (const raw of raws)
    if (raw.base === undefined) {
      const o = resolve(raw, 0);
      const sha = gitSha(o);
      bySha.set(sha, o);
      shaOffset.set(sha, raw.offset);
    }
  for (const raw of raws)
    if (raw.base !== undefined) {
      const o = resolve(raw, 0);
      const sha = gitSha(o);
      bySha.set(sha, o);
      shaOffset.set(sha, raw.offset);
    }
  return bySha;
}

function readVarint(delta: Buffer, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  let byte: number;
  do {
    byte = delta[at++]!;
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

function applyDelta(base: Uint8Array, delta: Buffer, spend: (n: number) => void): Buffer {
  const [sourceSize, afterSource] = readVarint(delta, 0);
  if (sourceSize !== base.byteLength) throw new PackError("a delta does not match its base's size");
  const [targetSize, afterTarget] = readVarint(delta, afterSource);
  let at = afterTarget;
  spend(targetSize);
  const out = Buffer.alloc(targetSize);
  let written = 0;
  while (at < delta.length) {
    const op = delta[at++]!;
    if (op & 0x80) {
      let offset = 0;
      let size = 0;
      for (let i = 0; i < 4; i++) if (op & (1 << i)) offset += delta[at++]! * 2 ** (8 * i);
      for (let i = 0; i < 3; i++) if (op & (1 << (4 + i))) size += delta[at++]! * 2 ** (8 * i);
      if (size === 0) size = 0x10000;
      if (offset + size > base.byteLength || written + size > targetSize) throw new PackError("a delta copies past its bounds");
      out.set(base.subarray(offset, offset + size), written);
      written += size;
    } else if (op > 0) {
      if (written + op > targetSize || at + op > delta.length) throw new PackError("a delta inserts past its bounds");
      delta.copy(out, written, at, at + op);
      written += op;
      at += op;
    } else throw new PackError("a delta holds a reserved instruction");
  }
  if (written !== targetSize) throw new PackError("a delta does not rebuild its announced size");
  return out;
}
