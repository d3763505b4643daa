/* eslint-disable @typescript-eslint/no-explicit-any -- runs inside QuickJS on guest values */
import type { VmHost, VmShared } from "./vm-host";

/**
 * util, assert, os, readline and timers as modules.
 * Shipped to QuickJS as source text (see vm-prelude.ts): it may use only `host`, `s` and the VM's
 * own globals.
 */
export function vmCoreModules(host: VmHost, s: VmShared): void {
  const { info, inspect, format, TextEncoder, TextDecoder, EventEmitter, stdin, Buffer, setTimeoutImpl, addTimer, clearTimer } = s;
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
  Object.assign(s, { util, assert, os, readline, timersModule, timersPromises });
}
