/* eslint-disable @typescript-eslint/no-explicit-any -- runs inside QuickJS on guest values */
import type { VmControl, VmHost, VmShared } from "./vm-host";

/**
 * The builtin module table, CommonJS require, the globals and the host's control surface.
 * Shipped to QuickJS as source text (see vm-prelude.ts): it may use only `host`, `s` and the VM's
 * own globals.
 */
export function vmModules(host: VmHost, s: VmShared): void {
  const { fs, promises, path, util, EventEmitter, assert, os, readline, timersModule, timersPromises, Buffer, processObject, inspect, call, isIdentifier, format, TextEncoder, TextDecoder, userStack, nextTimer, runTimers, getExitCode } = s;
  const g: any = globalThis;
  const hidden = (target: any, name: string, value: unknown) =>
    Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
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
  // `module.createRequire` lets ES modules (such as notebook cells) use require, as in Node.
  builtins.module = {
    createRequire: (from: unknown) => makeRequire(null, String(from instanceof Object ? (from as { pathname?: string }).pathname : from).replace(/^file:\/\//, "")),
    builtinModules: Object.keys(builtins),
    isBuiltin: (name: string) => Object.prototype.hasOwnProperty.call(builtins, String(name).replace(/^node:/, "")),
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
    const mod: Module = { id: filename, filename, path: dirname, exports: {}, loaded: false, children: [], parent, paths: [] };
    cache[filename] = mod;
    parent?.children.push(mod);
    try {
      if (formatName === "json") {
        const text = call("readText", filename, "utf8");
        try {
          mod.exports = JSON.parse(text);
        } catch (error: any) {
          error.message = `${filename}: ${error.message}`;
          throw error;
        }
      } else {
        const require = makeRequire(mod, filename);
        mod.require = require;
        const wrapper = host.compile(call("readText", filename, "utf8"), filename);
        wrapper.call(mod.exports, mod.exports, require, mod, filename, dirname);
      }
    } catch (error) {
      delete cache[filename];
      throw error;
    }
    mod.loaded = true;
    return mod.exports;
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
      const mod: Module = { id: ".", filename, path: path.dirname(filename), exports: {}, loaded: false, children: [], parent: null, paths: [] };
      mainModule = mod;
      cache[filename] = mod;
      const require = makeRequire(mod, filename);
      mod.require = require;
      const wrapper = host.compile(call("readText", filename, "utf8"), filename);
      wrapper.call(mod.exports, mod.exports, require, mod, filename, path.dirname(filename));
      mod.loaded = true;
    },
    prepareEval(filename) {
      const cwd = processObject.cwd();
      const mod: Module = { id: filename, filename, path: cwd, exports: {}, loaded: false, children: [], parent: null, paths: [] };
      const require = makeRequire(mod, `${cwd}/${filename}`);
      hidden(g, "require", require);
      hidden(g, "module", mod);
      hidden(g, "exports", mod.exports);
      hidden(g, "__filename", filename);
      hidden(g, "__dirname", ".");
    },
    print(value) {
      host.write(1, inspect(value) + "\n");
    },
    loadCommonJs(filename) {
      const exports = loadModule(filename, "cjs", null);
      const names = exports && (typeof exports === "object" || typeof exports === "function") ? Object.keys(exports) : [];
      return JSON.stringify(names.filter((n) => isIdentifier(n) && n !== "default"));
    },
    nextTimer,
    runTimers,
    emitExit(code) {
      processObject.emit("exit", code);
    },
    exitCode: () => getExitCode() ?? 0,
    formatError(error: any) {
      if (error instanceof Error) {
        const stack = userStack(error.stack);
        const extra = Object.keys(error).filter((k) => k !== "stack" && k !== "message" && k !== "name");
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
  Object.assign(s, { control });
}
