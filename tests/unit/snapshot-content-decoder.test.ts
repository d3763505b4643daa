import { describe, expect, it } from "vitest";
import {
  createSnapshotDecoder,
  encodeBlobHeader,
  encodeDirFrame,
  encodeEndFrame,
  encodeFileFrame,
  encodeMagic,
  framedLength,
  readSnapshotFrames,
  SnapshotContentError,
  type SnapshotFrame,
} from "@/lib/validation/snapshot-content";

const hashA = "a".repeat(64);
const hashB = "0123456789abcdef".repeat(4);
const hashEmpty = "f".repeat(64);
const binary = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** A whole response: two folders (one empty), a binary file, an empty file, two paths sharing one blob. */
const stream = concat([
  encodeMagic(),
  encodeDirFrame("src"),
  encodeDirFrame("ünïcødé 📁"),
  encodeBlobHeader(hashA, binary.byteLength),
  binary,
  encodeBlobHeader(hashEmpty, 0),
  encodeFileFrame("src/a.bin", hashA),
  encodeFileFrame("copy of a.bin", hashA),
  encodeFileFrame("ünïcødé 📁/empty.txt", hashEmpty),
  encodeEndFrame(3, 2),
]);

function decodeInChunks(bytes: Uint8Array, size: number): SnapshotFrame[] {
  const decoder = createSnapshotDecoder();
  const frames: SnapshotFrame[] = [];
  for (let at = 0; at < bytes.byteLength; at += size) frames.push(...decoder.push(bytes.slice(at, at + size)));
  decoder.finish();
  return frames;
}

const summary = (frames: SnapshotFrame[]) =>
  frames.map((f) => (f.type === "blob" ? `blob ${f.hash.slice(0, 4)} ${Array.from(f.bytes).join(",").length}` : f.type === "end" ? `end ${f.files} ${f.blobs}` : `${f.type} ${f.path}`));

describe("snapshot content decoder", () => {
  const whole = decodeInChunks(stream, stream.byteLength);

  it("decodes every frame of a response: folders, binary and empty blobs, shared blobs, unicode paths", () => {
    expect(whole.map((f) => f.type)).toEqual(["dir", "dir", "blob", "blob", "file", "file", "file", "end"]);
    expect(whole[1]).toEqual({ type: "dir", path: "ünïcødé 📁" });
    expect(whole[2]).toMatchObject({ type: "blob", hash: hashA });
    expect(Array.from((whole[2] as { bytes: Uint8Array }).bytes)).toEqual(Array.from(binary));
    expect(whole[3]).toMatchObject({ type: "blob", hash: hashEmpty, bytes: new Uint8Array(0) });
    expect(whole.slice(4, 7)).toEqual([
      { type: "file", path: "src/a.bin", hash: hashA },
      { type: "file", path: "copy of a.bin", hash: hashA },
      { type: "file", path: "ünïcødé 📁/empty.txt", hash: hashEmpty },
    ]);
    expect(whole[7]).toEqual({ type: "end", files: 3, blobs: 2 });
  });

  it.each([1, 2, 7, 37, 64, 1000])("gives the same frames when the bytes arrive %i at a time", (size) => {
    expect(summary(decodeInChunks(stream, size))).toEqual(summary(whole));
  });

  it("announces its exact length before streaming", () => {
    expect(framedLength({ blobs: [binary.byteLength, 0], files: ["src/a.bin", "copy of a.bin", "ünïcødé 📁/empty.txt"], dirs: ["src", "ünïcødé 📁"] })).toBe(stream.byteLength);
  });

  it("keeps a blob that arrived in one chunk as a view of it (no copy)", () => {
    const decoder = createSnapshotDecoder();
    const frames = decoder.push(stream);
    const blob = frames.find((f) => f.type === "blob")!;
    expect((blob as { bytes: Uint8Array }).bytes.buffer).toBe(stream.buffer);
  });

  it.each<[string, Uint8Array, RegExp]>([
    ["cut off before its end frame", stream.slice(0, stream.byteLength - 9), /stopped before its end/],
    ["cut off inside a blob", stream.slice(0, 60), /stopped before its end/],
    ["not a snapshot stream", new TextEncoder().encode('{"error":{"code":"internal"}}'), /not a snapshot stream/],
    ["an unknown frame", concat([encodeMagic(), Uint8Array.of(0x7a, 1, 2)]), /unknown frame type/],
    ["an end frame counting other frames", concat([encodeMagic(), encodeDirFrame("a"), encodeEndFrame(1, 0)]), /0 files and 0 blobs arrived, 1 and 0/],
    ["bytes after the end frame", concat([stream, Uint8Array.of(0x64)]), /after the end frame/],
  ])("refuses a stream %s", (_case, bytes, message) => {
    const attempt = () => {
      const decoder = createSnapshotDecoder();
      decoder.push(bytes);
      decoder.finish();
    };
    expect(attempt).toThrow(SnapshotContentError);
    expect(attempt).toThrow(message);
  });

  it("reads a response body as it streams, and cancels the rest when stopped early", async () => {
    let cancelled = false;
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= stream.byteLength) return controller.close();
        controller.enqueue(stream.slice(sent, (sent += 16)));
      },
      cancel() {
        cancelled = true;
      },
    });
    const seen: string[] = [];
    for await (const frame of readSnapshotFrames(body)) {
      seen.push(frame.type);
      if (frame.type === "blob") break;
    }
    expect(seen).toEqual(["dir", "dir", "blob"]);
    expect(cancelled).toBe(true);
  });

  it("refuses a hash that is not 64 hex digits when encoding", () => {
    expect(() => encodeFileFrame("a", "fnv:1234")).toThrow(/Not a content hash/);
    expect(() => encodeBlobHeader(hashB.toUpperCase(), 1)).toThrow(/Not a content hash/);
  });
});
