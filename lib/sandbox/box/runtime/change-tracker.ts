import { normalizeProjectPath } from "@/lib/validation/paths";
import { batchLimits, maxUnsavedNameLength, type BoxChange } from "../protocol";
import type { ProjectFs } from "./project-fs";

/**
 * Remembers which project paths a command or file verb touched, and turns them into the changes
 * the host mirrors: a file's new bytes, a new folder, or a deletion. Symlinks are reported as
 * deletions (the host's copy of the project holds files and folders only). A file or folder under a
 * name the project cannot hold (a backslash, an invisible character, NFD) is reported as unsaved,
 * so the person hears of it; one that no longer exists is nothing to report.
 */
export function createChangeTracker({ root }: { root: string }) {
  const dirty = new Set<string>();
  const prefix = root + "/";
  return {
    record(path: string) {
      if (path.startsWith(prefix)) dirty.add(path.slice(prefix.length));
    },
    clear() {
      dirty.clear();
    },
    /** The changes since the last call, in batches small enough for one message each. */
    drain(fs: ProjectFs): BoxChange[][] {
      const batches: BoxChange[][] = [];
      let batch: BoxChange[] = [];
      let bytes = 0;
      const paths = [...dirty].sort();
      dirty.clear();
      for (const path of paths) {
        const checked = normalizeProjectPath(path);
        const node = fs.nodeAt(prefix + path, false);
        const refused = !checked.ok || checked.path !== path;
        if (refused && !node) continue;
        const change: BoxChange = refused
          ? { kind: "unsaved", path: path.slice(0, maxUnsavedNameLength) }
          : node?.kind === "file"
            ? { kind: "file", path, data: node.data }
            : node?.kind === "dir"
              ? { kind: "dir", path }
              : { kind: "deleted", path };
        const size = change.kind === "file" ? change.data.byteLength : 0;
        if (batch.length > 0 && (batch.length >= batchLimits.entries || bytes + size > batchLimits.bytes)) {
          batches.push(batch);
          batch = [];
          bytes = 0;
        }
        batch.push(change);
        bytes += size;
      }
      if (batch.length > 0) batches.push(batch);
      return batches;
    },
  };
}
