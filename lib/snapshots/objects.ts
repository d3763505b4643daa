import { createHash } from "node:crypto";

/**
 * The object encoding. Hashes are SHA-256 over a kind/size header plus the bytes (as git does), so a
 * blob and a tree with identical bytes never share a hash.
 */
export type ObjectKind = "blob" | "tree";

export type TreeEntry = {
  name: string;
  kind: "file" | "dir";
  hash: string;
  /** Bytes of the file, or of every file below the folder. */
  size: number;
  /** 1 for a file; the number of files below a folder. Kept so limits and totals need no tree walk. */
  count: number;
};

export type StoredObjectData = { hash: string; kind: ObjectKind; size: number; data: Uint8Array<ArrayBuffer> };

const encoder = new TextEncoder();

/** Prisma's Bytes want an ArrayBuffer-backed array (not a SharedArrayBuffer view). */
function plainBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}
const decoder = new TextDecoder("utf-8", { fatal: true });

export function hashObject(kind: ObjectKind, data: Uint8Array): string {
  return createHash("sha256").update(`${kind} ${data.byteLength}\0`).update(data).digest("hex");
}

export function makeBlob(bytes: Uint8Array): StoredObjectData {
  const data = plainBytes(bytes);
  return { hash: hashObject("blob", data), kind: "blob", size: data.byteLength, data };
}

/** Byte-wise name order, independent of locale, so equal folders always encode to equal bytes. */
function compareNames(a: TreeEntry, b: TreeEntry): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export function encodeTree(entries: Iterable<TreeEntry>): Uint8Array {
  const sorted = [...entries].sort(compareNames);
  const lines = sorted.map((e) => `${e.kind === "dir" ? "d" : "f"} ${e.hash} ${e.size} ${e.count}\t${e.name}\n`);
  return encoder.encode(lines.join(""));
}

export function makeTree(entries: Iterable<TreeEntry>): StoredObjectData {
  const data = plainBytes(encodeTree(entries));
  return { hash: hashObject("tree", data), kind: "tree", size: data.byteLength, data };
}

export function decodeTree(data: Uint8Array): TreeEntry[] {
  const text = decoder.decode(data);
  if (text === "") return [];
  return text
    .slice(0, -1)
    .split("\n")
    .map((line) => {
      const tab = line.indexOf("\t");
      const [kind, hash, size, count] = line.slice(0, tab).split(" ");
      if (tab < 0 || !hash || (kind !== "d" && kind !== "f")) throw new Error(`Corrupt tree line: ${line.slice(0, 120)}`);
      return { name: line.slice(tab + 1), kind: kind === "d" ? "dir" : "file", hash, size: Number(size), count: Number(count) };
    });
}

export const emptyTree = makeTree([]);
