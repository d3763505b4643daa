import { crc32, deflateRaw } from "node:zlib";
import { promisify } from "node:util";

const deflate = promisify(deflateRaw);

/** One zip entry: a file with its bytes, or a folder (kept so empty folders survive a round trip). */
export type ZipInput = { path: string; data: Uint8Array } | { path: string; dir: true };

function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.max(1980, date.getUTCFullYear());
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

const utf8Flag = 1 << 11;
// "Made by" Unix (3), so unzip restores the Unix modes below; version 2.0.
const madeByUnix = (3 << 8) | 20;

type Prepared = { dir: boolean; name: Buffer; raw: Uint8Array; crc: number; packed: Uint8Array };

async function prepare(entry: ZipInput): Promise<Prepared> {
  const dir = "dir" in entry;
  const raw = dir ? Buffer.alloc(0) : entry.data;
  return {
    dir,
    name: Buffer.from(dir ? `${entry.path}/` : entry.path, "utf8"),
    raw,
    crc: dir ? 0 : crc32(raw),
    packed: raw.byteLength > 0 ? await deflate(raw, { level: 6 }) : Buffer.alloc(0),
  };
}

// Entries deflated ahead of the one being written: deflate runs on libuv's thread pool, so the
// cores work on several files at once while memory holds only these few.
const deflateAhead = 4;

async function* prepared(entries: AsyncIterable<ZipInput> | Iterable<ZipInput>): AsyncGenerator<Prepared> {
  const queue: Promise<Prepared>[] = [];
  for await (const entry of entries) {
    const next = prepare(entry);
    // Awaited in turn below; this only keeps a failure behind an earlier one from going unhandled.
    next.catch(() => {});
    queue.push(next);
    if (queue.length >= deflateAhead) yield await queue.shift()!;
  }
  while (queue.length > 0) yield await queue.shift()!;
}

/**
 * Writes a zip as entries arrive: each entry is deflated (or stored, when deflating does not help)
 * and sent at once, so memory holds a few files at a time, not the archive. Names are UTF-8.
 */
export async function* zipParts(entries: AsyncIterable<ZipInput> | Iterable<ZipInput>, modified: Date): AsyncGenerator<Uint8Array> {
  const { time, date } = dosDateTime(modified);
  const central: Buffer[] = [];
  let offset = 0;
  let count = 0;
  for await (const { dir, name, raw, crc, packed } of prepared(entries)) {
    const stored = packed.byteLength >= raw.byteLength;
    const body = stored ? raw : packed;
    const method = stored ? 0 : 8;
    if (offset + 30 + name.length + body.byteLength > 0xffffffff) throw new Error("zip larger than 4 GB (zip64 is not written)");

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(utf8Flag, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.byteLength, 18);
    local.writeUInt32LE(raw.byteLength, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);

    const head = Buffer.alloc(46);
    head.writeUInt32LE(0x02014b50, 0);
    head.writeUInt16LE(madeByUnix, 4);
    head.writeUInt16LE(20, 6);
    head.writeUInt16LE(utf8Flag, 8);
    head.writeUInt16LE(method, 10);
    head.writeUInt16LE(time, 12);
    head.writeUInt16LE(date, 14);
    head.writeUInt32LE(crc, 16);
    head.writeUInt32LE(body.byteLength, 20);
    head.writeUInt32LE(raw.byteLength, 24);
    head.writeUInt16LE(name.length, 28);
    // Unix mode in the high half; the DOS folder bit for tools that only read that.
    head.writeUInt32LE((((dir ? 0o40755 : 0o100644) << 16) | (dir ? 0x10 : 0)) >>> 0, 38);
    head.writeUInt32LE(offset, 42);
    central.push(head, name);

    yield Buffer.concat([local, name]);
    if (body.byteLength > 0) yield body;
    offset += 30 + name.length + body.byteLength;
    count += 1;
  }
  if (count > 0xffff) throw new Error("zip with more than 65,535 entries (zip64 is not written)");
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  yield Buffer.concat([directory, end]);
}
