/**
 * The wire format of a snapshot's content (GET/POST /api/projects/:id/snapshots/:snapshotId/content):
 * framed binary, so 22 MB of files cost no base64 or JSON escaping on either side and the browser can
 * decode frames as chunks arrive. Shared by the server's encoder and the browser's decoder.
 *
 *   magic  "IDESNAP1"
 *   blob   'b' · hash (32 bytes) · size (u32 BE) · bytes        — the bytes of one content hash
 *   file   'f' · hash (32 bytes) · path length (u16 BE) · path  — a file whose bytes are blob `hash`
 *   dir    'd' · path length (u16 BE) · path                    — a folder (so empty ones survive)
 *   end    'e' · files (u32 BE) · blobs (u32 BE)                — the last frame; a stream without it was cut off
 *
 * A file frame follows the blob frame of its hash (sent once per response however many paths share
 * it), except when the client asked only for blobs it lacks: then there are no file frames.
 */
export const snapshotContentType = "application/vnd.ide.snapshot-content";

export type SnapshotFrame =
  | { type: "blob"; hash: string; bytes: Uint8Array }
  | { type: "file"; path: string; hash: string }
  | { type: "dir"; path: string }
  | { type: "end"; files: number; blobs: number };

const magic = new TextEncoder().encode("IDESNAP1");
const tag = { blob: 0x62, file: 0x66, dir: 0x64, end: 0x65 } as const;
const hashBytes = 32;
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

export const blobHashPattern = /^[0-9a-f]{64}$/;

function hexToBytes(hash: string, into: Uint8Array, at: number) {
  if (!blobHashPattern.test(hash)) throw new Error(`Not a content hash: ${hash.slice(0, 80)}`);
  for (let i = 0; i < hashBytes; i++) into[at + i] = parseInt(hash.slice(i * 2, i * 2 + 2), 16);
}

const hexDigits = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
function bytesToHex(bytes: Uint8Array, at: number): string {
  let out = "";
  for (let i = at; i < at + hashBytes; i++) out += hexDigits[bytes[i]!];
  return out;
}

export const encodeMagic = () => magic.slice();

/** The header of a blob frame; its `size` bytes follow it. */
export function encodeBlobHeader(hash: string, size: number): Uint8Array {
  const out = new Uint8Array(1 + hashBytes + 4);
  out[0] = tag.blob;
  hexToBytes(hash, out, 1);
  new DataView(out.buffer).setUint32(1 + hashBytes, size);
  return out;
}

function pathBytes(path: string): Uint8Array {
  const bytes = encoder.encode(path);
  if (bytes.byteLength > 0xffff) throw new Error(`Path too long to frame: ${path.slice(0, 80)}…`);
  return bytes;
}

export function encodeFileFrame(path: string, hash: string): Uint8Array {
  const name = pathBytes(path);
  const out = new Uint8Array(1 + hashBytes + 2 + name.byteLength);
  out[0] = tag.file;
  hexToBytes(hash, out, 1);
  new DataView(out.buffer).setUint16(1 + hashBytes, name.byteLength);
  out.set(name, 1 + hashBytes + 2);
  return out;
}

export function encodeDirFrame(path: string): Uint8Array {
  const name = pathBytes(path);
  const out = new Uint8Array(3 + name.byteLength);
  out[0] = tag.dir;
  new DataView(out.buffer).setUint16(1, name.byteLength);
  out.set(name, 3);
  return out;
}

export function encodeEndFrame(files: number, blobs: number): Uint8Array {
  const out = new Uint8Array(9);
  out[0] = tag.end;
  const view = new DataView(out.buffer);
  view.setUint32(1, files);
  view.setUint32(5, blobs);
  return out;
}

/** Bytes of the frames for these entries, so a response can announce its Content-Length. */
export function framedLength({ blobs, files, dirs }: { blobs: number[]; files: string[]; dirs: string[] }): number {
  let total = magic.byteLength + 9;
  for (const size of blobs) total += 1 + hashBytes + 4 + size;
  for (const path of files) total += 1 + hashBytes + 2 + encoder.encode(path).byteLength;
  for (const path of dirs) total += 3 + encoder.encode(path).byteLength;
  return total;
}

export class SnapshotContentError extends Error {
  constructor(message: string) {
    super(`The project's files arrived damaged: ${message}. Reload to try again.`);
    this.name = "SnapshotContentError";
  }
}

/**
 * An incremental decoder: `push` each chunk as it arrives and take the frames it completes; `finish`
 * throws if the stream stopped before its end frame. A blob's bytes are a view of the received
 * chunk when they arrived in one piece, and are copied once otherwise (never re-copied per chunk).
 */
