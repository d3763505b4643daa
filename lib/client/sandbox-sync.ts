import { agentScratchFolder } from "@/lib/agent/scratch-folder";
import type { PathChange } from "@/lib/head-channel/types";
import { isSyncExcluded } from "@/lib/sandbox/sync-excludes";
import type { Sandbox } from "@/lib/sandbox/types";
import { isSameOrInside } from "@/lib/validation/paths";
import { limits } from "@/lib/validation/limits";
import type { FileChangeInput, FileEntry, ProjectListing } from "@/lib/validation/projects";
import { bytesToBase64, decodeFileBytes } from "./file-bytes";
import { createPathBatcher } from "./path-batcher";
import { pathsThatDiffer, scanSandboxFolder } from "./sandbox-reconcile";

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

/** What a sandbox must do to follow the project from one listing to the next. */
export type ListingDiff = {
  /** Outermost paths only: a folder's contents go with it. */
  deletes: string[];
  mkdirs: string[];
  /** Files whose bytes must be read at the new listing's snapshot. */
  writes: string[];
};

/**
 * The changes between two listings of the project, by path and blob hash, leaving out paths inside
 * `handled` (what the save that produced `next` already put into the sandbox, or took from it) and
 * folders a sandbox never syncs. Sorted, so a folder comes before what is inside it.
 */
export function diffListings({
  previous,
  next,
  handled = [],
}: {
  previous: ProjectListing;
  next: ProjectListing;
  handled?: readonly string[];
}): ListingDiff {
  const before = new Map<string, FileEntry>(previous.entries.map((entry) => [entry.path, entry]));
  const after = new Map<string, FileEntry>(next.entries.map((entry) => [entry.path, entry]));
  const skipped = (path: string) => isSyncExcluded(path) || handled.some((other) => isSameOrInside(path, other));
  const deletes: string[] = [];
  const mkdirs: string[] = [];
  const writes: string[] = [];
  for (const [path, old] of before) {
    if (skipped(path)) continue;
    const now = after.get(path);
    if (!now || now.kind !== old.kind) deletes.push(path);
  }
  for (const [path, now] of after) {
    if (skipped(path)) continue;
    const old = before.get(path);
    if (now.kind === "dir") {
      if (old?.kind !== "dir") mkdirs.push(path);
    } else if (old?.kind !== "file" || old.hash !== now.hash) writes.push(path);
  }
  deletes.sort();
  return {
    deletes: deletes.filter((path, index) => !deletes.slice(0, index).some((other) => isSameOrInside(path, other))),
    mkdirs: mkdirs.sort(),
    writes: writes.sort(),
  };
}

/**
 * What a sandbox must do to follow a change set of the head channel (or of a save), leaving out
 * paths inside `handled` and folders a sandbox never syncs; a moved file is read at its new path.
 */
export function diffOfChanges({ changes, handled = [] }: { changes: readonly PathChange[]; handled?: readonly string[] }): ListingDiff {
  const skipped = (path: string) => isSyncExcluded(path) || handled.some((other) => isSameOrInside(path, other));
  const deletes = new Set<string>();
  const mkdirs = new Set<string>();
  const writes = new Set<string>();
  for (const change of changes) {
    if (change.op === "move") {
      if (!skipped(change.from)) deletes.add(change.from);
      if (!skipped(change.to)) writes.add(change.to);
    } else if (skipped(change.path)) continue;
    else if (change.op === "delete") deletes.add(change.path);
    else if (change.op === "mkdir") mkdirs.add(change.path);
    else writes.add(change.path);
  }
  const sortedDeletes = [...deletes].sort();
  return {
    deletes: sortedDeletes.filter((path, index) => !sortedDeletes.slice(0, index).some((other) => isSameOrInside(path, other))),
    mkdirs: [...mkdirs].sort(),
    writes: [...writes].sort(),
  };
}

