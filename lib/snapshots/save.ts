import "server-only";
import { createSnapshotMovingHead, getProjectHead, getSnapshotById, inlineObjectsMax, type SnapshotRow } from "@/lib/db/queries/snapshots";
import { AppError } from "@/lib/errors";
import { decodeBase64OrThrow } from "@/lib/validation/base64";
import { limits } from "@/lib/validation/limits";
import { storableLabel } from "@/lib/validation/stored-text";
import type { FileChange } from "@/lib/validation/projects";
import { emptyTree, makeBlob, type StoredObjectData } from "./objects";
import { readDeltaSources, readTree, rememberTrees, writeObjects } from "./store";
import { TreeEditor } from "./tree-edit";

/** A change as the API receives it, or a write whose bytes the server already holds. */
export type SaveChange = FileChange | { type: "write"; path: string; bytes: Uint8Array };

export type SaveInput = {
  projectId: string;
  /** The head the caller's changes were made against. */
  baseSnapshotId: string | null;
  changes: SaveChange[];
  author: SnapshotRow["author"];
  userId: string | null;
  /** The agent turn making the save (author agent). */
  turnId?: string | null;
  message?: string;
};

export type SaveResult = {
  snapshot: SnapshotRow;
  /** False when the changes left the tree as it was (no snapshot written). */
  created: boolean;
  objectsWritten: number;
  /** The root tree of the caller's base (the empty tree for none): the change set the caller needs starts there. */
  baseRootTree: string;
};

const maxAttempts = 8;

/**
 * Saves changes as a new snapshot and moves the head with compare-and-set. A save based on an older
 * head still lands when none of its paths changed since its base (it is rebased onto the head);
 * when one did, it is refused with a conflict naming those paths, so nothing is silently overwritten.
 */
export async function saveChanges(input: SaveInput): Promise<SaveResult> {
  const blobs = input.changes.flatMap((c) => (c.type === "write" ? [decodeContent(c)] : []));
  // Usually the base is still the head, and this process made or read it: the compare-and-set alone
  // then confirms it, with no read first. Any doubt, and the next attempt reads the head.
  const assumed = knownSnapshot(input);
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const guessing = attempt === 0 && assumed !== null;
    let head: SnapshotRow | null;
    if (guessing) head = assumed;
    else {
      // The project and its head in one query; per attempt, since a lost race means the head moved.
      const project = await getProjectHead({ projectId: input.projectId });
      if (!project) throw new AppError("not_found:project", "This project no longer exists");
      head = project.head;
      if (head) remember(head);
    }
    const baseRootTree =
      input.baseSnapshotId === (head?.id ?? null) ? (head?.rootTree ?? emptyTree.hash) : await refuseConflicts(input, head);

    const editor = await TreeEditor.open(readTree, head?.rootTree ?? emptyTree.hash);
    let b = 0;
    for (const change of input.changes) {
      if (change.type === "write") await editor.write(change.path, blobs[b++]!);
      else if (change.type === "delete") await editor.remove(change.path);
      else if (change.type === "move") await editor.move(change.from, change.to);
      else await editor.mkdir(change.path);
    }
    const { root, objects, replaced } = editor.finish();
    if (head && root.hash === head.rootTree) {
      // Unchanged against a guessed head proves nothing about the real one: look.
      if (guessing) continue;
      return { snapshot: head, created: false, objectsWritten: 0, baseRootTree };
    }
    enforceProjectLimits(root.count, root.size);

    const toStore = [...blobs, ...objects, ...(head ? [] : [emptyTree])];
    // Usually carried by the statement that moves the head (one round trip, one commit), each stored
    // against what it replaced; a large save (an import) stores them first, in packs.
    const inline = toStore.length <= inlineObjectsMax;
    // Objects stored ahead of the compare-and-set must not outlive a refused save: check the head first.
    if (guessing && !inline) continue;
    const storedFirst = inline ? 0 : await writeObjects(toStore);
    const created = await createSnapshotMovingHead({
      expectedHead: head?.id ?? null,
      objects: inline ? toStore : [],
      sources: inline ? await readDeltaSources(replaced) : undefined,
      snapshot: {
        projectId: input.projectId,
        parentId: head?.id ?? null,
        rootTree: root.hash,
        author: input.author,
        userId: input.userId,
        turnId: input.turnId ?? null,
        // Labels are also made from commands and tool calls, which may hold what Postgres cannot store.
        message: storableLabel(input.message?.trim() || describeChanges(input.changes), limits.saveMessageMaxLength),
        fileCount: root.count,
        totalBytes: root.size,
      },
    });
    if (created) {
      // Stored now: the change set answered next reads them from memory.
      rememberTrees(objects);
      const { objectsWritten, ...snapshot } = created;
      remember(snapshot);
      return { snapshot, created: true, objectsWritten: storedFirst + objectsWritten + 1, baseRootTree };
    }
  }
  throw new AppError("unavailable:busy", "The project is being saved by others too often; try again in a moment");
}

