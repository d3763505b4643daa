import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from "quickjs-emscripten-core";
import { exitIfOrphaned } from "../parent-watch";
import type { ProjectFs } from "../project-fs";
import { createFsBridge } from "./fs-bridge";
import { ModuleResolver } from "./module-resolution";
import { createQuickJs } from "./quickjs-engine";
import { preludeSource } from "./vm-prelude";

export type NodeEntry =
  | { kind: "file"; path: string }
  | { kind: "eval"; code: string; print: boolean; module: boolean };

export type NodeRun = {
  fs: ProjectFs;
  entry: NodeEntry;
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  stdin: string;
  /** Date.now() after which the program is interrupted. */
  deadline: number;
  signal?: AbortSignal;
  memoryBytes: number;
  outputBytes: number;
  /** Output goes here as the program runs (flushed between macrotasks) instead of into the result. */
  stream?: (stream: "stdout" | "stderr", bytes: Uint8Array) => void;
};

export type NodeRunResult = { exitCode: number; stdout: string; stderr: string; stop?: "timeout" | "aborted" };

type Output = ReturnType<typeof createOutput>;
/** What the host functions of a context act for: the run in progress (a notebook's changes per cell). */
type Live = { run: NodeRun; output: Output; requestExit: (code: number) => void; exiting: boolean };
type Engine = { runtime: QuickJSRuntime; ctx: QuickJSContext; control: QuickJSHandle; resolver: ModuleResolver; live: Live; cells: number };

/**
 * A notebook's JavaScript context, kept by its owner between runs: names a cell defines on
 * globalThis are there in the next. Emptied when a run ends the context (`process.exit()`, a
 * deadline, an abort, an engine failure), so the next run starts a new one.
 */
export type NodeNotebook = { engine?: Engine };

export const nodeVersion = "v20.20.2";
const reservedWords = new Set(
  "await break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof interface let new null package private protected public return static super switch this throw true try typeof var void while with yield".split(" "),
);
const maxStackBytes = 256 * 1024;
const missingPrefix = "box:missing:";
const byteLength = (text: string) => Buffer.byteLength(text, "utf8");

/**
 * The program's output, dropped past the budget (the exec's own cap adds the marker): kept for the
 * shell, or with `stream` handed on at each flush.
 */
function createOutput(limitBytes: number, stream?: NodeRun["stream"]) {
  const chunks: Record<1 | 2, string[]> = { 1: [], 2: [] };
  let used = 0;
  const flush = () => {
    if (!stream) return;
    for (const fd of [1, 2] as const) {
      if (chunks[fd].length === 0) continue;
      stream(fd === 1 ? "stdout" : "stderr", Buffer.from(chunks[fd].join("")));
      chunks[fd] = [];
    }
  };
  return {
    write(fd: 1 | 2, text: string) {
      if (used >= limitBytes) return;
      const size = byteLength(text);
      chunks[fd].push(size + used > limitBytes ? Buffer.from(text).subarray(0, limitBytes - used).toString() : text);
      used += size;
      if (stream && chunks[fd].length > 1000) flush();
    },
    flush,
    text: (fd: 1 | 2) => (stream ? "" : chunks[fd].join("")),
  };
}

async function createEngine(run: NodeRun, live: Live): Promise<Engine> {
  const quickjs = await createQuickJs({ memoryBytes: run.memoryBytes });
  const runtime = quickjs.newRuntime();
  runtime.setMaxStackSize(maxStackBytes);
  runtime.setMemoryLimit(Math.max(8 * 1024 * 1024, run.memoryBytes - 16 * 1024 * 1024));
  const ctx = runtime.newContext();
  const resolver = new ModuleResolver(run.fs);
  const bridge = createFsBridge({ fs: run.fs, resolver });
  const host = createHost(ctx, live, bridge);
  const prelude = ctx.unwrapResult(ctx.evalCode(preludeSource, "node:internal/prelude"));
  const control = ctx.unwrapResult(ctx.callFunction(prelude, ctx.undefined, host, ctx.newString(JSON.stringify(infoFor(run)))));
  prelude.dispose();
  host.dispose();
  return { runtime, ctx, control, resolver, live, cells: 0 };
}

