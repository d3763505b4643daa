import type { DirectoryNode, FileSystemTree } from "@webcontainer/api";
import type { NormalizedSeedEntry } from "../seed-files";

// ignoreBOM keeps a byte-order mark in the text, so the file round-trips byte for byte.
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

// The API sends a byte array as a latin1 string built one byte at a time (utils/file-system.js),
// which stalls the page on a large project; text travels as the string it is.
function contentsFor(bytes: Uint8Array): string | Uint8Array {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return bytes;
  }
}

/** The seed as WebContainer's nested FileSystemTree; entries are sorted, so parents come first. */
export function toFileSystemTree(entries: readonly NormalizedSeedEntry[]): FileSystemTree {
  const root: FileSystemTree = {};
  const folders = new Map<string, FileSystemTree>([["", root]]);
  const folderFor = (path: string): FileSystemTree => {
    const existing = folders.get(path);
    if (existing) return existing;
    const slash = path.lastIndexOf("/");
    const parent = folderFor(slash < 0 ? "" : path.slice(0, slash));
    const node: DirectoryNode = { directory: {} };
    parent[path.slice(slash + 1)] = node;
    folders.set(path, node.directory);
    return node.directory;
  };
  for (const entry of entries) {
    if (entry.kind === "dir") folderFor(entry.path);
    else {
      const slash = entry.path.lastIndexOf("/");
      folderFor(slash < 0 ? "" : entry.path.slice(0, slash))[entry.path.slice(slash + 1)] = { file: { contents: contentsFor(entry.content) } };
    }
  }
  return root;
}