// Snapshot rows never change, so this process keeps the recent ones it wrote or read (the next
// save's base is usually the head the previous one made); the bound only caps memory.
const knownSnapshotsMax = 10_000;
const knownSnapshots = new Map<string, SnapshotRow>();

function remember(snapshot: SnapshotRow) {
  knownSnapshots.delete(snapshot.id);
  if (knownSnapshots.size >= knownSnapshotsMax) knownSnapshots.delete(knownSnapshots.keys().next().value!);
  knownSnapshots.set(snapshot.id, snapshot);
}

function knownSnapshot({ projectId, baseSnapshotId }: SaveInput): SnapshotRow | null {
  const row = baseSnapshotId ? knownSnapshots.get(baseSnapshotId) : undefined;
  return row?.projectId === projectId ? row : null;
}

/** Checks a save based on an older head; returns the base's root tree when none of its paths changed since. */
async function refuseConflicts(input: SaveInput, head: SnapshotRow | null): Promise<string> {
  const base = input.baseSnapshotId ? await getSnapshotById({ projectId: input.projectId, id: input.baseSnapshotId }) : null;
  if (input.baseSnapshotId && !base)
    throw new AppError("invalid:base_snapshot", "The snapshot your changes are based on is not part of this project; reload");
  const [before, after] = await Promise.all([
    TreeEditor.open(readTree, base?.rootTree ?? emptyTree.hash),
    TreeEditor.open(readTree, head?.rootTree ?? emptyTree.hash),
  ]);
  const paths = [...new Set(input.changes.flatMap((c) => (c.type === "move" ? [c.from, c.to] : [c.path])))];
  const changed: string[] = [];
  for (const path of paths) {
    const [a, b] = await Promise.all([before.get(path), after.get(path)]);
    if (a?.hash !== b?.hash || a?.kind !== b?.kind) changed.push(path);
  }
  if (changed.length > 0)
    throw new AppError(
      "conflict",
      `Someone saved ${changed.length === 1 ? `"${changed[0]}"` : `${changed.length} of these files`} after you opened it. Reload their version or keep yours.`,
      { headSnapshotId: head?.id ?? null, paths: changed },
    );
  return base?.rootTree ?? emptyTree.hash;
}

function decodeContent(change: Extract<SaveChange, { type: "write" }>): StoredObjectData {
  const bytes =
    "bytes" in change
      ? change.bytes
      : change.encoding === "base64"
        ? decodeBase64OrThrow({ content: change.content, path: change.path })
        : new TextEncoder().encode(change.content);
  if (bytes.byteLength > limits.fileMaxBytes)
    throw new AppError(
      "too_large:file",
      `"${change.path}" is ${formatBytes(bytes.byteLength)}; files are limited to ${formatBytes(limits.fileMaxBytes)}`,
    );
  return makeBlob(bytes);
}

function enforceProjectLimits(files: number, bytes: number) {
  if (files > limits.projectMaxFiles)
    throw new AppError("too_large:project", `A project is limited to ${limits.projectMaxFiles} files; this save would make ${files}`);
  if (bytes > limits.projectMaxBytes)
    throw new AppError(
      "too_large:project",
      `A project is limited to ${formatBytes(limits.projectMaxBytes)}; this save would make it ${formatBytes(bytes)}`,
    );
}

function describeChanges(changes: SaveChange[]): string {
  if (changes.length > 1) return `Change ${changes.length} files`;
  const c = changes[0]!;
  if (c.type === "move") return `Move ${c.from} to ${c.to}`;
  const verb = { write: "Save", delete: "Delete", mkdir: "Create folder" }[c.type];
  return `${verb} ${c.path}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
