import { limits as appLimits } from "@/lib/validation/limits";
import { isSameOrInside, parentOf } from "@/lib/validation/paths";
import { toSandboxError } from "./fs-errors";
import { requireEntryPath, requireFolderPath } from "./paths";
import { SandboxError, type DirEntry, type FileStat, type Sandbox } from "./types";

/**
 * The Node-style filesystem a backend already has (WebContainer's `fs`, an in-memory tree).
 * Paths are normalized and project-relative; "" is the project root.
 */
export interface NodeStyleFs {
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array): Promise<void>;
  readdir(path: string): Promise<ReadonlyArray<{ name: string; isDirectory(): boolean }>>;
  /** Recursive, like `mkdir -p`. */
  mkdirp(path: string): Promise<void>;
  rm(path: string, options: { recursive: boolean }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Optional: without it, stat is pieced together from readdir and readFile. */
  stat?(path: string): Promise<FileStat>;
}

export type FsVerbs = Pick<Sandbox, "readFile" | "writeFile" | "readdir" | "stat" | "exists" | "mkdir" | "rm" | "rename"> & {
  /** "file", "dir", or null when nothing is there. */
  kindOf(path: string): Promise<"file" | "dir" | null>;
  /** Records that `path` changed now (e.g. a watcher saw a process write it), for stat's mtime. */
  touch(path: string): void;
};

const encoder = new TextEncoder();

/**
 * The sandbox's file verbs with one set of semantics for every backend: writeFile and rename create
 * missing parents, mkdir is idempotent, rm refuses a non-empty folder unless recursive, rename never
 * overwrites. `requireOpen` throws EUNAVAILABLE once the backend is gone.
 */
export function createFsVerbs({ fs, requireOpen }: { fs: NodeStyleFs; requireOpen: () => void }): FsVerbs {
  // Only used when the backend has no stat: a runtime without one tells us no mtimes, so we remember
  // our own writes and what watchers report, and fall back to when the sandbox was created.
  const createdAt = Date.now();
  const mtimes = new Map<string, number>();
  const touch = (path: string) => void mtimes.set(path, Date.now());
  const forget = (path: string) => {
    for (const key of mtimes.keys()) if (isSameOrInside(key, path)) mtimes.delete(key);
  };

  const attempt = async <T>(path: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw toSandboxError(error, path);
    }
  };

  const kindOf = async (path: string): Promise<"file" | "dir" | null> => {
    if (path === "") return "dir";
    try {
      if (fs.stat) return (await fs.stat(path)).kind;
      const name = path.slice(path.lastIndexOf("/") + 1);
      const entry = (await fs.readdir(parentOf(path))).find((e) => e.name === name);
      return entry ? (entry.isDirectory() ? "dir" : "file") : null;
    } catch (error) {
      const translated = toSandboxError(error, path);
      if (translated.code === "ENOENT" || translated.code === "ENOTDIR") return null;
      throw translated;
    }
  };

  // A file on the way to `path` makes the runtime answer EEXIST or ENOTDIR; callers want ENOTDIR.
  const ensureFolder = async (path: string) => {
    if (path === "") return;
    const kind = await kindOf(path);
    if (kind === "dir") return;
    if (kind === "file") throw new SandboxError("ENOTDIR", `"${path}" is a file, not a folder`);
    try {
      await fs.mkdirp(path);
    } catch (error) {
      const translated = toSandboxError(error, path);
      if (translated.code === "EEXIST" || translated.code === "ENOTDIR")
        throw new SandboxError("ENOTDIR", `Cannot create "${path}": a folder on its path is a file`);
      throw translated;
    }
    touch(path);
  };

  return {
    kindOf: async (path) => kindOf(requireFolderPath(path)),
    touch,

    async readFile(input) {
      requireOpen();
      const path = requireEntryPath(input);
      return attempt(path, () => fs.readFile(path));
    },

    async writeFile(input, data) {
      requireOpen();
      const path = requireEntryPath(input);
      const bytes = typeof data === "string" ? encoder.encode(data) : data;
      if (bytes.byteLength > appLimits.fileMaxBytes)
        throw new SandboxError("ELIMIT", `"${path}" is larger than the ${appLimits.fileMaxBytes / 1024 / 1024} MB file limit`);
      try {
        await fs.writeFile(path, bytes);
      } catch (error) {
        const translated = toSandboxError(error, path);
        if (translated.code !== "ENOENT" || parentOf(path) === "") throw translated;
        await ensureFolder(parentOf(path));
        await attempt(path, () => fs.writeFile(path, bytes));
      }
      touch(path);
    },

    async readdir(input): Promise<DirEntry[]> {
      requireOpen();
      const path = requireFolderPath(input);
      const entries = await attempt(path, () => fs.readdir(path));
      return entries
        .map((e): DirEntry => ({ name: e.name, kind: e.isDirectory() ? "dir" : "file" }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },

    async stat(input) {
      requireOpen();
      const path = requireFolderPath(input);
      if (fs.stat) return attempt(path, () => fs.stat!(path));
      const kind = await kindOf(path);
      if (!kind) throw toSandboxError({ code: "ENOENT" }, path);
      const size = kind === "file" ? (await attempt(path, () => fs.readFile(path))).byteLength : 0;
      return { kind, size, mtimeMs: mtimes.get(path) ?? createdAt };
    },

    async exists(input) {
      requireOpen();
      return (await kindOf(requireFolderPath(input))) !== null;
    },

    async mkdir(input) {
      requireOpen();
      const path = requireFolderPath(input);
      if ((await kindOf(path)) === "file") throw toSandboxError({ code: "EEXIST" }, path);
      await ensureFolder(path);
    },

    async rm(input, options) {
      requireOpen();
      const path = requireEntryPath(input);
      const kind = await kindOf(path);
      if (!kind) throw toSandboxError({ code: "ENOENT" }, path);
      if (kind === "dir" && !options?.recursive && (await attempt(path, () => fs.readdir(path))).length > 0)
        throw toSandboxError({ code: "ENOTEMPTY" }, path);
      await attempt(path, () => fs.rm(path, { recursive: kind === "dir" }));
      forget(path);
    },

    async rename(fromInput, toInput) {
      requireOpen();
      const from = requireEntryPath(fromInput);
      const to = requireEntryPath(toInput);
      const kind = await kindOf(from);
      if (!kind) throw toSandboxError({ code: "ENOENT" }, from);
      if (from === to) return;
      if (isSameOrInside(to, from)) throw new SandboxError("EINVAL", `Cannot move "${from}" into itself ("${to}")`);
      if (await kindOf(to)) throw toSandboxError({ code: "EEXIST" }, to);
      await ensureFolder(parentOf(to));
      await attempt(from, () => fs.rename(from, to));
      forget(from);
      touch(to);
    },
  };
}
