/**
 * What a file is, for choosing how to show it: an image preview, a Markdown or SVG preview beside
 * the source, a read-only editor for text too large to edit, or a card naming a binary file's type.
 * Whether bytes are text at all is decided by decodeFileBytes (file-bytes.ts) alone.
 */

/** The type of a file that is not text, as shown to the person and given to a download. */
export type BinaryType = { label: string; mime: string; image: boolean };

/** Text files past either bound open read-only: Monaco stays responsive and saves stay small. */
export const textEditLimits = { bytes: 5 * 1024 * 1024, lines: 100_000 } as const;

type Signature = { offset?: number; bytes: (number | string)[]; type: BinaryType };

const type = (label: string, mime: string, image = false): BinaryType => ({ label, mime, image });

// Images the browser can draw from a blob URL; each matched by its bytes, never by the name alone.
const png = type("PNG image", "image/png", true);
const jpeg = type("JPEG image", "image/jpeg", true);
const gif = type("GIF image", "image/gif", true);
const webp = type("WebP image", "image/webp", true);
const zip = type("ZIP archive", "application/zip");

// Checked in order; `offset` is where the bytes start. Strings stand for their ASCII bytes.
const signatures: Signature[] = [
  { bytes: [0x89, "PNG\r\n", 0x1a, 0x0a], type: png },
  { bytes: [0xff, 0xd8, 0xff], type: jpeg },
  { bytes: ["GIF87a"], type: gif },
  { bytes: ["GIF89a"], type: gif },
  { bytes: ["RIFF"], type: webp },
  { bytes: ["%PDF-"], type: type("PDF document", "application/pdf") },
  { bytes: ["PK", 0x03, 0x04], type: zip },
  { bytes: ["PK", 0x05, 0x06], type: zip },
  { bytes: [0x1f, 0x8b], type: type("gzip archive", "application/gzip") },
  { bytes: ["7z", 0xbc, 0xaf, 0x27, 0x1c], type: type("7-Zip archive", "application/x-7z-compressed") },
  { bytes: ["BZh"], type: type("bzip2 archive", "application/x-bzip2") },
  { bytes: [0xfd, "7zXZ", 0x00], type: type("xz archive", "application/x-xz") },
  { bytes: ["ustar"], offset: 257, type: type("tar archive", "application/x-tar") },
  { bytes: [0x00, "asm"], type: type("WebAssembly module", "application/wasm") },
  { bytes: [0x7f, "ELF"], type: type("ELF executable", "application/x-executable") },
  { bytes: ["MZ"], type: type("Windows executable", "application/vnd.microsoft.portable-executable") },
  { bytes: [0xca, 0xfe, 0xba, 0xbe], type: type("Java class file", "application/java-vm") },
  { bytes: ["SQLite format 3", 0x00], type: type("SQLite database", "application/vnd.sqlite3") },
  { bytes: ["wOFF"], type: type("WOFF font", "font/woff") },
  { bytes: ["wOF2"], type: type("WOFF2 font", "font/woff2") },
  { bytes: ["OTTO"], type: type("OpenType font", "font/otf") },
  { bytes: [0x00, 0x01, 0x00, 0x00, 0x00], type: type("TrueType font", "font/ttf") },
  { bytes: [0x00, 0x00, 0x01, 0x00], type: type("Icon", "image/x-icon") },
  { bytes: ["BM"], type: type("BMP image", "image/bmp") },
  { bytes: ["ID3"], type: type("MP3 audio", "audio/mpeg") },
  { bytes: ["OggS"], type: type("Ogg media", "audio/ogg") },
  { bytes: ["fLaC"], type: type("FLAC audio", "audio/flac") },
  { bytes: ["ftyp"], offset: 4, type: type("MP4 video", "video/mp4") },
];

function hasBytes(bytes: Uint8Array, expected: (number | string)[], offset = 0): boolean {
  let at = offset;
  for (const part of expected) {
    const values = typeof part === "number" ? [part] : [...part].map((char) => char.charCodeAt(0));
    for (const value of values) if (bytes[at++] !== value) return false;
  }
  return true;
}

// A ZIP is also an Office document, a Java archive or an extension; only the name tells them apart.
const zipTypeByExtension: Record<string, BinaryType> = {
  docx: type("Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
  xlsx: type("Excel workbook", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
  pptx: type("PowerPoint presentation", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
  jar: type("Java archive", "application/java-archive"),
  apk: type("Android package", "application/vnd.android.package-archive"),
};

export function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return dot <= 0 ? "" : name.slice(dot + 1).toLowerCase();
}

/** A binary file's type, from its first bytes (the name only refines a ZIP); unknown → "Binary file". */
export function detectBinaryType({ path, bytes }: { path: string; bytes: Uint8Array }): BinaryType {
  const found = signatures.find((signature) => hasBytes(bytes, signature.bytes, signature.offset))?.type;
  if (found === webp) return riffType(bytes);
  if (found === zip) return zipTypeByExtension[extensionOf(path)] ?? zip;
  return found ?? type("Binary file", "application/octet-stream");
}

// RIFF is a container; its form type says what it holds. Only a WebP is shown as an image.
function riffType(bytes: Uint8Array): BinaryType {
  if (hasBytes(bytes, ["WEBP"], 8)) return webp;
  if (hasBytes(bytes, ["WAVE"], 8)) return type("WAV audio", "audio/wav");
  if (hasBytes(bytes, ["AVI "], 8)) return type("AVI video", "video/x-msvideo");
  return type("RIFF file", "application/octet-stream");
}

/** Text files with a rendered view beside their source. */
export type TextPreview = "markdown" | "svg";

export function textPreviewOf({ path }: { path: string }): TextPreview | null {
  const extension = extensionOf(path);
  if (extension === "md" || extension === "markdown") return "markdown";
  if (extension === "svg") return "svg";
  return null;
}

/** Why a text file opens read-only, or null when it may be edited. */
export function textTooLarge({ text, size }: { text: string; size: number }): { size: number; lines: number } | null {
  if (size > textEditLimits.bytes) return { size, lines: countLines(text) };
  const lines = countLines(text);
  return lines > textEditLimits.lines ? { size, lines } : null;
}

function countLines(text: string): number {
  let lines = 1;
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) lines++;
  return lines;
}
