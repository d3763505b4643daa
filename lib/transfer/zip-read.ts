import { crc32, inflateRaw } from "node:zlib";
import { promisify } from "node:util";
import { AppError } from "@/lib/errors";
import type { ImportLimits } from "./limits";

const inflate = promisify(inflateRaw);

export type ArchiveEntry = { path: string; data: Uint8Array } | { path: string; dir: true };

/** An import refused because of one entry: the message names it, so the person can fix the archive. */
export function refuseEntry(name: string, why: string): AppError {
  return new AppError("invalid:archive", `"${name.slice(0, 200)}" ${why}`, { entry: name.slice(0, 1000) });
}

/**
 * Names an entry would be written under, refused when it could leave the project (zip-slip): "..",
 * absolute paths, drive letters.
 */
export function checkEntryName(name: string): void {
  if (/^([/\\]|[A-Za-z]:)/.test(name)) throw refuseEntry(name, "is an absolute path; an archive may only hold paths inside the project");
  if (name.split(/[/\\]/).includes("..")) throw refuseEntry(name, 'climbs out of the project with ".."; the import was refused');
}

type CentralEntry = { name: string; method: number; flags: number; crc: number; packedSize: number; size: number; madeBy: number; external: number; localOffset: number };

/**
 * Reads a zip from its central directory. Refuses, naming the entry: paths that leave the project,
 * symlinks, encryption, unknown compression, and zip bombs — a declared ratio or total past the
 * limits before inflating, and any entry that inflates past its declared size while inflating (the
 * output is capped, never checked after the fact).
 */
export async function readZip(bytes: Uint8Array, limits: ImportLimits): Promise<ArchiveEntry[]> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = centralDirectory(buf);
  const out: ArchiveEntry[] = [];
  let files = 0;
  let total = 0;
  for (const e of entries) {
    checkEntryName(e.name);
    if (e.name.startsWith("__MACOSX/")) continue; // Finder's resource forks: not project files
    const unixMode = e.madeBy >> 8 === 3 ? e.external >>> 16 : 0;
    if ((unixMode & 0o170000) === 0o120000) throw refuseEntry(e.name, "is a symbolic link; links are not imported (replace it with the file it points to)");
    const dir = e.name.endsWith("/") || (unixMode & 0o170000) === 0o040000;
    const depth = e.name.split("/").filter(Boolean).length - (dir ? 0 : 1);
    if (depth > limits.depth) throw refuseEntry(e.name, `is nested ${depth} folders deep; imports are limited to ${limits.depth}`);
    if (dir) {
      out.push({ path: e.name.replace(/\/+$/, ""), dir: true });
      continue;
    }
    files += 1;
    if (files > limits.files) throw refuseEntry(e.name, `is file number ${files}; an import may hold at most ${limits.files} files`);
    if (e.flags & 1) throw refuseEntry(e.name, "is encrypted; unzip it and import the files");
    if (e.method !== 0 && e.method !== 8) throw refuseEntry(e.name, `uses compression method ${e.method}; only stored and deflated entries are read`);
    if (e.size > limits.fileBytes) throw refuseEntry(e.name, `is ${e.size} bytes; files are limited to ${limits.fileBytes}`);
    if (e.size > Math.max(e.packedSize, 1) * limits.ratio)
      throw refuseEntry(e.name, `would inflate ${Math.round(e.size / Math.max(e.packedSize, 1))}× (a zip bomb?); at most ${limits.ratio}× is accepted`);
    total += e.size;
    if (total > limits.unpackedBytes) throw refuseEntry(e.name, `takes the archive past ${limits.unpackedBytes} bytes unpacked (a zip bomb?)`);
    const data = await entryData(buf, e);
    out.push({ path: e.name, data });
  }
  return out;
}

async function entryData(buf: Buffer, e: CentralEntry): Promise<Uint8Array> {
  const at = e.localOffset;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== 0x04034b50) throw refuseEntry(e.name, "has no local header where the directory says; the zip is damaged");
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  if (start + e.packedSize > buf.length) throw refuseEntry(e.name, "runs past the end of the zip; it is truncated");
  const packed = buf.subarray(start, start + e.packedSize);
  let data: Buffer;
  if (e.method === 0) data = packed;
  else {
    try {
      // The cap is the declared size: an entry lying about it stops here, mid-inflation.
      data = await inflate(packed, { maxOutputLength: Math.max(e.size, 1) });
    } catch (error) {
      if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw refuseEntry(e.name, `inflates past its declared ${e.size} bytes (a zip bomb?)`);
      throw refuseEntry(e.name, "does not inflate; the zip is damaged");
    }
  }
  if (data.length !== e.size || crc32(data) !== e.crc) throw refuseEntry(e.name, "does not match its checksum; the zip is damaged");
  return new Uint8Array(data);
}

function centralDirectory(buf: Buffer): CentralEntry[] {
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--)
    if (buf.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  if (end < 0) throw new AppError("invalid:archive", "This is not a zip file (no central directory found)");
  const count = buf.readUInt16LE(end + 10);
  const size = buf.readUInt32LE(end + 12);
  let at = buf.readUInt32LE(end + 16);
  if (count === 0xffff || at === 0xffffffff || at + size > end) throw new AppError("invalid:archive", "This zip uses zip64 or is damaged; zip64 archives are not read");
  const entries: CentralEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) throw new AppError("invalid:archive", "The zip's directory is damaged");
    const nameLength = buf.readUInt16LE(at + 28);
    const flags = buf.readUInt16LE(at + 8);
    const rawName = buf.subarray(at + 46, at + 46 + nameLength);
    entries.push({
      // Names without the UTF-8 flag are usually UTF-8 anyway (or ASCII); CP437 is not guessed at.
      name: rawName.toString("utf8"),
      madeBy: buf.readUInt16LE(at + 4),
      flags,
      method: buf.readUInt16LE(at + 10),
      crc: buf.readUInt32LE(at + 16),
      packedSize: buf.readUInt32LE(at + 20),
      size: buf.readUInt32LE(at + 24),
      external: buf.readUInt32LE(at + 38),
      localOffset: buf.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return entries;
}