/**
 * Runs one `node` program in a fresh QuickJS instance: CommonJS and ES modules from the box's
 * filesystem, timers driven here between macrotasks, and hard stops for the deadline, an abort,
 * `process.exit()`, memory (capped WebAssembly memory) and stack depth. With `notebook`, the
 * program runs in the notebook's context instead (made on its first run), which outlives it.
 */
export async function runNode(run: NodeRun, notebook?: NodeNotebook): Promise<NodeRunResult> {
  // A little past the limit, so the exec's own cap sees the overflow and marks the output truncated.
  const output = createOutput(run.outputBytes + 1024, run.stream);
  let exitRequested: number | null = null;
  let stop: NodeRunResult["stop"];
  let healthy = false;
  const checkStop = () => {
    exitIfOrphaned();
    if (stop || exitRequested !== null) return true;
    if (run.signal?.aborted) stop = "aborted";
    else if (Date.now() > run.deadline) stop = "timeout";
    return stop !== undefined;
  };
  const live: Live = {
    run,
    output,
    requestExit: (code) => {
      exitRequested ??= code;
    },
    exiting: false,
  };

  let builtinNames: Record<string, string[]> | undefined;
  let engine = notebook?.engine;
  if (notebook) notebook.engine = undefined;

  const finish = (exitCode: number): NodeRunResult => {
    output.flush();
    if (notebook && healthy && exitRequested === null && !stop) notebook.engine = engine;
    return { exitCode: stop === "timeout" ? 124 : stop === "aborted" ? 130 : exitCode, stdout: output.text(1), stderr: output.text(2), stop };
  };

  try {
    if (engine) Object.assign(engine.live, live);
    else engine = await createEngine(run, live);
    const { runtime, ctx, control, resolver } = engine;
    runtime.setInterruptHandler(checkStop);
    engine.cells += 1;

    const callControl = (name: string, ...args: QuickJSHandle[]) => {
      const method = ctx.getProp(control, name);
      const result = ctx.callFunction(method, control, ...args);
      method.dispose();
      for (const arg of args) arg.dispose();
      return result;
    };
    const controlString = (name: string, ...args: QuickJSHandle[]) => {
      const result = ctx.unwrapResult(callControl(name, ...args));
      const text = ctx.getString(result);
      result.dispose();
      return text;
    };

    // Builtins and CommonJS files are imported through a small generated module re-exporting them.
    const reexport = (source: string, names: string[]) => {
      const bindings = names.filter((n) => !reservedWords.has(n));
      return `const m = ${source};\nexport default m;\n${bindings.length ? `export const { ${bindings.join(", ")} } = m;` : ""}`;
    };
    const loadModule = (name: string): string => {
      if (name.startsWith(missingPrefix)) {
        const message = name.slice(missingPrefix.length);
        return `throw Object.assign(new Error(${JSON.stringify(message)}), { code: "ERR_MODULE_NOT_FOUND" });`;
      }
      if (name.startsWith("node:")) {
        builtinNames ??= JSON.parse(controlString("builtinNames")) as Record<string, string[]>;
        return reexport(`globalThis.__boxBuiltin(${JSON.stringify(name)})`, builtinNames[name.slice(5)] ?? []);
      }
      const format = resolver.formatOf(name);
      const source = stripShebang(Buffer.from(run.fs.readBytesSync(name)).toString("utf8"));
      // The loader's answer reaches QuickJS as a C string, cut at a raw U+0000; as an escape it means
      // the same in a string, template or regular expression literal (only String.raw sees the difference).
      if (format === "esm") return source.replaceAll("\0", "\\u0000");
      if (format === "json") return `export default ${source};`;
      const names = JSON.parse(controlString("loadCommonJs", ctx.newString(name))) as string[];
      return reexport(`globalThis.__boxRequire(${JSON.stringify(name)})`, names);
    };
    runtime.setModuleLoader(
      (name) => {
        try {
          return loadModule(name);
        } catch (error) {
          const cause = (error as { cause?: { message?: string } }).cause;
          return { error: new Error(cause?.message ?? (error as Error).message) };
        }
      },
      (base, requested) => {
        const from = base.startsWith("/") ? base : `${run.cwd}/${base}`;
        try {
          const resolved = resolver.resolve(requested, from);
          return "builtin" in resolved ? `node:${resolved.builtin}` : resolved.path;
        } catch {
          // A failed normalization does not reach the importer intact, so the failure is a module
          // that throws when it is evaluated.
          return `${missingPrefix}Cannot find module '${requested}' imported from ${from}`;
        }
      },
    );

    let failure: QuickJSHandle | undefined;
    let modulePromise: QuickJSHandle | undefined;
    const entry = run.entry;
    if (entry.kind === "file" && resolver.formatOf(entry.path) === "esm") {
      const source = stripShebang(Buffer.from(run.fs.readBytesSync(entry.path)).toString("utf8"));
      const result = ctx.evalCode(source, entry.path, { type: "module" });
      if (result.error) failure = result.error;
      else modulePromise = result.value;
    } else if (entry.kind === "file") {
      const result = callControl("runMain", ctx.newString(entry.path));
      if (result.error) failure = result.error;
      else result.value.dispose();
    } else if (entry.module) {
      // A notebook's cells are modules of one context: each needs a name of its own.
      const result = ctx.evalCode(entry.code, `${run.cwd}/[eval${engine.cells}]`, { type: "module" });
      if (result.error) failure = result.error;
      else modulePromise = result.value;
    } else {
      const prepared = callControl("prepareEval", ctx.newString("[eval]"));
      if (prepared.error) failure = prepared.error;
      else {
        prepared.value.dispose();
        // Evaluated from here, not with the VM's eval, so it has a file name (import() needs one).
        const result = ctx.evalCode(entry.code, `${run.cwd}/[eval]`);
        if (result.error) failure = result.error;
        else if (entry.print) {
          const printed = callControl("print", result.value);
          if (printed.error) failure = printed.error;
          else printed.value.dispose();
        } else result.value.dispose();
      }
    }

    // The event loop: microtasks, then the earliest due timer, until nothing is pending.
    let lastYield = Date.now();
    while (!failure && !checkStop()) {
      output.flush();
      const jobs = runtime.executePendingJobs();
      if (jobs.error) {
        failure = jobs.error;
        break;
      }
      if (modulePromise) {
        const state = ctx.getPromiseState(modulePromise);
        if (state.type === "rejected") {
          failure = state.error;
          break;
        }
        if (state.type === "fulfilled") {
          // A module without top-level await may hand back its namespace rather than a promise.
          if (!state.notAPromise) state.value.dispose();
          modulePromise.dispose();
          modulePromise = undefined;
        }
      }
      if (checkStop()) break;
      const next = ctx.unwrapResult(callControl("nextTimer"));
      const delay = ctx.getNumber(next);
      next.dispose();
      if (delay < 0 && !runtime.hasPendingJob()) break;
      // Yield to the box's event loop now and then, so an abort from the host gets through.
      if (delay > 0 || Date.now() - lastYield > 50) {
        await sleep(Math.min(Math.max(delay, 0), run.deadline - Date.now() + 1), run.signal);
        lastYield = Date.now();
      }
      if (checkStop()) break;
      const ran = callControl("runTimers");
      if (ran.error) failure = ran.error;
      else ran.value.dispose();
    }

    if (exitRequested !== null) return finish(exitRequested);
    if (stop) return finish(1);
    if (failure) {
      // Formatting runs guest code (a getter on the error, say), so it stays under the deadline.
      const formatted = callControl("formatError", failure);
      if (formatted.error) {
        output.write(2, "Uncaught exception (could not be printed)\n");
        formatted.error.dispose();
      } else {
        // A static import of a missing module fails at link time, naming our placeholder module.
        const text = (JSON.parse(ctx.getString(formatted.value)) as string).replace(
          /^SyntaxError: Could not find export '[^']*' in module 'box:missing:(.*)'$/m,
          "Error [ERR_MODULE_NOT_FOUND]: $1",
        );
        output.write(2, text);
        formatted.value.dispose();
      }
      // A notebook's process goes on after a failed cell, as a REPL's does.
      if (notebook) healthy = true;
      else if (!checkStop()) {
        const exited = callControl("emitExit", ctx.newNumber(1));
        (exited.error ?? exited.value).dispose();
      }
      return finish(exitRequested ?? 1);
    }
    const code = ctx.unwrapResult(callControl("exitCode"));
    const exitCode = ctx.getNumber(code);
    code.dispose();
    if (notebook) {
      healthy = true;
      return finish(exitCode);
    }
    const exited = callControl("emitExit", ctx.newNumber(exitCode));
    if (exited.error) {
      output.write(2, "Uncaught exception in an 'exit' listener\n");
      return finish(exitRequested ?? 1);
    }
    exited.value.dispose();
    return finish(exitRequested ?? exitCode);
  } catch (error) {
    // The engine itself failed (an assertion inside QuickJS, memory it could not grow): the run is
    // lost but the box is not.
    if (checkStop()) return finish(exitRequested ?? 1);
    const message = error instanceof Error ? error.message : String(error);
    output.write(2, `node: the JavaScript engine stopped: ${message.split("\n")[0]}\n`);
    return finish(134);
  }
}

