/* eslint-disable @typescript-eslint/no-explicit-any -- runs inside QuickJS on guest values */
import type { VmHost, VmShared } from "./vm-host";

/**
 * path and fs (sync, callback and promise forms) over the host's filesystem bridge.
 * Shipped to QuickJS as source text (see vm-prelude.ts): it may use only `host`, `s` and the VM's
 * own globals.
 */
export function vmFs(host: VmHost, s: VmShared): void {
  const { info, inspect, call, toError, normalizeEncoding, toBytes, toArrayBuffer, Buffer, queueTask, processObject } = s;
  const g: any = globalThis;
  // ── path ──────────────────────────────────────────────────────────────────────────────────
  const normalizeParts = (parts: string[], absolute: boolean) => {
    const out: string[] = [];
    for (const part of parts) {
      if (part === "" || part === ".") continue;
      if (part === "..") {
        if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
        else if (!absolute) out.push("..");
      } else out.push(part);
    }
    return out;
  };
  const path: any = {
    sep: "/",
    delimiter: ":",
    normalize(p: string) {
      const absolute = p.startsWith("/");
      const joined = normalizeParts(p.split("/"), absolute).join("/");
      const trailing = p.endsWith("/") && joined ? "/" : "";
      return (absolute ? "/" : "") + (joined || (absolute ? "" : ".")) + trailing;
    },
    join: (...parts: string[]) => path.normalize(parts.filter((p) => p !== "").join("/") || "."),
    resolve(...parts: string[]) {
      let resolved = "";
      for (let i = parts.length - 1; i >= 0 && !resolved.startsWith("/"); i--) {
        const part = String(parts[i]);
        if (part) resolved = resolved ? `${part}/${resolved}` : part;
      }
      if (!resolved.startsWith("/")) resolved = `${processObject.cwd()}/${resolved}`;
      return "/" + normalizeParts(resolved.split("/"), true).join("/");
    },
    isAbsolute: (p: string) => p.startsWith("/"),
    dirname(p: string) {
      const trimmed = p.replace(/\/+$/, "");
      if (trimmed === "") return p.startsWith("/") ? "/" : ".";
      const i = trimmed.lastIndexOf("/");
      return i < 0 ? "." : i === 0 ? "/" : trimmed.slice(0, i);
    },
    basename(p: string, ext?: string) {
      const base = p.replace(/\/+$/, "").split("/").pop() ?? "";
      return ext && base.endsWith(ext) && base !== ext ? base.slice(0, -ext.length) : base;
    },
    extname(p: string) {
      const base = path.basename(p);
      const i = base.lastIndexOf(".");
      return i <= 0 ? "" : base.slice(i);
    },
    relative(from: string, to: string) {
      const a = path.resolve(from).split("/").filter(Boolean);
      const b = path.resolve(to).split("/").filter(Boolean);
      let i = 0;
      while (i < a.length && i < b.length && a[i] === b[i]) i++;
      return [...a.slice(i).map(() => ".."), ...b.slice(i)].join("/");
    },
    parse(p: string) {
      const root = p.startsWith("/") ? "/" : "";
      const base = path.basename(p);
      const ext = path.extname(p);
      const dir = path.dirname(p);
      return { root, dir: dir === "." && !p.includes("/") ? "" : dir, base, ext, name: ext ? base.slice(0, -ext.length) : base };
    },
    format(o: any) {
      const base = o.base ?? `${o.name ?? ""}${o.ext ?? ""}`;
      const dir = o.dir ?? o.root ?? "";
      return dir ? (dir.endsWith("/") ? dir + base : `${dir}/${base}`) : base;
    },
    toNamespacedPath: (p: string) => p,
  };
  path.posix = path;

  // ── fs ────────────────────────────────────────────────────────────────────────────────────
  // A path is a C string to the system, so Node refuses one holding U+0000 rather than cut it short,
  // and sends it as UTF-8, where a lone surrogate becomes U+FFFD.
  const pathString = (p: any, name = "path"): string => {
    if (typeof g.URL === "function" && p instanceof g.URL) p = p.pathname;
    if (p instanceof Uint8Array) p = Buffer.from(p).toString();
    if (typeof p !== "string") {
      const error: any = new TypeError(`The "${name}" argument must be of type string. Received ${inspect(p)}`);
      error.code = "ERR_INVALID_ARG_TYPE";
      throw error;
    }
    if (p.includes("\0")) {
      const shown = p.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\0/g, "\\x00");
      const error: any = new TypeError(`The argument '${name}' must be a string, Uint8Array, or URL without null bytes. Received '${shown}'`);
      error.code = "ERR_INVALID_ARG_VALUE";
      throw error;
    }
    return (p as any).toWellFormed();
  };
  const pathArg = (p: any): string => path.resolve(pathString(p));
  const encodingOf = (options: any): string | null =>
    typeof options === "string" ? options : options && typeof options === "object" ? (options.encoding ?? null) : null;
  const isStdin = (p: unknown) => p === 0 || p === "/dev/stdin";
  class Stats {
    constructor(private readonly s: any) {
      Object.assign(this, {
        size: s.size,
        mode: s.mode,
        mtimeMs: s.mtimeMs,
        atimeMs: s.mtimeMs,
        ctimeMs: s.mtimeMs,
        birthtimeMs: s.mtimeMs,
        mtime: new Date(s.mtimeMs),
        atime: new Date(s.mtimeMs),
        ctime: new Date(s.mtimeMs),
        birthtime: new Date(s.mtimeMs),
        ino: s.ino,
        nlink: 1,
        uid: 1000,
        gid: 1000,
        dev: 1,
        blksize: 4096,
        blocks: Math.ceil(s.size / 512),
      });
    }
    isFile() {
      return this.s.kind === "file";
    }
    isDirectory() {
      return this.s.kind === "dir";
    }
    isSymbolicLink() {
      return this.s.kind === "symlink";
    }
    isFIFO() {
      return false;
    }
    isSocket() {
      return false;
    }
    isCharacterDevice() {
      return false;
    }
    isBlockDevice() {
      return false;
    }
  }
  class Dirent {
    constructor(
      readonly name: string,
      private readonly kind: string,
      readonly parentPath: string,
    ) {}
    get path() {
      return this.parentPath;
    }
    isFile() {
      return this.kind === "file";
    }
    isDirectory() {
      return this.kind === "dir";
    }
    isSymbolicLink() {
      return this.kind === "symlink";
    }
  }
  const fs: any = {
    constants: { F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1, COPYFILE_EXCL: 1 },
    readFileSync(p: any, options?: any) {
      const encoding = encodingOf(options);
      if (isStdin(p)) return encoding ? info.stdin : Buffer.from(info.stdin);
      const target = pathArg(p);
      if (encoding) return call("readText", target, normalizeEncoding(encoding));
      const data = host.readBinary(target);
      if (typeof data === "string") throw toError(JSON.parse(data));
      return Buffer.from(data);
    },
    writeFileSync(p: any, data: any, options?: any) {
      if (p === 1 || p === 2) return void host.write(p, typeof data === "string" ? data : Buffer.from(data).toString());
      const append = typeof options === "object" && options?.flag?.startsWith("a");
      const error = host.writeBinary(pathArg(p), toArrayBuffer(toBytes(data, encodingOf(options) ?? "utf8")), Boolean(append));
      if (error) throw toError(JSON.parse(error));
    },
    appendFileSync(p: any, data: any, options?: any) {
      const error = host.writeBinary(pathArg(p), toArrayBuffer(toBytes(data, encodingOf(options) ?? "utf8")), true);
      if (error) throw toError(JSON.parse(error));
    },
    existsSync(p: any) {
      try {
        return call("exists", pathArg(p));
      } catch {
        return false;
      }
    },
    accessSync(p: any) {
      call("stat", pathArg(p), true);
    },
    statSync(p: any, options?: any) {
      try {
        return new Stats(call("stat", pathArg(p), true));
      } catch (error: any) {
        if (options?.throwIfNoEntry === false && error.code === "ENOENT") return undefined;
        throw error;
      }
    },
    lstatSync: (p: any) => new Stats(call("stat", pathArg(p), false)),
    readdirSync(p: any, options?: any) {
      const dir = pathArg(p);
      const entries: Array<{ name: string; kind: string }> = call("readdir", dir);
      if (options?.withFileTypes) return entries.map((e) => new Dirent(e.name, e.kind, dir));
      return entries.map((e) => e.name);
    },
    mkdirSync(p: any, options?: any) {
      const target = pathArg(p);
      const recursive = typeof options === "object" && options?.recursive;
      const existed = recursive ? call("exists", target) : false;
      call("mkdir", target, Boolean(recursive));
      return recursive && !existed ? target : undefined;
    },
    rmSync: (p: any, options?: any) => void call("rm", pathArg(p), Boolean(options?.recursive), Boolean(options?.force)),
    rmdirSync: (p: any, options?: any) => void call("rmdir", pathArg(p), Boolean(options?.recursive)),
    unlinkSync: (p: any) => void call("unlink", pathArg(p)),
    renameSync: (from: any, to: any) => void call("rename", pathArg(from), pathArg(to)),
    copyFileSync: (from: any, to: any, mode?: number) => void call("copyFile", pathArg(from), pathArg(to), Boolean((mode ?? 0) & 1)),
    cpSync: (from: any, to: any, options?: any) => void call("cp", pathArg(from), pathArg(to), Boolean(options?.recursive)),
    realpathSync: Object.assign((p: any) => call("realpath", pathArg(p)), { native: (p: any) => call("realpath", pathArg(p)) }),
    readlinkSync: (p: any) => call("readlink", pathArg(p)),
    symlinkSync: (target: any, p: any) => void call("symlink", pathString(target, "target"), pathArg(p)),
    chmodSync: (p: any, mode: any) => void call("chmod", pathArg(p), typeof mode === "string" ? parseInt(mode, 8) : Number(mode)),
    utimesSync: (p: any, _atime: any, mtime: any) =>
      void call("utimes", pathArg(p), mtime instanceof Date ? mtime.getTime() : Number(mtime) * 1000),
    mkdtempSync(prefix: string) {
      const target = `${pathArg(prefix)}${Math.random().toString(36).slice(2, 8)}`;
      call("mkdir", target, false);
      return target;
    },
  };
  const asyncNames = [
    "readFile",
    "writeFile",
    "appendFile",
    "access",
    "stat",
    "lstat",
    "readdir",
    "mkdir",
    "rm",
    "rmdir",
    "unlink",
    "rename",
    "copyFile",
    "cp",
    "realpath",
    "readlink",
    "symlink",
    "chmod",
    "utimes",
    "mkdtemp",
  ];
  const promises: any = {};
  for (const name of asyncNames) {
    const sync = fs[`${name}Sync`];
    promises[name] = (...args: any[]) => new Promise((resolve) => resolve(sync(...args)));
    fs[name] = (...args: any[]) => {
      const callback = args.pop();
      if (typeof callback !== "function") throw new TypeError('The "cb" argument must be of type function');
      let result: unknown;
      let failure: unknown = null;
      try {
        result = sync(...args);
      } catch (error) {
        failure = error;
      }
      queueTask(() => (failure ? callback(failure) : callback(null, result)));
    };
  }
  fs.exists = (p: any, callback: (exists: boolean) => void) => queueTask(() => callback(fs.existsSync(p)));
  promises.constants = fs.constants;
  fs.promises = promises;
  Object.assign(s, { path, fs, promises });
}
