import { FsError } from "../fs-error";
import type { ProjectFs } from "../project-fs";
import type { ModuleResolver } from "./module-resolution";
import type { VmError } from "./vm-host";

type Op = (...args: never[]) => unknown;

const kindOf = (node: { kind: string }) => (node.kind === "symlink" ? "symlink" : node.kind);

/**
 * The guest's `fs` verbs with Node's semantics, over the box's filesystem. Arguments arrive as
 * JSON from the VM and are checked here; results go back as JSON, so nothing but data crosses.
 */
export function createFsBridge({ fs, resolver }: { fs: ProjectFs; resolver: ModuleResolver }) {
  const requireNode = (path: string, follow: boolean, syscall: string) => {
    const node = fs.locate(path, follow, syscall).node;
    if (!node) throw new FsError("ENOENT", syscall, path);
    return node;
  };

  const ops: Record<string, Op> = {
    readText: (path: string, encoding: BufferEncoding) => Buffer.from(fs.readBytesSync(path)).toString(encoding),
    exists: (path: string) => fs.nodeAt(path) !== undefined,
    stat: (path: string, follow: boolean) => {
      const stat = fs.statSync(path, follow);
      const kind = stat.isSymbolicLink ? "symlink" : stat.isDirectory ? "dir" : "file";
      return { kind, size: stat.size, mtimeMs: stat.mtime.getTime(), mode: stat.mode, ino: stat.ino };
    },
    readdir: (path: string) => fs.readdirSync(path).map(({ name, node }) => ({ name, kind: kindOf(node) })),
    mkdir: (path: string, recursive: boolean) => fs.mkdirSync(path, { recursive }),
    rm: (path: string, recursive: boolean, force: boolean) => {
      const node = fs.nodeAt(path, false);
      if (node?.kind === "dir" && !recursive) throw new FsError("EISDIR", "rm", path, "Path is a directory");
      fs.rmSync(path, { recursive, force });
    },
    rmdir: (path: string, recursive: boolean) => {
      if (requireNode(path, false, "rmdir").kind !== "dir") throw new FsError("ENOTDIR", "rmdir", path);
      fs.rmSync(path, { recursive });
    },
    unlink: (path: string) => {
      if (requireNode(path, false, "unlink").kind === "dir") throw new FsError("EISDIR", "unlink", path);
      fs.rmSync(path);
    },
    rename: (from: string, to: string) => fs.renameSync(from, to),
    copyFile: (from: string, to: string, exclusive: boolean) => {
      if (requireNode(from, true, "copyfile").kind !== "file") throw new FsError("EISDIR", "copyfile", from);
      if (exclusive && fs.nodeAt(to)) throw new FsError("EEXIST", "copyfile", to);
      fs.writeBytesSync(to, fs.readBytesSync(from), { createParents: false });
    },
    cp: (from: string, to: string, recursive: boolean) => fs.cpSync(from, to, { recursive }),
    realpath: (path: string) => {
      const at = fs.locate(path, true, "realpath");
      if (!at.node) throw new FsError("ENOENT", "realpath", path);
      return at.path;
    },
    readlink: (path: string) => fs.readlinkSync(path),
    symlink: (target: string, path: string) => fs.symlinkSync(target, path),
    chmod: (path: string, mode: number) => fs.chmodSync(path, mode),
    utimes: (path: string, mtimeMs: number) => fs.utimesSync(path, new Date(mtimeMs)),
    resolve: (request: string, from: string) => resolver.resolve(request, from),
  };

  const toVmError = (error: unknown): VmError => {
    if (error instanceof FsError) return { code: error.code, message: error.message };
    return { code: "EIO", message: `EIO: ${(error as Error)?.message ?? String(error)}` };
  };

  return {
    /** Runs one op; answers `{ v }` or `{ e }` as JSON. */
    call(op: string, argsJson: string): string {
      try {
        const handler = Object.prototype.hasOwnProperty.call(ops, op) ? ops[op] : undefined;
        if (!handler) throw new FsError("EINVAL", op, "", `unknown operation ${op}`);
        const args: unknown = JSON.parse(argsJson);
        if (!Array.isArray(args) || args.some((a) => !["string", "number", "boolean"].includes(typeof a)))
          throw new FsError("EINVAL", op, "", "arguments must be strings, numbers or booleans");
        const value = (handler as (...a: unknown[]) => unknown)(...args);
        return JSON.stringify({ v: value ?? null });
      } catch (error) {
        return JSON.stringify({ e: toVmError(error) });
      }
    },
    toVmError,
  };
}
