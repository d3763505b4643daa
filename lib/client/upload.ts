import type { FileChangeInput } from "@/lib/validation/projects";
import { limits } from "@/lib/validation/limits";
import { normalizeProjectPath } from "@/lib/validation/paths";
import { bytesToBase64, decodeFileBytes } from "./file-bytes";

/** A file chosen for upload, with its path relative to the folder it is uploaded into. */
export type PickedFile = { relativePath: string; file: File };
export type PickedUpload = { files: PickedFile[]; emptyDirs: string[] };
export type UploadPlan = { changes: FileChangeInput[]; errors: string[] };

/** Files from an `<input type=file>`; with `webkitdirectory` each carries its folder path. */
export function pickedFromFileList({ files }: { files: FileList | readonly File[] }): PickedUpload {
  return {
    files: Array.from(files, (file) => ({ relativePath: file.webkitRelativePath || file.name, file })),
    emptyDirs: [],
  };
}

/**
 * Entries dropped from the operating system. The entries must be taken synchronously inside the drop
 * handler (the DataTransfer is emptied when it returns); the folders are then walked asynchronously.
 */
export function takeDroppedEntries({ dataTransfer }: { dataTransfer: DataTransfer }): {
  entries: FileSystemEntry[];
  looseFiles: File[];
} {
  const entries: FileSystemEntry[] = [];
  const looseFiles: File[] = [];
  for (const item of Array.from(dataTransfer.items)) {
    if (item.kind !== "file") continue;
    const entry = item.webkitGetAsEntry?.();
    if (entry) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) looseFiles.push(file);
    }
  }
  return { entries, looseFiles };
}

export async function walkDroppedEntries({
  entries,
  looseFiles,
}: {
  entries: readonly FileSystemEntry[];
  looseFiles: readonly File[];
}): Promise<PickedUpload> {
  const result: PickedUpload = { files: looseFiles.map((file) => ({ relativePath: file.name, file })), emptyDirs: [] };
  const visit = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (isFileEntry(entry)) {
      const file = await new Promise<File>((resolve, reject) => entry.file(resolve, reject));
      result.files.push({ relativePath: path, file });
    } else if (isDirectoryEntry(entry)) {
      const children = await readAllEntries(entry);
      if (children.length === 0) result.emptyDirs.push(path);
      for (const child of children) await visit(child, path);
    }
  };
  for (const entry of entries) await visit(entry, "");
  return result;
}

const isFileEntry = (entry: FileSystemEntry): entry is FileSystemFileEntry => entry.isFile;
const isDirectoryEntry = (entry: FileSystemEntry): entry is FileSystemDirectoryEntry => entry.isDirectory;

/** readEntries answers in batches (about 100 in Chromium) until it returns an empty one. */
async function readAllEntries(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

/**
 * Turns picked files into save changes under `targetDir`: UTF-8 text as utf8, everything else as
 * base64. Files that break a limit or have an unusable name are reported, not silently dropped.
 */
export function planUpload({
  targetDir,
  files,
  emptyDirs,
}: {
  targetDir: string;
  files: readonly { relativePath: string; bytes: Uint8Array }[];
  emptyDirs: readonly string[];
}): UploadPlan {
  const changes: FileChangeInput[] = [];
  const errors: string[] = [];
  const resolve = (relativePath: string) => {
    const checked = normalizeProjectPath(targetDir === "" ? relativePath : `${targetDir}/${relativePath}`);
    if (!checked.ok) errors.push(`${relativePath}: ${checked.reason}`);
    return checked.ok ? checked.path : null;
  };
  for (const { relativePath, bytes } of files) {
    const path = resolve(relativePath);
    if (path === null) continue;
    if (bytes.length > limits.fileMaxBytes) {
      errors.push(`${relativePath}: larger than the ${limits.fileMaxBytes / (1024 * 1024)} MB limit per file`);
      continue;
    }
    // A byte-order mark would be dropped by decoding; send such files as bytes so they stay identical.
    const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    const decoded = hasBom ? null : decodeFileBytes({ bytes });
    changes.push(
      decoded?.kind === "text"
        ? { type: "write", path, content: decoded.text, encoding: "utf8" }
        : { type: "write", path, content: bytesToBase64({ bytes }), encoding: "base64" },
    );
  }
  for (const dir of emptyDirs) {
    const path = resolve(dir);
    if (path !== null) changes.push({ type: "mkdir", path });
  }
  if (changes.length > limits.changesPerSave) {
    errors.push(`An upload is limited to ${limits.changesPerSave} files; ${changes.length} were chosen`);
    return { changes: [], errors };
  }
  return { changes, errors };
}

export async function readPickedFiles({ files }: { files: readonly PickedFile[] }) {
  return Promise.all(
    files.map(async ({ relativePath, file }) => ({ relativePath, bytes: new Uint8Array(await file.arrayBuffer()) })),
  );
}
