import { isSameOrInside, parentOf } from "@/lib/validation/paths";
import { isSyncExcluded } from "../../sync-excludes";
import type { FileChangeEvent } from "../../types";
import type { BoxChange, BoxEntry } from "../protocol";

/** One change to save, in the shape of a snapshot save (lib/validation/projects FileChange). */
export type BoxFileChange =
  | { type: "write"; path: string; content: Uint8Array }
  | { type: "mkdir"; path: string }
  | { type: "delete"; path: string };

const depth = (path: string) => path.split("/").length;

function sameBytes(a: Uint8Array, b: Uint8Array) {
  if (a === b) return true;
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The host's copy of a box's working tree. The box is only a cache: this copy is updated from the
 * changes the box reports after every command and file verb, a crashed or evicted box is re-seeded
 * from it, and `takeChanges` hands the owner what changed since the last take so it can be saved
 * as a snapshot. Byte arrays are shared, never copied (they are not mutated after arrival).
 */
export class FileMirror {
  private readonly files = new Map<string, Uint8Array>();
  private readonly dirs = new Set<string>();
  private readonly takenFiles = new Map<string, Uint8Array>();
  private readonly takenDirs = new Set<string>();
  private readonly touched = new Set<string>();
  private readonly unsaved = new Set<string>();

  constructor(seed: Iterable<BoxEntry>) {
    for (const entry of seed) {
      if (entry.kind === "file") {
        this.files.set(entry.path, entry.data);
        this.byteCount += entry.data.byteLength;
      }
      else this.dirs.add(entry.path);
      for (let dir = parentOf(entry.path); dir !== ""; dir = parentOf(dir)) this.dirs.add(dir);
    }
    for (const [path, data] of this.files) this.takenFiles.set(path, data);
    for (const dir of this.dirs) this.takenDirs.add(dir);
  }

  private byteCount = 0;

  /** Files and bytes held, to check a box's reports against the limits it was given. */
  get size() {
    return { files: this.files.size, bytes: this.byteCount };
  }

  /** Applies one reported change; returns the events it amounts to (none for a no-op). */
  apply(change: BoxChange): FileChangeEvent[] {
    const { path } = change;
    if (change.kind === "unsaved") {
      if (!isSyncExcluded(path)) this.unsaved.add(path);
      return [];
    }
    const events: FileChangeEvent[] = [];
    const wasFile = this.files.get(path);
    const wasDir = this.dirs.has(path);
    const removeOld = () => {
      if (wasFile && change.kind !== "file") {
        this.files.delete(path);
        this.byteCount -= wasFile.byteLength;
        events.push({ type: "file", change: "deleted", path, kind: "file" });
      }
      if (wasDir && change.kind !== "dir") {
        this.dirs.delete(path);
        events.push({ type: "file", change: "deleted", path, kind: "dir" });
      }
    };
    removeOld();
    if (change.kind === "file" && !(wasFile && sameBytes(wasFile, change.data))) {
      this.files.set(path, change.data);
      this.byteCount += change.data.byteLength - (wasFile?.byteLength ?? 0);
      events.push({ type: "file", change: wasFile ? "changed" : "created", path, kind: "file" });
    } else if (change.kind === "dir" && !wasDir) {
      this.dirs.add(path);
      events.push({ type: "file", change: "created", path, kind: "dir" });
    }
    if (events.length > 0) this.touched.add(path);
    return isSyncExcluded(path) ? [] : events;
  }

  /** Everything, folders first, to seed a fresh box. */
  entries(): BoxEntry[] {
    const dirs = [...this.dirs].sort((a, b) => depth(a) - depth(b)).map((path): BoxEntry => ({ kind: "dir", path }));
    return [...dirs, ...[...this.files].map(([path, data]): BoxEntry => ({ kind: "file", path, data }))];
  }

  /**
   * What changed since the last take, ready to save: deletions (a deleted folder stands for its
   * contents), new empty folders, then file writes. Excluded folders (node_modules, …) never appear.
   */
  takeChanges(): BoxFileChange[] {
    const deletes: string[] = [];
    const deletedDirs: string[] = [];
    const mkdirs: string[] = [];
    const writes: BoxFileChange[] = [];
    for (const path of this.touched) {
      const file = this.files.get(path);
      const takenFile = this.takenFiles.get(path);
      const isDir = this.dirs.has(path);
      const wasDir = this.takenDirs.has(path);
      if ((takenFile && !file) || (wasDir && !isDir)) deletes.push(path);
      if (wasDir && !isDir) deletedDirs.push(path);
      if (file && !(takenFile && sameBytes(file, takenFile))) writes.push({ type: "write", path, content: file });
      if (isDir && !wasDir) mkdirs.push(path);
      if (file) this.takenFiles.set(path, file);
      else this.takenFiles.delete(path);
      if (isDir) this.takenDirs.add(path);
      else this.takenDirs.delete(path);
    }
    this.touched.clear();
    const keep = (path: string) => !isSyncExcluded(path);
    const topDeletes = deletes.filter((path) => !deletedDirs.some((dir) => dir !== path && isSameOrInside(path, dir)));
    const filled = new Set([...writes.map((w) => w.path), ...mkdirs].flatMap((path) => ancestorsOf(path)));
    return [
      ...topDeletes.filter(keep).sort((a, b) => depth(b) - depth(a)).map((path): BoxFileChange => ({ type: "delete", path })),
      ...mkdirs.filter((path) => keep(path) && !filled.has(path)).sort((a, b) => depth(a) - depth(b)).map((path): BoxFileChange => ({ type: "mkdir", path })),
      ...writes.filter((w) => keep(w.path)),
    ];
  }

  /** Names the box holds that the project refuses, reported since the last take, in order. */
  takeUnsaved(): string[] {
    const names = [...this.unsaved].sort();
    this.unsaved.clear();
    return names;
  }
}

function ancestorsOf(path: string): string[] {
  const out: string[] = [];
  for (let dir = parentOf(path); dir !== ""; dir = parentOf(dir)) out.push(dir);
  return out;
}
