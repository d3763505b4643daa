import { describe, expect, it } from "vitest";
import { detectBinaryType, extensionOf, textEditLimits, textPreviewOf, textTooLarge } from "@/lib/client/file-kind";

const bytes = (...parts: (number | string)[]) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === "number" ? [part] : [...part].map((c) => c.charCodeAt(0)))));
const at = (offset: number, ...parts: (number | string)[]) => {
  const tail = bytes(...parts);
  const all = new Uint8Array(offset + tail.length + 4);
  all.set(tail, offset);
  return all;
};

describe("detectBinaryType", () => {
  it.each<[string, string, Uint8Array, string, string, boolean]>([
    ["PNG", "logo.png", bytes(0x89, "PNG\r\n", 0x1a, 0x0a, 0, 0), "PNG image", "image/png", true],
    ["a PNG with another name", "logo.bin", bytes(0x89, "PNG\r\n", 0x1a, 0x0a), "PNG image", "image/png", true],
    ["JPEG", "photo.jpg", bytes(0xff, 0xd8, 0xff, 0xe0), "JPEG image", "image/jpeg", true],
    ["GIF89a", "a.gif", bytes("GIF89a", 1, 0), "GIF image", "image/gif", true],
    ["GIF87a", "a.gif", bytes("GIF87a"), "GIF image", "image/gif", true],
    ["WebP", "a.webp", bytes("RIFF", 0, 0, 0, 0, "WEBPVP8 "), "WebP image", "image/webp", true],
    ["WAV (RIFF, not an image)", "a.wav", bytes("RIFF", 0, 0, 0, 0, "WAVEfmt "), "WAV audio", "audio/wav", false],
    ["PDF", "doc.pdf", bytes("%PDF-1.7\n"), "PDF document", "application/pdf", false],
    ["ZIP", "a.zip", bytes("PK", 3, 4, 20), "ZIP archive", "application/zip", false],
    ["a Word document (a ZIP by its bytes)", "Report.DOCX", bytes("PK", 3, 4), "Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", false],
    ["a Java archive", "lib/app.jar", bytes("PK", 3, 4), "Java archive", "application/java-archive", false],
    ["gzip", "a.tgz", bytes(0x1f, 0x8b, 8), "gzip archive", "application/gzip", false],
    ["tar", "a.tar", at(257, "ustar"), "tar archive", "application/x-tar", false],
    ["WebAssembly", "m.wasm", bytes(0, "asm", 1, 0, 0, 0), "WebAssembly module", "application/wasm", false],
    ["ELF", "a.out", bytes(0x7f, "ELF", 2), "ELF executable", "application/x-executable", false],
    ["SQLite", "db.sqlite", bytes("SQLite format 3", 0), "SQLite database", "application/vnd.sqlite3", false],
    ["WOFF2", "f.woff2", bytes("wOF2"), "WOFF2 font", "font/woff2", false],
    ["MP4", "v.mp4", bytes(0, 0, 0, 0x20, "ftypisom"), "MP4 video", "video/mp4", false],
    ["a PNG name on other bytes", "fake.png", bytes(0, 1, 2, 3), "Binary file", "application/octet-stream", false],
    ["nothing known", "blob", bytes(0, 0xff), "Binary file", "application/octet-stream", false],
    ["an empty file", "empty.png", new Uint8Array(), "Binary file", "application/octet-stream", false],
  ])("%s", (_name, path, content, label, mime, image) => {
    expect(detectBinaryType({ path, bytes: content })).toEqual({ label, mime, image });
  });
});

describe("textPreviewOf", () => {
  it.each<[string, string | null]>([
    ["README.md", "markdown"],
    ["docs/Guide.MARKDOWN", "markdown"],
    ["icon.svg", "svg"],
    ["a.ts", null],
    [".md", null],
    ["md", null],
    ["notes.md.txt", null],
  ])("%s → %s", (path, expected) => {
    expect(textPreviewOf({ path })).toBe(expected);
  });
});

describe("extensionOf", () => {
  it.each<[string, string]>([
    ["a/b.TXT", "txt"],
    ["a.b/c", ""],
    [".gitignore", ""],
    ["archive.tar.gz", "gz"],
  ])("%s → %s", (path, expected) => {
    expect(extensionOf(path)).toBe(expected);
  });
});

describe("textTooLarge", () => {
  const lines = (n: number) => "x\n".repeat(n - 1) + "x";

  it.each<[string, string, number, { size: number; lines: number } | null]>([
    ["a small file", "a\nb\n", 4, null],
    ["exactly the line limit", lines(textEditLimits.lines), 1, null],
    ["one line past the limit", lines(textEditLimits.lines + 1), 2, { size: 2, lines: textEditLimits.lines + 1 }],
    ["exactly the byte limit", "x", textEditLimits.bytes, null],
    ["one byte past the limit", "x\ny", textEditLimits.bytes + 1, { size: textEditLimits.bytes + 1, lines: 2 }],
  ])("%s", (_name, text, size, expected) => {
    expect(textTooLarge({ text, size })).toEqual(expected);
  });
});
