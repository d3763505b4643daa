import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { SandboxError } from "../../types";

const manifestSchema = z.object({ entry: z.string(), readable: z.array(z.string()).max(500) });

export type RuntimeFiles = { entry: string; readable: string[] };

let cached: { root: string; files: RuntimeFiles } | undefined;

/**
 * Where the built box runtime is (scripts/build-box.mjs writes node_modules/.cache/box/runtime.mjs
 * and the list of folders it may read). Found from the repository root, process.cwd() by default,
 * because this module is bundled by Next and its own URL says nothing about where node_modules is.
 */
export function findRuntimeFiles(root = process.env.BOX_ROOT || process.cwd()): RuntimeFiles {
  if (cached?.root === root) return cached.files;
  const manifestPath = path.join(root, "node_modules", ".cache", "box", "manifest.json");
  if (!existsSync(manifestPath))
    throw new SandboxError("EUNAVAILABLE", "The offline box is not built; run `node scripts/build-box.mjs`.");
  const manifest = manifestSchema.parse(JSON.parse(readFileSync(manifestPath, "utf8")));
  // Not traced by Next: the box runs from node_modules/.cache at run time, never from the bundle.
  const files = {
    entry: path.join(/*turbopackIgnore: true*/ root, manifest.entry),
    readable: manifest.readable.map((dir) => path.join(/*turbopackIgnore: true*/ root, dir)),
  };
  cached = { root, files };
  return files;
}

/**
 * Node flags for a box: the permission model with reads limited to the runtime and its packages,
 * no writes, no child processes, no addons; workers allowed because just-bash runs CPython and
 * SQLite in worker threads. The permission model does not cover sockets: the box exposes none to
 * guest code instead (no network commands, QuickJS has no socket API, CPython's sockets have no
 * transport here), and tests prove it.
 */
export function boxNodeFlags(files: RuntimeFiles, { heapMb }: { heapMb: number }): string[] {
  return [
    "--experimental-permission",
    ...files.readable.map((dir) => `--allow-fs-read=${dir}`),
    // Its own parent pid, which Node reads once: a busy box checks whether its server is gone.
    "--allow-fs-read=/proc/self/stat",
    "--allow-worker",
    `--max-old-space-size=${heapMb}`,
    "--disable-proto=throw",
    "--no-warnings",
  ];
}
