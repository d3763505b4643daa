import { isSameOrInside } from "@/lib/validation/paths";

const isStrictlyInside = (path: string, folder: string) => path.startsWith(folder + "/");
import { isSyncExcluded } from "../sync-excludes";
import type { DirEntry, FileChangeEvent } from "../types";

// Watch events that arrive within this window are handled together, once per path: an install or a
// build rewrites the same files many times in a burst.
const batchWindowMs = 100;

/**
 * Turns Node-style watch callbacks ("rename" | "change", project path) into created / changed /
 * deleted events. "rename" means "appeared or disappeared", so each path is resolved by looking at
 * it; `known` (what exists, seeded from the mount) tells a new file from a replaced one and gives a
 * deleted entry its kind. A folder that appears or is replaced is listed and compared with what was
 * known under it. Batches are handled in order, one path at a time.
 */
export function createWatchTranslator({
  known,
  kindOf,
  list,
  emit,
  touch,
}: {
  known: Map<string, "file" | "dir">;
  kindOf: (path: string) => Promise<"file" | "dir" | null>;
  list: (path: string) => Promise<DirEntry[]>;
  emit: (event: FileChangeEvent) => void;
  touch: (path: string) => void;
}) {
  let queue = Promise.resolve();
  let batch = new Map<string, "rename" | "change">();
  let timer: ReturnType<typeof setTimeout> | null = null;

  // What is under a folder now against what we knew: a folder that appears or is replaced in one
  // step (moved, unpacked, removed and made again) reports only itself, never its files.
  const reconcile = async (folder: string) => {
    const found = new Map<string, "file" | "dir">();
    const walk = async (dir: string) => {
      for (const entry of await list(dir).catch(() => [])) {
        const path = `${dir}/${entry.name}`;
        if (isSyncExcluded(path)) continue;
        found.set(path, entry.kind);
        if (entry.kind === "dir") await walk(path);
      }
    };
    await walk(folder);
    // Outermost first, so a removed folder is one deletion rather than one per file.
    for (const [path, kind] of [...known].sort(([a], [b]) => a.length - b.length)) {
      if (!isStrictlyInside(path, folder) || found.get(path) === kind || !known.has(path)) continue;
      for (const key of known.keys()) if (isSameOrInside(key, path)) known.delete(key);
      emit({ type: "file", change: "deleted", path, kind });
    }
    for (const [path, kind] of found) {
      if (known.has(path)) continue;
      known.set(path, kind);
      touch(path);
      emit({ type: "file", change: "created", path, kind });
    }
  };

  const handle = async (kind: "rename" | "change", path: string) => {
    const now = await kindOf(path);
    const before = known.get(path);
    if (!now) {
      if (!before) return;
      for (const key of known.keys()) if (isSameOrInside(key, path)) known.delete(key);
      return emit({ type: "file", change: "deleted", path, kind: before });
    }
    known.set(path, now);
    touch(path);
    if (now === "dir") {
      if (before === "dir" && kind === "change") return;
      if (before !== "dir") emit({ type: "file", change: "created", path, kind: "dir" });
      return reconcile(path);
    }
    if (!before) return emit({ type: "file", change: "created", path, kind: "file" });
    if (kind === "change" || before === "file") emit({ type: "file", change: "changed", path, kind: "file" });
  };

  const flush = () => {
    timer = null;
    const items = [...batch];
    batch = new Map();
    queue = queue.then(async () => {
      for (const [path, kind] of items) await handle(kind, path).catch(() => {});
    });
  };

  return {
    push(kind: "rename" | "change", path: string) {
      if (isSyncExcluded(path)) return;
      // "rename" (appeared, went or was replaced) says more than "change" and wins.
      batch.set(path, batch.get(path) === "rename" ? "rename" : kind);
      timer ??= setTimeout(flush, batchWindowMs);
    },
    close() {
      if (timer) clearTimeout(timer);
      timer = null;
      batch.clear();
    },
  };
}
