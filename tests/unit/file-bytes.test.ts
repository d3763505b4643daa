import { describe, expect, it } from "vitest";
import { bytesToBase64, decodeFileBytes } from "@/lib/client/file-bytes";

const utf8 = (text: string) => new TextEncoder().encode(text);

describe("decodeFileBytes", () => {
  it.each<[string, Uint8Array, string]>([
    ["an empty file", new Uint8Array(), "text"],
    ["ASCII source", utf8("export const a = 1;\n"), "text"],
    ["multi-byte UTF-8", utf8("héllo — 名前 🎉"), "text"],
    ["a NUL byte", new Uint8Array([0x61, 0x00, 0x62]), "binary"],
    ["a PNG header", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), "binary"],
    ["Latin-1 bytes (invalid UTF-8)", new Uint8Array([0x63, 0x61, 0x66, 0xe9]), "binary"],
    ["a truncated multi-byte sequence", new Uint8Array([0xe2, 0x82]), "binary"],
    ["UTF-16 with a BOM", new Uint8Array([0xff, 0xfe, 0x61, 0x00]), "binary"],
  ])("%s is %s", (_name, bytes, kind) => {
    expect(decodeFileBytes({ bytes }).kind).toBe(kind);
  });

  it("returns the text and the size", () => {
    expect(decodeFileBytes({ bytes: utf8("héllo") })).toEqual({ kind: "text", text: "héllo" });
    expect(decodeFileBytes({ bytes: new Uint8Array([0, 1, 2]) })).toEqual({ kind: "binary", size: 3 });
  });
});

describe("bytesToBase64", () => {
  it.each<[number[], string]>([
    [[], ""],
    [[0], "AA=="],
    [[0xff, 0xfe, 0xfd], "//79"],
  ])("%j is %j", (bytes, expected) => {
    expect(bytesToBase64({ bytes: new Uint8Array(bytes) })).toBe(expected);
  });

  it("round-trips a buffer larger than one chunk", () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 31) % 256);
    expect(new Uint8Array(Buffer.from(bytesToBase64({ bytes }), "base64"))).toEqual(bytes);
  });
});