/** The paths a save touched: a move both its ends. */
export function pathsOfChanges(changes: readonly FileChangeInput[]): string[] {
  return changes.flatMap((change) => (change.type === "move" ? [change.from, change.to] : [change.path]));
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
// A path the watcher named this recently is not one it missed (its batch may still be on the way).
const eventMemoryMs = 10_000;

export const watcherMissedMessage =
  "The file watcher missed changes the running project made; they were found by comparing its files with the project and saved. From now on files are also compared after each command and every 30 s (less often in a large project).";

/**
 * Keeps a WebContainer and the project in step, both ways. Saves made in the IDE are written into
 * the sandbox, and so are changes the project got elsewhere (the agent's tool calls, another tab),
 * read at their snapshot; all in order, and those made while it boots wait for it. Files the
 * sandbox changes itself (npm install, generated files) are collected, read back after a pause and
 * saved as one snapshot. The agent's scratch folder is never saved (as on the box).
 *
 * The watcher is not trusted alone: a folder it names (moved, unpacked, made again) is read
 * recursively and compared with the listing, and so is the whole project every `reconcileEveryMs`
 * and when `reconcile()` is called (after each command), which catches what a watcher that missed
 * events, or never started, did not report, and says so once.
 */
export function createWebContainerSync({
  getListing,
  save,
  readFiles,
  notify,
  quietMs = 400,
  maxWaitMs = 3000,
  reconcileEveryMs = 30_000,
}: {
  getListing: () => ProjectListing;
  /**
   * One snapshot on `baseSnapshotId`; "conflict" when a path changed on the server since. `turnId`:
   * the agent turn whose command made these changes (see `attribute`).
   */
  save: (input: { changes: FileChangeInput[]; baseSnapshotId: string | null; turnId?: string }) => Promise<SandboxSaveResult>;
  /** Saved files' bytes at a snapshot, by path, read together. */
  readFiles: (input: { files: { path: string; hash: string }[]; snapshotId: string }) => Promise<Map<string, Uint8Array>>;
  notify: { error: (message: string) => void; info: (message: string) => void };
  quietMs?: number;
  maxWaitMs?: number;
  reconcileEveryMs?: number;
}) {
  let sandbox: Sandbox | null = null;
  let disposed = false;
  let unsubscribe: () => void = () => {};
  const waiting: Array<(target: Sandbox) => Promise<void>> = [];
  let writes: Promise<void> = Promise.resolve();
  let conflicts = 0;

  // Paths whose change did not reach the sandbox: it differs from the listing there on purpose, and
  // a comparison must not save that difference back (it would delete or revert the project's file).
  const unwritten = new Set<string>();
  const reportWriteError = (paths: readonly string[], error: unknown) => {
    for (const path of paths) unwritten.add(path);
    notify.error(`The running project did not get the change to ${paths.map((path) => `"${path}"`).join(", ")}: ${messageOf(error)}`);
  };
  const written = (path: string) => unwritten.delete(path);

  /** Runs `task` after every write queued before it; before the sandbox is attached, once it is. */
  const enqueue = (task: (target: Sandbox) => Promise<void>) => {
    const target = sandbox;
    if (!target) {
      waiting.push(task);
      return;
    }
    // Each task reports its own failures; one that throws anyway must not stop the ones after it.
    writes = writes.then(() => (disposed ? undefined : task(target))).catch(() => undefined);
  };

  /** Applies changes in order; a change that fails is reported and the rest still apply. */
  const applyAll = async (target: Sandbox, changes: readonly FileChangeInput[]) => {
    for (const change of changes) {
      if (disposed) return;
      try {
        await applyToSandbox(target, change);
        for (const path of change.type === "move" ? [change.from, change.to] : [change.path]) written(path);
      } catch (error) {
        reportWriteError(change.type === "move" ? [change.from, change.to] : [change.path], error);
      }
    }
  };

  const writeChanges = (changes: FileChangeInput[]) => enqueue((target) => applyAll(target, changes));

  const writeDiff = (diff: ListingDiff, next: ProjectListing) =>
    enqueue(async (target) => {
      // Read first (in one request, the blob cache first), then change the sandbox in one go, in order.
      let bytesByPath = new Map<string, Uint8Array>();
      const hashes = new Map(next.entries.flatMap((entry) => (entry.kind === "file" ? [[entry.path, entry.hash] as const] : [])));
      const files = diff.writes.flatMap((path) => {
        const hash = hashes.get(path);
        return hash ? [{ path, hash }] : [];
      });
      if (next.snapshotId !== null && files.length > 0) {
        try {
          bytesByPath = await readFiles({ files, snapshotId: next.snapshotId });
        } catch (error) {
          reportWriteError(files.map((file) => file.path), error);
        }
      }
      const changes: FileChangeInput[] = [
        ...diff.deletes.map((path): FileChangeInput => ({ type: "delete", path })),
        ...diff.mkdirs.map((path): FileChangeInput => ({ type: "mkdir", path })),
      ];
      await applyAll(target, changes);
      for (const [path, bytes] of [...bytesByPath].sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (disposed) return;
        try {
          await target.writeFile(path, bytes);
          written(path);
        } catch (error) {
          reportWriteError([path], error);
        }
      }
    });

  // While an agent command runs and until its changes are saved, they are saved as its turn's.
  let attributedTo: string | undefined;

  // While held (an agent command runs), what the sandbox changes waits: locked files are put back first.
  let holds = 0;
  const held = new Set<string>();

  const onBatch = async (paths: string[]) => {
    const target = sandbox;
    if (!target || disposed) return;
    if (holds > 0) {
      for (const path of paths) held.add(path);
      return;
    }
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
      const result = await save({
        changes: plan.changes.slice(start, start + limits.changesPerSave),
        baseSnapshotId: getListing().snapshotId,
        ...(attributedTo ? { turnId: attributedTo } : {}),
      });
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

  // When the watcher last named each path.
  const named = new Map<string, number>();
  let toldMissed = false;
  let scans: Promise<unknown> = Promise.resolve();

  /** Compares `folder` in the sandbox with the listing and queues what differs; resolves with those paths. */
  const reconcileFolder = (folder: string): Promise<string[]> => {
    const run = async () => {
      const target = sandbox;
      if (!target || disposed) return [];
      // The sandbox must hold the saves made so far, or it would differ from the listing by them.
      await writes;
      const found = await scanSandboxFolder({ sandbox: target, folder, hash: hashBlob });
      if (disposed) return [];
      const differ = pathsThatDiffer({ listing: getListing(), found, folder }).filter(
        (path) => ![...unwritten].some((other) => isSameOrInside(path, other)),
      );
      for (const path of differ) batcher.add(path);
      return differ;
    };
    const scan = scans.then(run, run);
    scans = scan.catch(() => undefined);
    return scan;
  };

  /** The whole project compared; what the watcher did not name lately was missed, and that is said once. */
  const reconcileAll = async () => {
    const since = Date.now() - eventMemoryMs;
    const differ = await reconcileFolder("");
    const missed = differ.filter((path) => (named.get(path) ?? 0) < since);
    if (missed.length > 0 && !toldMissed) {
      toldMissed = true;
      notify.info(watcherMissedMessage);
    }
    return missed;
  };
  let timer: ReturnType<typeof setTimeout> | null = null;

  return {
    /** Starts syncing with a booted sandbox; saves made before it was ready are written now. */
    attach(next: Sandbox) {
      if (disposed) return;
      sandbox = next;
      unsubscribe = next.onEvent((event) => {
        if (event.type !== "file" || isSameOrInside(event.path, agentScratchFolder)) return;
        named.set(event.path, Date.now());
        batcher.add(event.path);
        // A folder event may stand for everything inside it (a move, an unpack): look inside.
        if (event.kind === "dir" && event.change !== "deleted") void reconcileFolder(event.path).catch(() => {});
      });
      // While an agent command holds the saves, its changes wait for its end (reconcile() then).
      // Each comparison reads every file over the bridge, so the next one waits at least 20 times
      // as long as the last took: a large project is compared less often than every 30 s.
      const schedule = (afterMs: number) => {
        timer = setTimeout(async () => {
          const started = Date.now();
          if (holds === 0) await reconcileAll().catch(() => {});
          if (!disposed) schedule(Math.max(reconcileEveryMs, 20 * (Date.now() - started)));
        }, afterMs);
      };
      schedule(reconcileEveryMs);
      for (const task of waiting.splice(0)) enqueue(task);
    },
    /** A save the IDE made (editor, tree, upload): write it into the sandbox. */
    applySaved(changes: FileChangeInput[]) {
      if (disposed) return;
      writeChanges(changes);
    },
    /**
     * The project moved from `previous` to `next` (the head channel, a save that also brought
     * others' changes, a reload of the listing): write what changed into the sandbox, except the
     * paths the save itself `handled`. The sandbox then matches the listing, so its echo is not
     * saved again. `changes` (from `previous` to `next`) spare comparing the two listings.
     */
    applyListing({
      previous,
      next,
      handled = [],
      changes = null,
    }: {
      previous: ProjectListing;
      next: ProjectListing;
      handled?: readonly string[];
      changes?: readonly PathChange[] | null;
    }) {
      if (disposed) return;
      const diff = changes ? diffOfChanges({ changes, handled }) : diffListings({ previous, next, handled });
      if (diff.deletes.length + diff.mkdirs.length + diff.writes.length === 0) return;
      writeDiff(diff, next);
    },
    /** Resolves when the sandbox holds every save made so far. */
    async whenWritten(): Promise<void> {
      await writes;
    },
    /**
     * Holds the sandbox's saves until the returned release is called; saves then go on with what
     * waited, and with `alsoCheck` (paths the sandbox's events may not have named).
     */
    hold(): (alsoCheck?: readonly string[]) => void {
      holds += 1;
      let released = false;
      return (alsoCheck = []) => {
        if (released) return;
        released = true;
        holds -= 1;
        for (const path of alsoCheck) held.add(path);
        if (holds > 0) return;
        for (const path of held) batcher.add(path);
        held.clear();
      };
    },
    /**
     * Saves what the sandbox changes as the agent turn `turnId`'s until the returned release is
     * called (after the command's changes were flushed); what changes later is the person's again.
     */
    attribute(turnId: string): () => void {
      attributedTo = turnId;
      return () => {
        if (attributedTo === turnId) attributedTo = undefined;
      };
    },
    /**
     * Compares the whole sandbox with the listing now (after a command: what the watcher missed)
     * and saves what differs; resolves with the paths the watcher had not reported.
     */
    async reconcile(): Promise<string[]> {
      if (!sandbox || disposed) return [];
      const missed = await reconcileAll().catch(() => []);
      batcher.flush();
      await batcher.idle();
      return missed;
    },
    /** Saves pending sandbox changes now; resolves when they are saved. */
    async flush(): Promise<void> {
      await writes;
      batcher.flush();
      await batcher.idle();
    },
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
      unsubscribe();
      batcher.dispose();
    },
  };
}

export type WebContainerSync = ReturnType<typeof createWebContainerSync>;
