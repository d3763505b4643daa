/* eslint-disable @typescript-eslint/no-explicit-any -- this code runs inside QuickJS on guest values */
import type { VmControl, VmError, VmHost, VmInfo } from "./vm-host";

/**
 * Node's globals and core modules for the guest, built inside QuickJS on the plain-data bridge in
 * vm-host.ts. The host evaluates `String(vmPrelude)` in the VM, so this function must not close
 * over anything: it is shipped as source text and runs with only the VM's own globals.
 */
export function vmPrelude(host: VmHost, infoJson: string): VmControl {
  "use strict";
  const info: VmInfo = JSON.parse(infoJson);
  const g: any = globalThis;
  const hidden = (target: any, name: string, value: unknown) =>
    Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });

  // ── errors from the bridge ────────────────────────────────────────────────────────────────
  const toError = (e: VmError) => {
    const error: any = new Error(e.message);
    if (e.code) error.code = e.code;
    if (e.syscall) error.syscall = e.syscall;
    if (e.path) error.path = e.path;
    return error;
  };
  const call = (op: string, ...args: unknown[]): any => {
    const answer = JSON.parse(host.call(op, JSON.stringify(args)));
    if (answer.e) throw toError(answer.e);
    return answer.v;
  };

  // ── Buffer and text encoding ──────────────────────────────────────────────────────────────
  const normalizeEncoding = (encoding: unknown): string => {
    const e = String(encoding ?? "utf8").toLowerCase();
    if (e === "utf-8") return "utf8";
    if (e === "binary") return "latin1";
    if (e === "ucs2" || e === "ucs-2" || e === "utf-16le") return "utf16le";
    if (["utf8", "latin1", "ascii", "base64", "base64url", "hex", "utf16le"].includes(e)) return e;
    throw new TypeError(`Unknown encoding: ${String(encoding)}`);
  };
  class Buffer extends Uint8Array {
    static from(value: any, encodingOrOffset?: any, length?: number): Buffer {
      if (typeof value === "string") {
        const bytes = new Uint8Array(host.encode(value, normalizeEncoding(encodingOrOffset)));
        const out = new Buffer(bytes.length);
        out.set(bytes);
        return out;
      }
      if (value instanceof ArrayBuffer) return new Buffer(value, encodingOrOffset ?? 0, length ?? value.byteLength - (encodingOrOffset ?? 0));
      if (ArrayBuffer.isView(value)) {
        const out = new Buffer(value.byteLength);
        out.set(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
        return out;
      }
      if (Array.isArray(value)) {
        const out = new Buffer(value.length);
        out.set(value.map((n: number) => n & 255));
        return out;
      }
      if (value && value.type === "Buffer" && Array.isArray(value.data)) return Buffer.from(value.data);
      throw new TypeError("The first argument must be a string, Buffer, ArrayBuffer or Array");
    }
    static alloc(size: number, fill?: any) {
      const out = new Buffer(size);
      if (typeof fill === "number") out.fill(fill);
      else if (typeof fill === "string" && fill.length > 0) {
        const pattern = Buffer.from(fill);
        for (let i = 0; i < size; i++) out[i] = pattern[i % pattern.length]!;
      }
      return out;
    }
    static allocUnsafe(size: number) {
      return new Buffer(size);
    }
    static isBuffer(value: unknown): value is Buffer {
      return value instanceof Buffer;
    }
    static isEncoding(encoding: unknown) {
      try {
        normalizeEncoding(encoding);
        return true;
      } catch {
        return false;
      }
    }
    static byteLength(value: any, encoding?: string) {
      return typeof value === "string" ? Buffer.from(value, encoding).length : value.byteLength;
    }
    static concat(list: Uint8Array[], total?: number) {
      const length = total ?? list.reduce((n, b) => n + b.length, 0);
      const out = Buffer.alloc(length);
      let offset = 0;
      for (const b of list) {
        if (offset >= length) break;
        out.set(b.subarray(0, length - offset), offset);
        offset += b.length;
      }
      return out;
    }
    static compare(a: Uint8Array, b: Uint8Array) {
      for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
      return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
    }
    toString(encoding?: string, start = 0, end = this.length) {
      const view = this.subarray(start, end);
      const copy = new Uint8Array(view.length);
      copy.set(view);
      return host.decode(copy.buffer, normalizeEncoding(encoding));
    }
    toJSON() {
      return { type: "Buffer", data: Array.from(this) };
    }
    equals(other: Uint8Array) {
      return Buffer.compare(this, other) === 0;
    }
    write(text: string, offset = 0) {
      const bytes = Buffer.from(text);
      this.set(bytes.subarray(0, this.length - offset), offset);
      return Math.min(bytes.length, this.length - offset);
    }
    slice(start?: number, end?: number): any {
      const view = this.subarray(start, end);
      return new Buffer(view.buffer, view.byteOffset, view.length);
    }
    readUInt8(offset = 0) {
      return this[offset];
    }
    includes(value: any, byteOffset?: number): boolean {
      return this.indexOf(value, byteOffset) !== -1;
    }
    indexOf(value: any, byteOffset = 0): number {
      if (typeof value === "number") return super.indexOf(value, byteOffset);
      const needle = typeof value === "string" ? Buffer.from(value) : value;
      outer: for (let i = byteOffset; i <= this.length - needle.length; i++) {
        for (let j = 0; j < needle.length; j++) if (this[i + j] !== needle[j]) continue outer;
        return i;
      }
      return -1;
    }
  }
  class TextEncoder {
    readonly encoding = "utf-8";
    encode(text = "") {
      return new Uint8Array(host.encode(String(text), "utf8"));
    }
  }
  class TextDecoder {
    readonly encoding: string;
    constructor(encoding = "utf-8") {
      this.encoding = encoding;
    }
    decode(data?: ArrayBuffer | ArrayBufferView) {
      if (!data) return "";
      const view = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      const copy = new Uint8Array(view.length);
      copy.set(view);
      return host.decode(copy.buffer, normalizeEncoding(this.encoding));
    }
  }
  const toBytes = (data: any, encoding?: string): Uint8Array =>
    typeof data === "string" ? Buffer.from(data, encoding) : data instanceof Uint8Array ? data : Buffer.from(data);
  const toArrayBuffer = (bytes: Uint8Array) => {
    const copy = new Uint8Array(bytes.length);
    copy.set(bytes);
    return copy.buffer;
  };

  // ── inspect / format ──────────────────────────────────────────────────────────────────────
  // The frames of this prelude say nothing to the program's author.
  const userStack = (stack: unknown) =>
    String(stack ?? "")
      .split("\n")
      .filter((line) => !line.includes("node:internal/prelude") && !/^\s*at call \(native\)$/.test(line))
      .join("\n")
      .replace(/\n$/, "");
  const isIdentifier = (key: string) => /^[A-Za-z_$][\w$]*$/.test(key);
  function inspect(value: any, options?: any): string {
    const depthLimit = typeof options?.depth === "number" ? options.depth : options?.depth === null ? Infinity : 2;
    const seen: unknown[] = [];
    const render = (v: any, depth: number, nested: boolean): string => {
      if (v === null) return "null";
      switch (typeof v) {
        case "undefined":
          return "undefined";
        case "string":
          return nested ? `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'` : v;
        case "number":
          return Object.is(v, -0) ? "-0" : String(v);
        case "bigint":
          return `${v}n`;
        case "boolean":
          return String(v);
        case "symbol":
          return v.toString();
        case "function": {
          const name = v.name ? `: ${v.name}` : " (anonymous)";
          return /^class\s/.test(Function.prototype.toString.call(v)) ? `[class ${v.name || "(anonymous)"}]` : `[Function${name}]`;
        }
      }
      if (seen.includes(v)) return "[Circular *1]";
      if (v instanceof Error) return v.stack ? `${v.name}: ${v.message}\n${userStack(v.stack)}` : `${v.name}: ${v.message}`;
      if (v instanceof Date) return isNaN(v.getTime()) ? "Invalid Date" : v.toISOString();
      if (v instanceof RegExp) return String(v);
      if (typeof v.then === "function" && v instanceof Promise) return "Promise { <pending> }";
      if (depth > depthLimit) return Array.isArray(v) ? "[Array]" : "[Object]";
      seen.push(v);
      try {
        const join = (open: string, items: string[], close: string) => {
          if (items.length === 0) return `${open}${close}`;
          const single = `${open} ${items.join(", ")} ${close}`;
          if (single.length <= 72 && !single.includes("\n")) return single;
          const pad = "  ".repeat(depth + 1);
          return `${open}\n${pad}${items.join(`,\n${pad}`)}\n${"  ".repeat(depth)}${close}`;
        };
        if (Array.isArray(v)) {
          const items = v.slice(0, 100).map((item) => render(item, depth + 1, true));
          if (v.length > 100) items.push(`... ${v.length - 100} more items`);
          return join("[", items, "]");
        }
        if (v instanceof Buffer) {
          const hex = Array.from(v.subarray(0, 50), (b) => b.toString(16).padStart(2, "0"));
          return `<Buffer${hex.length ? " " + hex.join(" ") : ""}${v.length > 50 ? ` ... ${v.length - 50} more bytes` : ""}>`;
        }
        if (ArrayBuffer.isView(v)) {
          const items = Array.from(v as unknown as ArrayLike<number>).slice(0, 100).map(String);
          return `${v.constructor.name}(${(v as any).length}) ` + join("[", items, "]");
        }
        if (v instanceof Map)
          return `Map(${v.size}) ` + join("{", [...v].map(([k, val]) => `${render(k, depth + 1, true)} => ${render(val, depth + 1, true)}`), "}");
        if (v instanceof Set) return `Set(${v.size}) ` + join("{", [...v].map((item) => render(item, depth + 1, true)), "}");
        const keys = Object.keys(v);
        const items = keys.map((k) => `${isIdentifier(k) ? k : render(k, 0, true)}: ${render(v[k], depth + 1, true)}`);
        const proto = Object.getPrototypeOf(v);
        const name = proto === null ? "[Object: null prototype] " : proto.constructor && proto.constructor !== Object ? `${proto.constructor.name} ` : "";
        return name + join("{", items, "}");
      } finally {
        seen.pop();
      }
    };
    return render(value, 0, false);
  }
  function format(...args: any[]): string {
    let first = args[0];
    let rest = args.slice(1);
    if (typeof first === "string" && rest.length > 0) {
      first = first.replace(/%[sdifjoOc%]/g, (token: string) => {
        if (token === "%%") return "%";
        if (rest.length === 0) return token;
        const next = rest.shift();
        switch (token) {
          case "%s":
            return typeof next === "string" ? next : inspect(next, { depth: 1 });
          case "%d":
          case "%i":
            return String(token === "%i" ? parseInt(next, 10) : Number(next));
          case "%f":
            return String(parseFloat(next));
          case "%j":
            return JSON.stringify(next);
          case "%c":
            return "";
          default:
            return inspect(next);
        }
      });
      return [first, ...rest.map((a) => inspect(a))].join(" ");
    }
    return args.map((a) => inspect(a)).join(" ");
  }

  // ── process ───────────────────────────────────────────────────────────────────────────────
  let cwd = info.cwd;
  const listeners: Record<string, Array<(...args: any[]) => void>> = {};
  class EventEmitter {
    private _events: Record<string, Array<(...args: any[]) => void>> = {};
    on(event: string, listener: (...args: any[]) => void) {
      (this._events[event] ??= []).push(listener);
      return this;
    }
    addListener(event: string, listener: (...args: any[]) => void) {
      return this.on(event, listener);
    }
    prependListener(event: string, listener: (...args: any[]) => void) {
      (this._events[event] ??= []).unshift(listener);
      return this;
    }
    once(event: string, listener: (...args: any[]) => void) {
      const wrapped = (...args: any[]) => {
        this.off(event, wrapped);
        listener.apply(this, args);
      };
      return this.on(event, wrapped);
    }
    off(event: string, listener: (...args: any[]) => void) {
      this._events[event] = (this._events[event] ?? []).filter((l) => l !== listener);
      return this;
    }
    removeListener(event: string, listener: (...args: any[]) => void) {
      return this.off(event, listener);
    }
    removeAllListeners(event?: string) {
      if (event) delete this._events[event];
      else this._events = {};
      return this;
    }
    emit(event: string, ...args: any[]) {
      const list = this._events[event];
      if (!list || list.length === 0) {
        if (event === "error") throw args[0] instanceof Error ? args[0] : new Error(`Unhandled error. (${inspect(args[0])})`);
        return false;
      }
      for (const listener of [...list]) listener.apply(this, args);
      return true;
    }
    listeners(event: string) {
      return [...(this._events[event] ?? [])];
    }
    listenerCount(event: string) {
      return (this._events[event] ?? []).length;
    }
    eventNames() {
      return Object.keys(this._events);
    }
    setMaxListeners() {
      return this;
    }
  }
  const writeStream = (fd: number) => {
    const stream: any = new EventEmitter();
    stream.fd = fd;
    stream.isTTY = false;
    stream.columns = 80;
    stream.writable = true;
    stream.write = (chunk: any, encoding?: any, callback?: any) => {
      host.write(fd, typeof chunk === "string" ? chunk : Buffer.from(chunk).toString(typeof encoding === "string" ? encoding : "utf8"));
      const done = typeof encoding === "function" ? encoding : callback;
      if (typeof done === "function") queueTask(() => done());
      return true;
    };
    stream.end = (chunk?: any) => {
      if (chunk !== undefined && typeof chunk !== "function") stream.write(chunk);
    };
    return stream;
  };
  const stdin: any = new EventEmitter();
  let stdinFlowing = false;
  const startStdin = () => {
    if (stdinFlowing) return;
    stdinFlowing = true;
    setTimeoutImpl(() => {
      if (info.stdin.length > 0) stdin.emit("data", stdin._encoding ? info.stdin : Buffer.from(info.stdin));
      stdin.emit("end");
      stdin.emit("close");
    }, 0);
  };
  stdin.fd = 0;
  stdin.isTTY = false;
  stdin.setEncoding = (encoding: string) => {
    stdin._encoding = encoding;
    return stdin;
  };
  stdin.resume = () => (startStdin(), stdin);
  stdin.pause = () => stdin;
  const stdinOn = stdin.on.bind(stdin);
  stdin.on = stdin.addListener = (event: string, listener: any) => {
    stdinOn(event, listener);
    if (event === "data" || event === "readable" || event === "end") startStdin();
    return stdin;
  };
  stdin.read = () => null;
  stdin[Symbol.asyncIterator] = async function* () {
    if (info.stdin.length > 0) yield stdin._encoding ? info.stdin : Buffer.from(info.stdin);
  };

  let exitCode: number | undefined;
  const processObject: any = new EventEmitter();
  Object.assign(processObject, {
    argv: info.argv,
    argv0: "node",
    execArgv: [],
    execPath: "/usr/bin/node",
    env: info.env,
    pid: 1,
    ppid: 0,
    arch: "x64",
    platform: "linux",
    title: "node",
    version: info.version,
    versions: { node: info.version.slice(1), quickjs: "2024" },
    release: { name: "node" },
    features: {},
    config: { variables: {} },
    stdout: writeStream(1),
    stderr: writeStream(2),
    stdin,
    cwd: () => cwd,
    chdir(dir: string) {
      const target = path.resolve(dir);
      const stat = call("stat", target, true);
      if (stat.kind !== "dir") throw toError({ code: "ENOTDIR", message: `ENOTDIR: not a directory, chdir '${dir}'` });
      cwd = target;
    },
    exit(code?: number) {
      if (code !== undefined) exitCode = Number(code) | 0;
      const final = exitCode ?? 0;
      processObject.emit("exit", final);
      host.exit(final);
    },
    abort() {
      host.exit(134);
    },
    kill() {
      throw toError({ code: "EPERM", message: "kill EPERM: the box has no other processes" });
    },
    binding() {
      throw new Error("process.binding is not available in the box");
    },
    dlopen() {
      throw new Error("process.dlopen is not available in the box: native addons cannot be loaded");
    },
    umask: () => 0o22,
    uptime: () => host.now() / 1000,
    hrtime: Object.assign(
      (previous?: [number, number]) => {
        const now = host.now();
        const seconds = Math.floor(now / 1000);
        const nanos = Math.floor((now % 1000) * 1e6);
        if (!previous) return [seconds, nanos];
        let s = seconds - previous[0];
        let n = nanos - previous[1];
        if (n < 0) {
          s -= 1;
          n += 1e9;
        }
        return [s, n];
      },
      { bigint: () => BigInt(Math.floor(host.now() * 1e6)) },
    ),
    memoryUsage: Object.assign(() => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }), { rss: () => 0 }),
    cpuUsage: () => ({ user: Math.floor(host.now() * 1000), system: 0 }),
    nextTick: (fn: (...args: any[]) => void, ...args: any[]) => queueMicrotask(() => fn(...args)),
    emitWarning: (warning: any) => host.write(2, `(node:1) Warning: ${warning instanceof Error ? warning.message : String(warning)}\n`),
  });
  Object.defineProperty(processObject, "exitCode", {
    get: () => exitCode,
    set: (value) => {
      exitCode = value === undefined ? undefined : Number(value) | 0;
    },
    enumerable: true,
  });
  void listeners;

  // ── timers (driven by the host between macrotasks) ───────────────────────────────────────
  type Timer = { id: number; due: number; interval: number | null; fn: (...args: any[]) => void; args: any[]; ref: boolean };
  const timers = new Map<number, Timer>();
  let nextTimerId = 1;
  let sequence = 0;
  const order = new Map<number, number>();
  class Timeout {
    constructor(readonly id: number) {}
    ref() {
      const t = timers.get(this.id);
      if (t) t.ref = true;
      return this;
    }
    unref() {
      const t = timers.get(this.id);
      if (t) t.ref = false;
      return this;
    }
    hasRef() {
      return timers.get(this.id)?.ref ?? false;
    }
    refresh() {
      const t = timers.get(this.id);
      if (t) t.due = host.now() + (t.interval ?? 0);
      return this;
    }
    [Symbol.toPrimitive]() {
      return this.id;
    }
  }
  const addTimer = (fn: unknown, delay: unknown, args: any[], repeat: boolean) => {
    if (typeof fn !== "function") {
      const error: any = new TypeError(`The "callback" argument must be of type function. Received ${inspect(fn)}`);
      error.code = "ERR_INVALID_ARG_TYPE";
      throw error;
    }
    const ms = Math.max(1, Math.min(Number(delay) || 0, 2 ** 31 - 1));
    const id = nextTimerId++;
    timers.set(id, { id, due: host.now() + ms, interval: repeat ? ms : null, fn: fn as any, args, ref: true });
    order.set(id, sequence++);
    return new Timeout(id);
  };
  const clearTimer = (handle: any) => {
    const id = typeof handle === "object" && handle !== null ? handle.id : Number(handle);
    timers.delete(id);
    order.delete(id);
  };
  function setTimeoutImpl(fn: unknown, delay?: unknown, ...args: any[]) {
    return addTimer(fn, delay, args, false);
  }
  const queueTask = (fn: () => void) => setTimeoutImpl(fn, 0);

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
      if (!resolved.startsWith("/")) resolved = `${cwd}/${resolved}`;
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
  const pathArg = (p: any): string => {
    if (typeof g.URL === "function" && p instanceof g.URL) p = p.pathname;
    if (p instanceof Uint8Array) p = Buffer.from(p).toString();
    if (typeof p !== "string") {
      const error: any = new TypeError(`The "path" argument must be of type string. Received ${inspect(p)}`);
      error.code = "ERR_INVALID_ARG_TYPE";
      throw error;
    }
    return path.resolve(p);
  };
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
    symlinkSync: (target: any, p: any) => void call("symlink", String(target), pathArg(p)),
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

  // ── small core modules ────────────────────────────────────────────────────────────────────
  const promisify = (fn: any) => {
    if (typeof fn[promisify.custom] === "function") return fn[promisify.custom];
    return (...args: any[]) =>
      new Promise((resolve, reject) => fn(...args, (error: unknown, value: unknown) => (error ? reject(error) : resolve(value))));
  };
  promisify.custom = Symbol.for("nodejs.util.promisify.custom");
  const isDeepEqual = (a: any, b: any, strict: boolean): boolean => {
    if (strict ? Object.is(a, b) : a == b) return true;
    if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
    if (strict && Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
    if (a instanceof Map && b instanceof Map) return isDeepEqual([...a], [...b], strict);
    if (a instanceof Set && b instanceof Set) return isDeepEqual([...a], [...b], strict);
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && isDeepEqual(a[k], b[k], strict));
  };
  const util: any = {
    format,
    inspect: Object.assign(inspect, { custom: Symbol.for("nodejs.util.inspect.custom") }),
    promisify,
    inherits(ctor: any, superCtor: any) {
      Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
      Object.setPrototypeOf(ctor, superCtor);
    },
    deprecate: (fn: unknown) => fn,
    isDeepStrictEqual: (a: unknown, b: unknown) => isDeepEqual(a, b, true),
    types: { isPromise: (v: unknown) => v instanceof Promise, isDate: (v: unknown) => v instanceof Date, isRegExp: (v: unknown) => v instanceof RegExp },
    TextEncoder,
    TextDecoder,
  };
  class AssertionError extends Error {
    code = "ERR_ASSERTION";
    constructor(message: string) {
      super(message);
      this.name = "AssertionError";
    }
  }
  const fail = (message: unknown, fallback: string) => {
    throw message instanceof Error ? message : new AssertionError(message === undefined ? fallback : String(message));
  };
  const assert: any = (value: unknown, message?: unknown) => {
    if (!value) fail(message, "The expression evaluated to a falsy value");
  };
  Object.assign(assert, {
    ok: assert,
    AssertionError,
    equal: (a: unknown, b: unknown, m?: unknown) => a == b || fail(m, `${inspect(a)} == ${inspect(b)}`),
    notEqual: (a: unknown, b: unknown, m?: unknown) => a != b || fail(m, `${inspect(a)} != ${inspect(b)}`),
    strictEqual: (a: unknown, b: unknown, m?: unknown) =>
      Object.is(a, b) || fail(m, `Expected values to be strictly equal:\n\n${inspect(a)} !== ${inspect(b)}\n`),
    notStrictEqual: (a: unknown, b: unknown, m?: unknown) => !Object.is(a, b) || fail(m, `Expected "actual" to be strictly unequal to: ${inspect(b)}`),
    deepEqual: (a: unknown, b: unknown, m?: unknown) => isDeepEqual(a, b, false) || fail(m, "Expected values to be loosely deep-equal"),
    deepStrictEqual: (a: unknown, b: unknown, m?: unknown) =>
      isDeepEqual(a, b, true) || fail(m, `Expected values to be strictly deep-equal:\n${inspect(a)}\n\nshould equal\n\n${inspect(b)}`),
    notDeepStrictEqual: (a: unknown, b: unknown, m?: unknown) => !isDeepEqual(a, b, true) || fail(m, "Expected values not to be deep-equal"),
    fail: (m?: unknown) => fail(m, "Failed"),
    throws(fn: () => void, expected?: any, m?: unknown) {
      try {
        fn();
      } catch (error) {
        if (typeof expected === "function" && expected.prototype !== undefined && !(error instanceof expected)) throw error;
        if (expected instanceof RegExp && !expected.test(String((error as Error)?.message ?? error))) fail(m, "The error did not match");
        return;
      }
      fail(typeof expected === "string" ? expected : m, "Missing expected exception.");
    },
    async rejects(promise: any, expected?: any) {
      try {
        await (typeof promise === "function" ? promise() : promise);
      } catch (error) {
        if (typeof expected === "function" && expected.prototype !== undefined && !(error instanceof expected)) throw error;
        return;
      }
      fail(undefined, "Missing expected rejection.");
    },
    match: (s: string, re: RegExp, m?: unknown) => re.test(s) || fail(m, `The input did not match the regular expression ${re}`),
  });
  assert.strict = assert;
  const os: any = {
    EOL: "\n",
    platform: () => "linux",
    type: () => "Linux",
    arch: () => "x64",
    release: () => "6.0.0-box",
    hostname: () => "box",
    homedir: () => info.env.HOME ?? "/project",
    tmpdir: () => "/tmp",
    cpus: () => [{ model: "box", speed: 0, times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 } }],
    totalmem: () => 128 * 1024 * 1024,
    freemem: () => 64 * 1024 * 1024,
    uptime: () => Math.floor(host.now() / 1000),
    userInfo: () => ({ username: "user", uid: 1000, gid: 1000, shell: "/bin/bash", homedir: info.env.HOME ?? "/project" }),
    networkInterfaces: () => ({}),
    endianness: () => "LE",
    loadavg: () => [0, 0, 0],
    availableParallelism: () => 1,
  };
  const readline: any = {
    createInterface(options: any) {
      const rl: any = new EventEmitter();
      const input = options?.input ?? stdin;
      let buffered = "";
      let closed = false;
      const lines: string[] = [];
      const close = () => {
        if (closed) return;
        closed = true;
        if (buffered) {
          lines.push(buffered);
          rl.emit("line", buffered);
        }
        rl.emit("close");
      };
      input.on("data", (chunk: any) => {
        buffered += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
        const parts = buffered.split(/\r?\n/);
        buffered = parts.pop() ?? "";
        for (const line of parts) {
          lines.push(line);
          rl.emit("line", line);
        }
      });
      input.on("end", close);
      rl.close = close;
      rl.setPrompt = () => undefined;
      rl.prompt = () => undefined;
      rl.write = (text: string) => host.write(1, text);
      rl.question = (query: string, callback: (answer: string) => void) => {
        host.write(1, query);
        rl.once("line", callback);
      };
      rl[Symbol.asyncIterator] = async function* () {
        while (!closed) await new Promise((resolve) => setTimeoutImpl(resolve, 1));
        yield* lines;
      };
      return rl;
    },
  };
  const timersModule = {
    setTimeout: setTimeoutImpl,
    clearTimeout: clearTimer,
    setInterval: (fn: unknown, delay?: unknown, ...args: any[]) => addTimer(fn, delay, args, true),
    clearInterval: clearTimer,
    setImmediate: (fn: unknown, ...args: any[]) => addTimer(fn, 0, args, false),
    clearImmediate: clearTimer,
  };
  const timersPromises = {
    setTimeout: (ms?: number, value?: unknown) => new Promise((resolve) => setTimeoutImpl(() => resolve(value), ms)),
    setImmediate: (value?: unknown) => new Promise((resolve) => setTimeoutImpl(() => resolve(value), 0)),
  };

  const builtins: Record<string, unknown> = {
    fs,
    "fs/promises": promises,
    path,
    "path/posix": path,
    util,
    events: Object.assign(EventEmitter, { EventEmitter, once: (emitter: any, name: string) => new Promise((r) => emitter.once(name, (...a: any[]) => r(a))) }),
    assert,
    "assert/strict": assert,
    os,
    readline,
    timers: timersModule,
    "timers/promises": timersPromises,
    buffer: { Buffer },
    process: processObject,
    string_decoder: {
      StringDecoder: class {
        constructor(private readonly encoding = "utf8") {}
        write(chunk: Uint8Array) {
          return Buffer.from(chunk).toString(this.encoding);
        }
        end(chunk?: Uint8Array) {
          return chunk ? this.write(chunk) : "";
        }
      },
    },
    url: { URL: g.URL, fileURLToPath: (u: any) => String(u instanceof Object ? u.pathname : String(u).replace(/^file:\/\//, "")), pathToFileURL: (p: string) => ({ href: `file://${path.resolve(p)}`, pathname: path.resolve(p) }) },
  };
  const unavailable = new Set([
    "child_process",
    "cluster",
    "worker_threads",
    "net",
    "tls",
    "dgram",
    "dns",
    "dns/promises",
    "http",
    "https",
    "http2",
    "inspector",
    "vm",
    "v8",
    "module",
    "crypto",
    "zlib",
    "stream",
    "perf_hooks",
    "async_hooks",
    "diagnostics_channel",
    "wasi",
    "repl",
    "tty",
    "trace_events",
  ]);
  const builtin = (name: string) => {
    const bare = name.startsWith("node:") ? name.slice(5) : name;
    if (Object.prototype.hasOwnProperty.call(builtins, bare)) return builtins[bare];
    const error: any = new Error(
      unavailable.has(bare)
        ? `Cannot find module '${name}': the box runs JavaScript without processes, network, native code or "${bare}"`
        : `Cannot find module '${name}'`,
    );
    error.code = "MODULE_NOT_FOUND";
    throw error;
  };

  // ── CommonJS ──────────────────────────────────────────────────────────────────────────────
  type Module = { id: string; filename: string; path: string; exports: any; loaded: boolean; children: Module[]; parent: Module | null; require?: any; paths: string[] };
  const cache: Record<string, Module> = Object.create(null);
  let mainModule: Module | undefined;
  const makeRequire = (parent: Module | null, from: string) => {
    const require: any = (request: unknown) => {
      if (typeof request !== "string" || request === "") {
        const error: any = new TypeError(`The "id" argument must be of type string. Received ${inspect(request)}`);
        error.code = "ERR_INVALID_ARG_TYPE";
        throw error;
      }
      const resolved = call("resolve", request, from, "require");
      if (resolved.builtin) return builtin(resolved.builtin);
      return loadModule(resolved.path, resolved.format, parent);
    };
    require.resolve = (request: string) => {
      const resolved = call("resolve", request, from, "require");
      return resolved.builtin ?? resolved.path;
    };
    require.cache = cache;
    Object.defineProperty(require, "main", { get: () => mainModule, enumerable: true });
    return require;
  };
  const loadModule = (filename: string, formatName: string, parent: Module | null): any => {
    const cached = cache[filename];
    if (cached) return cached.exports;
    if (formatName === "esm") {
      const error: any = new Error(`require() of ES Module ${filename} not supported. Use import instead.`);
      error.code = "ERR_REQUIRE_ESM";
      throw error;
    }
    const dirname = path.dirname(filename);
    const module: Module = { id: filename, filename, path: dirname, exports: {}, loaded: false, children: [], parent, paths: [] };
    cache[filename] = module;
    parent?.children.push(module);
    try {
      if (formatName === "json") {
        const text = call("readText", filename, "utf8");
        try {
          module.exports = JSON.parse(text);
        } catch (error: any) {
          error.message = `${filename}: ${error.message}`;
          throw error;
        }
      } else {
        const require = makeRequire(module, filename);
        module.require = require;
        const wrapper = host.compile(call("readText", filename, "utf8"), filename);
        wrapper.call(module.exports, module.exports, require, module, filename, dirname);
      }
    } catch (error) {
      delete cache[filename];
      throw error;
    }
    module.loaded = true;
    return module.exports;
  };

  // ── globals ───────────────────────────────────────────────────────────────────────────────
  const console: any = {};
  const out = (fd: number) => (...args: any[]) => host.write(fd, format(...args) + "\n");
  const counts: Record<string, number> = {};
  const times: Record<string, number> = {};
  let groupIndent = "";
  const indented = (fd: number) => (...args: any[]) =>
    host.write(fd, (groupIndent ? format(...args).replace(/^/gm, groupIndent) : format(...args)) + "\n");
  Object.assign(console, {
    log: indented(1),
    info: indented(1),
    debug: indented(1),
    warn: indented(2),
    error: indented(2),
    trace: (...args: any[]) => out(2)(`Trace: ${format(...args)}\n${String(new Error().stack ?? "").replace(/^.*\n/, "")}`),
    dir: (value: unknown, options?: any) => host.write(1, inspect(value, options) + "\n"),
    table: (data: unknown) => host.write(1, inspect(data) + "\n"),
    assert: (value: unknown, ...args: any[]) => {
      if (!value) out(2)(args.length ? `Assertion failed: ${format(...args)}` : "Assertion failed");
    },
    count: (label = "default") => out(1)(`${label}: ${(counts[label] = (counts[label] ?? 0) + 1)}`),
    countReset: (label = "default") => void (counts[label] = 0),
    time: (label = "default") => void (times[label] = host.now()),
    timeEnd: (label = "default") => {
      out(1)(`${label}: ${(host.now() - (times[label] ?? host.now())).toFixed(3)}ms`);
      delete times[label];
    },
    timeLog: (label = "default", ...args: any[]) => out(1)(`${label}: ${(host.now() - (times[label] ?? host.now())).toFixed(3)}ms`, ...args),
    group: (...args: any[]) => {
      if (args.length) indented(1)(...args);
      groupIndent += "  ";
    },
    groupEnd: () => void (groupIndent = groupIndent.slice(2)),
  });
  console.groupCollapsed = console.group;
  const globals: Record<string, unknown> = {
    console,
    process: processObject,
    Buffer,
    TextEncoder,
    TextDecoder,
    global: g,
    ...timersModule,
    queueMicrotask: g.queueMicrotask ?? ((fn: () => void) => Promise.resolve().then(fn)),
    structuredClone: (value: unknown) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value))),
    performance: { now: () => host.now(), timeOrigin: 0, mark() {}, measure() {} },
  };
  for (const [name, value] of Object.entries(globals)) hidden(g, name, value);
  if (typeof g.queueMicrotask !== "function") hidden(g, "queueMicrotask", globals.queueMicrotask);
  hidden(g, "__boxBuiltin", builtin);
  hidden(g, "__boxRequire", (filename: string) => cache[filename]?.exports);

  // ── control surface for the host ──────────────────────────────────────────────────────────
  const control: VmControl = {
    runMain(filename) {
      const module: Module = { id: ".", filename, path: path.dirname(filename), exports: {}, loaded: false, children: [], parent: null, paths: [] };
      mainModule = module;
      cache[filename] = module;
      const require = makeRequire(module, filename);
      module.require = require;
      const wrapper = host.compile(call("readText", filename, "utf8"), filename);
      wrapper.call(module.exports, module.exports, require, module, filename, path.dirname(filename));
      module.loaded = true;
    },
    runEval(code, filename, print) {
      const module: Module = { id: filename, filename, path: cwd, exports: {}, loaded: false, children: [], parent: null, paths: [] };
      const require = makeRequire(module, `${cwd}/${filename}`);
      hidden(g, "require", require);
      hidden(g, "module", module);
      hidden(g, "exports", module.exports);
      hidden(g, "__filename", filename);
      hidden(g, "__dirname", ".");
      const result = (0, eval)(code);
      if (print) host.write(1, inspect(result) + "\n");
    },
    loadCommonJs(filename) {
      const exports = loadModule(filename, "cjs", null);
      const names = exports && (typeof exports === "object" || typeof exports === "function") ? Object.keys(exports) : [];
      return JSON.stringify(names.filter((n) => isIdentifier(n) && n !== "default"));
    },
    nextTimer() {
      let next: Timer | undefined;
      for (const timer of timers.values()) {
        if (!timer.ref) continue;
        if (!next || timer.due < next.due || (timer.due === next.due && order.get(timer.id)! < order.get(next.id)!)) next = timer;
      }
      return next ? Math.max(0, next.due - host.now()) : -1;
    },
    runTimers() {
      const now = host.now();
      const due = [...timers.values()].filter((t) => t.due <= now).sort((a, b) => a.due - b.due || order.get(a.id)! - order.get(b.id)!);
      const timer = due[0];
      if (!timer) return;
      if (timer.interval === null) {
        timers.delete(timer.id);
        order.delete(timer.id);
      } else {
        timer.due = now + timer.interval;
        order.set(timer.id, sequence++);
      }
      timer.fn(...timer.args);
    },
    emitExit(code) {
      processObject.emit("exit", code);
    },
    exitCode: () => exitCode ?? 0,
    formatError(error: any) {
      if (error instanceof Error) {
        const stack = userStack(error.stack);
        const extra = Object.keys(error).filter((k) => k !== "stack" && k !== "message");
        const props = extra.length ? ` {\n${extra.map((k) => `  ${k}: ${inspect((error as any)[k])}`).join(",\n")}\n}` : "";
        return `${error.name}: ${error.message}\n${stack}${props}\n`;
      }
      return `Uncaught ${typeof error === "string" ? `'${error}'` : inspect(error, { depth: 2 })}\n`;
    },
    builtinNames() {
      const names: Record<string, string[]> = {};
      for (const [name, value] of Object.entries(builtins))
        names[name] = Object.keys(value as object).filter((k) => isIdentifier(k) && k !== "default");
      return JSON.stringify(names);
    },
  };
  return control;
}
