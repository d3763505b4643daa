/* eslint-disable @typescript-eslint/no-explicit-any -- runs inside QuickJS on guest values */
import type { VmHost, VmShared } from "./vm-host";

/**
 * process (argv, env, exit, stdio, cwd), EventEmitter and the timers the host drives.
 * Shipped to QuickJS as source text (see vm-prelude.ts): it may use only `host`, `s` and the VM's
 * own globals.
 */
export function vmProcess(host: VmHost, s: VmShared): void {
  const { info, inspect, Buffer, call, toError } = s;
  // ── process ───────────────────────────────────────────────────────────────────────────────
  let cwd = info.cwd;
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
      const target = s.path.resolve(dir);
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

  /** Milliseconds until the next referenced timer is due, or -1. */
  const nextTimer = () => {
    let next: Timer | undefined;
    for (const timer of timers.values()) {
      if (!timer.ref) continue;
      if (!next || timer.due < next.due || (timer.due === next.due && order.get(timer.id)! < order.get(next.id)!)) next = timer;
    }
    return next ? Math.max(0, next.due - host.now()) : -1;
  };
  /** Runs the earliest due timer, one macrotask. */
  const runTimers = () => {
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
  };
  const getExitCode = () => exitCode;
  Object.assign(s, { EventEmitter, stdin, processObject, addTimer, clearTimer, setTimeoutImpl, queueTask, nextTimer, runTimers, getExitCode });
}
