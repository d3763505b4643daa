import { isSyncExcluded } from "@/lib/sandbox/sync-excludes";
import type { Sandbox } from "@/lib/sandbox/types";
import { isSameOrInside } from "@/lib/validation/paths";
import { limits } from "@/lib/validation/limits";
import type { FileChangeInput, FileEntry, ProjectListing } from "@/lib/validation/projects";
import { bytesToBase64, decodeFileBytes } from "./file-bytes";
import { createPathBatcher } from "./path-batcher";

/** What a path is in the sandbox now; null when it is gone. */
export type SandboxEntry = { kind: "file"; bytes: Uint8Array } | { kind: "dir" } | null;

const encoder = new TextEncoder();

/** The object store's blob hash (SHA-256 over "blob <size>\0" and the bytes, hex), as listings carry it. */
export async function hashBlob({ bytes }: { bytes: Uint8Array }): Promise<string> {
  const header = encoder.encode(`blob ${bytes.byteLength}\0`);
  const data = new Uint8Array(header.byteLength + bytes.byteLength);
  data.set(header);
  data.set(bytes, header.byteLength);
  const digest = await crypto.subtle.digest("SHA-256", data);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function writeChange(path: string, bytes: Uint8Array): FileChangeInput {
  const decoded = decodeFileBytes({ bytes });
  return decoded.kind === "text"
    ? { type: "write", path, content: decoded.text, encoding: "utf8" }
    : { type: "write", path, content: bytesToBase64({ bytes }), encoding: "base64" };
}

/**
 * The save that makes the project match the sandbox at `paths`: what the sandbox holds there now,
 * compared with the listing (by blob hash, so the sandbox's echo of the editor's own saves is not
 * saved again). Deletes come first, then folders, then files; a delete inside a deleted folder is
 * left out. Files over the size limit are skipped and reported.
 */
export async function planSandboxChanges({
  paths,
  listing,
  read,
}: {
  paths: readonly string[];
  listing: ProjectListing;
  read: (path: string) => Promise<SandboxEntry>;
}): Promise<{ changes: FileChangeInput[]; tooLarge: string[] }> {
  const listed = new Map<string, FileEntry>(listing.entries.map((entry) => [entry.path, entry]));
  const deletes: string[] = [];
  const mkdirs: string[] = [];
  const writes: FileChangeInput[] = [];
  const tooLarge: string[] = [];
  for (const path of [...new Set(paths)].sort()) {
    if (path === "" || isSyncExcluded(path)) continue;
    const now = await read(path);
    const before = listed.get(path);
    if (now === null) {
      if (before) deletes.push(path);
      continue;
    }
    if (now.kind === "dir") {
      if (before?.kind === "dir") continue;
      if (before) deletes.push(path);
      mkdirs.push(path);
      continue;
    }
    if (now.bytes.byteLength > limits.fileMaxBytes) {
      tooLarge.push(path);
      continue;
    }
    if (before?.kind === "file" && before.hash === (await hashBlob({ bytes: now.bytes }))) continue;
    if (before?.kind === "dir") deletes.push(path);
    writes.push(writeChange(path, now.bytes));
  }
  // Sorted, so a folder comes before what is inside it.
  const outermost = deletes.filter((path, index) => !deletes.slice(0, index).some((other) => isSameOrInside(path, other)));
  return {
    changes: [
      ...outermost.map((path): FileChangeInput => ({ type: "delete", path })),
      ...mkdirs.map((path): FileChangeInput => ({ type: "mkdir", path })),
      ...writes,
    ],
    tooLarge,
  };
}

/** How a save of files a sandbox changed ended; a conflict is left to the caller to retry. */
export type SandboxSaveResult = "saved" | "conflict" | "failed";

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const isMissing = (error: unknown) => (error as { code?: unknown } | null)?.code === "ENOENT";

async function readSandboxEntry(sandbox: Sandbox, path: string): Promise<SandboxEntry> {
  try {
    const stat = await sandbox.stat(path);
    if (stat.kind === "dir") return { kind: "dir" };
    return { kind: "file", bytes: await sandbox.readFile(path) };
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/** Applies one saved change to the sandbox; a path that is already gone is not an error. */
async function applyToSandbox(sandbox: Sandbox, change: FileChangeInput) {
  switch (change.type) {
    case "write": {
      const bytes =
        change.encoding === "base64" ? Uint8Array.from(atob(change.content), (c) => c.charCodeAt(0)) : encoder.encode(change.content);
      return sandbox.writeFile(change.path, bytes);
    }
    case "mkdir":
      return sandbox.mkdir(change.path);
    case "delete":
      return sandbox.rm(change.path, { recursive: true }).catch((error: unknown) => {
        if (!isMissing(error)) throw error;
      });
    case "move":
      return sandbox.rename(change.from, change.to);
  }
}

const maxConflictRetries = 3;

/**
 * Keeps a WebContainer and the project in step, both ways. Saves made in the IDE are written into
 * the sandbox (in order; saves made while it boots wait for it). Files the sandbox changes itself
 * (npm install, generated files) are collected, read back after a pause and saved as one snapshot.
 */
export function createWebContainerSync({
  getListing,
  save,
  notify,
  quietMs = 400,
  maxWaitMs = 3000,
}: {
  getListing: () => ProjectListing;
  /** One snapshot on `baseSnapshotId`; "conflict" when a path changed on the server since. */
  save: (input: { changes: FileChangeInput[]; baseSnapshotId: string | null }) => Promise<SandboxSaveResult>;
  notify: { error: (message: string) => void };
  quietMs?: number;
  maxWaitMs?: number;
}) {
  let sandbox: Sandbox | null = null;
  let disposed = false;
  let unsubscribe: () => void = () => {};
  const waiting: FileChangeInput[][] = [];
  let writes: Promise<void> = Promise.resolve();
  let conflicts = 0;

  const writeChanges = (changes: FileChangeInput[]) => {
    const target = sandbox;
    if (!target) return;
    writes = writes.then(async () => {
      for (const change of changes) {
        if (disposed) return;
        try {
          await applyToSandbox(target, change);
        } catch (error) {
          notify.error(`The running project did not get your change to "${"path" in change ? change.path : change.from}": ${messageOf(error)}`);
        }
      }
    });
  };

  const onBatch = async (paths: string[]) => {
    const target = sandbox;
    if (!target || disposed) return;
    // The sandbox must hold every save already made before it is read, or its stale copy would
    // be saved over the person's newer one.
    await writes;
    const listing = getListing();
    const plan = await planSandboxChanges({ paths, listing, read: (path) => readSandboxEntry(target, path) });
    if (disposed) return;
    if (plan.tooLarge.length > 0)
      notify.error(`Not saved, larger than ${limits.fileMaxBytes / 1024 / 1024} MB: ${plan.tooLarge.join(", ")}`);
    if (plan.changes.length === 0) return;
    if (getListing().snapshotId !== listing.snapshotId) {
      // A save landed while reading: look again once it reached the sandbox.
      for (const path of paths) batcher.add(path);
      return;
    }
    for (let start = 0; start < plan.changes.length; start += limits.changesPerSave) {
      const result = await save({ changes: plan.changes.slice(start, start + limits.changesPerSave), baseSnapshotId: getListing().snapshotId });
      if (result === "conflict" && conflicts < maxConflictRetries) {
        conflicts += 1;
        for (const path of paths) batcher.add(path);
        return;
      }
      if (result !== "saved") {
        if (result === "conflict") notify.error("Files changed by the running project could not be saved: they keep changing on the server too.");
        break;
      }
    }
    conflicts = 0;
  };

  const batcher = createPathBatcher({ quietMs, maxWaitMs, onBatch });

  return {
    /** Starts syncing with a booted sandbox; saves made before it was ready are written now. */
    attach(next: Sandbox) {
      if (disposed) return;
      sandbox = next;
      unsubscribe = next.onEvent((event) => {
        if (event.type === "file") batcher.add(event.path);
      });
      for (const changes of waiting.splice(0)) writeChanges(changes);
    },
    /** A save the IDE made (editor, tree, upload): write it into the sandbox. */
    applySaved(changes: FileChangeInput[]) {
      if (disposed) return;
      if (sandbox) writeChanges(changes);
      else waiting.push(changes);
    },
    /** Resolves when the sandbox holds every save made so far. */
    async whenWritten(): Promise<void> {
      await writes;
    },
    /** Saves pending sandbox changes now; resolves when they are saved. */
    async flush(): Promise<void> {
      await writes;
      batcher.flush();
      await batcher.idle();
    },
    dispose() {
      disposed = true;
      unsubscribe();
      batcher.dispose();
    },
  };
}

export type WebContainerSync = ReturnType<typeof createWebContainerSync>;
