import { z } from "zod";
import { isSameOrInside, normalizeProjectPath } from "@/lib/validation/paths";
import { isSyncExcluded } from "../sync-excludes";
import type { FileChangeEvent } from "../types";

const watchEventSchema = z.object({
  event: z.enum(["rename", "change"]),
  filename: z.union([z.string(), z.instanceof(Uint8Array)]),
});

const decoder = new TextDecoder();

/** A watcher's filename as a project path: relative, or absolute under the workdir; null otherwise. */
function toProjectPath(raw: string, workdir: string): string | null {
  let path = raw;
  if (path === workdir || path.startsWith(workdir + "/")) path = path.slice(workdir.length);
  path = path.replace(/^(\.?\/)+/, "");
  const checked = normalizeProjectPath(path);
  return checked.ok ? checked.path : null;
}

/**
 * Turns Node-style watch callbacks ("rename" | "change", filename) into created / changed / deleted
 * events. "rename" means "appeared or disappeared", so each one is resolved by looking at the path;
 * `known` (what exists, seeded from the mount) tells a new file from a replaced one and gives a
 * deleted entry its kind. Events are handled one at a time so they keep their order.
 */
export function createWatchTranslator({
  workdir,
  known,
  kindOf,
  emit,
  touch,
}: {
  workdir: string;
  known: Map<string, "file" | "dir">;
  kindOf: (path: string) => Promise<"file" | "dir" | null>;
  emit: (event: FileChangeEvent) => void;
  touch: (path: string) => void;
}) {
  let queue = Promise.resolve();

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
      if (!before) emit({ type: "file", change: "created", path, kind: "dir" });
      return;
    }
    if (!before) return emit({ type: "file", change: "created", path, kind: "file" });
    if (kind === "change" || before === "file") emit({ type: "file", change: "changed", path, kind: "file" });
  };

  return (event: unknown, filename: unknown) => {
    const parsed = watchEventSchema.safeParse({ event, filename });
    if (!parsed.success) return;
    const raw = typeof parsed.data.filename === "string" ? parsed.data.filename : decoder.decode(parsed.data.filename);
    const path = toProjectPath(raw, workdir);
    if (!path || isSyncExcluded(path)) return;
    queue = queue.then(() => handle(parsed.data.event, path)).catch(() => {});
  };
}
