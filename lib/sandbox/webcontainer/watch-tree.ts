import type { IFSWatcher } from "@webcontainer/api";
import { z } from "zod";
import { normalizeProjectPath } from "@/lib/validation/paths";
import { isSyncExcluded } from "../sync-excludes";
import type { WebContainerInstance } from "./api-types";

const watchEventSchema = z.object({
  event: z.enum(["rename", "change"]),
  filename: z.union([z.string(), z.instanceof(Uint8Array)]),
});

const decoder = new TextDecoder();

/**
 * Watches the project without its generated folders. The 1.6.4 API has no watch excludes, and a
 * recursive watch of the root sends every file an install writes into node_modules across the
 * bridge, so the root is watched alone and each other top-level folder recursively; a folder that
 * appears at the top gets its own watch, one that goes away loses it. Filenames (relative to the
 * watched folder, absolute under the workdir, or bytes) arrive as project paths.
 */
export function watchProjectTree({
  wc,
  onChange,
}: {
  wc: Pick<WebContainerInstance, "fs" | "workdir">;
  onChange: (kind: "rename" | "change", path: string) => void;
}) {
  const watchers = new Map<string, IFSWatcher>();
  let closed = false;

  const toPath = (folder: string, raw: string): string | null => {
    const absolute = raw === wc.workdir || raw.startsWith(wc.workdir + "/");
    const relative = (absolute ? raw.slice(wc.workdir.length) : raw).replace(/^(\.?\/)+/, "");
    const checked = normalizeProjectPath(absolute || !folder ? relative : `${folder}/${relative}`);
    return checked.ok && checked.path ? checked.path : null;
  };

  // A top-level entry appeared or went. A watch ends with its folder, so a folder removed and made
  // again (or replaced by a move) needs a new one.
  const follow = async (name: string, kind: "rename" | "change") => {
    if (closed || isSyncExcluded(name)) return;
    const entry = (await wc.fs.readdir(".", { withFileTypes: true }).catch(() => [])).find((e) => e.name === name);
    if (closed) return;
    const watched = watchers.get(name);
    if (watched && (kind === "rename" || !entry?.isDirectory())) {
      watched.close();
      watchers.delete(name);
    }
    if (entry?.isDirectory() && !watchers.has(name)) watchers.set(name, wc.fs.watch(name, { recursive: true }, listener(name)));
  };

  const listener = (folder: string) => (event: unknown, filename: unknown) => {
    const parsed = watchEventSchema.safeParse({ event, filename });
    if (!parsed.success || closed) return;
    const raw = typeof parsed.data.filename === "string" ? parsed.data.filename : decoder.decode(parsed.data.filename);
    const path = toPath(folder, raw);
    if (!path) return;
    onChange(parsed.data.event, path);
    if (!folder) void follow(path, parsed.data.event);
  };

  const root = wc.fs.watch(".", listener(""));
  const started = wc.fs.readdir(".", { withFileTypes: true }).then(
    (entries) => {
      for (const entry of entries) if (entry.isDirectory() && !isSyncExcluded(entry.name) && !closed && !watchers.has(entry.name))
        watchers.set(entry.name, wc.fs.watch(entry.name, { recursive: true }, listener(entry.name)));
    },
    () => {},
  );

  return {
    /** Resolves once every existing top-level folder is watched. */
    started,
    close() {
      closed = true;
      root.close();
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}