function createHost(ctx: QuickJSContext, live: Live, bridge: ReturnType<typeof createFsBridge>): QuickJSHandle {
  const host = ctx.newObject();
  const define = (name: string, fn: (...args: QuickJSHandle[]) => QuickJSHandle | { error: QuickJSHandle } | void) => {
    const handle = ctx.newFunction(name, fn);
    ctx.setProp(host, name, handle);
    handle.dispose();
  };
  const errorString = (error: unknown) => ctx.newString(JSON.stringify(bridge.toVmError(error)));
  // Strings from the guest arrive as JSON text (see vm-prelude.ts), which holds no U+0000.
  const textOf = (handle: QuickJSHandle) => {
    const value: unknown = JSON.parse(ctx.getString(handle));
    if (typeof value !== "string") throw new TypeError("the box expected a string from the program");
    return value;
  };
  const bytesOf = (handle: QuickJSHandle) => {
    const lifetime = ctx.getArrayBuffer(handle);
    const copy = new Uint8Array(lifetime.value);
    lifetime.dispose();
    return copy;
  };

  define("write", (fd, text) => {
    if (live.exiting) return;
    live.output.write(ctx.getNumber(fd) === 2 ? 2 : 1, textOf(text));
  });
  define("call", (op, args) => {
    if (live.exiting) return ctx.newString('{"e":{"code":"EINTR","message":"the process is exiting"}}');
    return ctx.newString(bridge.call(ctx.getString(op), ctx.getString(args)));
  });
  define("readBinary", (path) => {
    try {
      const data = live.run.fs.readBytesSync(textOf(path));
      return ctx.newArrayBuffer(data.slice().buffer);
    } catch (error) {
      return errorString(error);
    }
  });
  define("writeBinary", (path, data, append) => {
    if (live.exiting) return ctx.newString("");
    try {
      live.run.fs.writeBytesSync(textOf(path), bytesOf(data), { append: ctx.dump(append) === true, createParents: false });
      return ctx.newString("");
    } catch (error) {
      return errorString(error);
    }
  });
  define("encode", (text, encoding) =>
    ctx.newArrayBuffer(new Uint8Array(Buffer.from(textOf(text), ctx.getString(encoding) as BufferEncoding)).buffer),
  );
  define("decode", (data, encoding) =>
    ctx.newString(JSON.stringify(Buffer.from(bytesOf(data)).toString(ctx.getString(encoding) as BufferEncoding))),
  );
  define("compile", (source, filename) => {
    const wrapped = `(function (exports, require, module, __filename, __dirname) {${stripShebang(textOf(source))}\n})`;
    const result = ctx.evalCode(wrapped, textOf(filename));
    return result.error ? { error: result.error } : result.value;
  });
  define("exit", (code) => {
    live.exiting = true;
    live.requestExit(ctx.getNumber(code) & 0xff);
    return { error: ctx.newError("process.exit") };
  });
  define("now", () => ctx.newNumber(performance.now()));
  return host;
}

function infoFor(run: NodeRun) {
  const script = run.entry.kind === "file" ? [run.entry.path] : [];
  return { argv: ["/usr/bin/node", ...script, ...run.argv], env: run.env, cwd: run.cwd, stdin: run.stdin, version: nodeVersion };
}

function stripShebang(source: string) {
  return source.startsWith("#!") ? "//" + source.slice(2) : source;
}

function sleep(ms: number, signal?: AbortSignal) {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}