export function createSnapshotDecoder() {
  const chunks: Uint8Array[] = [];
  let offset = 0; // into chunks[0]
  let available = 0;
  let sawMagic = false;
  let ended = false;
  const counted = { files: 0, blobs: 0 };

  // The next `n` bytes without consuming them (a view when they lie in one chunk).
  const peek = (n: number): Uint8Array => {
    if (n === 0) return new Uint8Array(0);
    const first = chunks[0]!;
    if (first.byteLength - offset >= n) return first.subarray(offset, offset + n);
    const out = new Uint8Array(n);
    let filled = 0;
    for (let i = 0; filled < n; i++) {
      const chunk = chunks[i]!;
      const from = i === 0 ? offset : 0;
      const part = chunk.subarray(from, from + Math.min(n - filled, chunk.byteLength - from));
      out.set(part, filled);
      filled += part.byteLength;
    }
    return out;
  };
  const skip = (n: number) => {
    available -= n;
    while (n > 0) {
      const left = chunks[0]!.byteLength - offset;
      if (n < left) {
        offset += n;
        return;
      }
      n -= left;
      chunks.shift();
      offset = 0;
    }
  };
  const take = (n: number) => {
    const bytes = peek(n);
    skip(n);
    return bytes;
  };

  // One frame when it has fully arrived, else null (nothing consumed).
  const next = (): SnapshotFrame | null => {
    if (available < 1) return null;
    const kind = peek(1)[0];
    if (kind === tag.blob) {
      if (available < 1 + hashBytes + 4) return null;
      const head = peek(1 + hashBytes + 4);
      const size = new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(1 + hashBytes);
      if (available < head.byteLength + size) return null;
      const hash = bytesToHex(head, 1);
      skip(head.byteLength);
      counted.blobs += 1;
      return { type: "blob", hash, bytes: take(size) };
    }
    if (kind === tag.file) {
      if (available < 1 + hashBytes + 2) return null;
      const head = peek(1 + hashBytes + 2);
      const length = new DataView(head.buffer, head.byteOffset, head.byteLength).getUint16(1 + hashBytes);
      if (available < head.byteLength + length) return null;
      const hash = bytesToHex(head, 1);
      skip(head.byteLength);
      counted.files += 1;
      return { type: "file", hash, path: decodePath(take(length)) };
    }
    if (kind === tag.dir) {
      if (available < 3) return null;
      const head = peek(3);
      const length = new DataView(head.buffer, head.byteOffset, head.byteLength).getUint16(1);
      if (available < 3 + length) return null;
      skip(3);
      return { type: "dir", path: decodePath(take(length)) };
    }
    if (kind === tag.end) {
      if (available < 9) return null;
      const body = take(9);
      const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
      const end = { type: "end" as const, files: view.getUint32(1), blobs: view.getUint32(5) };
      if (end.files !== counted.files || end.blobs !== counted.blobs)
        throw new SnapshotContentError(`${counted.files} files and ${counted.blobs} blobs arrived, ${end.files} and ${end.blobs} were sent`);
      ended = true;
      return end;
    }
    throw new SnapshotContentError(`unknown frame type ${kind}`);
  };

  return {
    push(chunk: Uint8Array): SnapshotFrame[] {
      if (ended) throw new SnapshotContentError("bytes after the end frame");
      if (chunk.byteLength === 0) return [];
      chunks.push(chunk);
      available += chunk.byteLength;
      if (!sawMagic) {
        if (available < magic.byteLength) return [];
        if (!take(magic.byteLength).every((b, i) => b === magic[i])) throw new SnapshotContentError("not a snapshot stream");
        sawMagic = true;
      }
      const frames: SnapshotFrame[] = [];
      for (let frame = next(); frame; frame = ended ? null : next()) frames.push(frame);
      if (ended && available > 0) throw new SnapshotContentError("bytes after the end frame");
      return frames;
    },
    finish() {
      if (!ended) throw new SnapshotContentError("the response stopped before its end");
    },
  };
}

function decodePath(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new SnapshotContentError("a path is not UTF-8");
  }
}

/** Every frame of a response body, as it streams. */
export async function* readSnapshotFrames(body: ReadableStream<Uint8Array>): AsyncGenerator<SnapshotFrame> {
  const decoder = createSnapshotDecoder();
  const reader = body.getReader();
  let done = false;
  try {
    for (;;) {
      const read = await reader.read();
      if (read.done) break;
      yield* decoder.push(read.value);
    }
    done = true;
    decoder.finish();
  } finally {
    // Stopped early (aborted, or a damaged frame): the rest of the download is not wanted.
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
