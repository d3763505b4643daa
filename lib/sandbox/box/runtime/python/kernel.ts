import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { readFileSync } from "node:fs";
import { MessageChannel, Worker } from "node:worker_threads";
import { limits as appLimits } from "@/lib/validation/limits";
import { FsError, fsErrorCode } from "../fs-error";
import type { ProjectFs } from "../project-fs";
import type { KernelFsReply, KernelFsRequest, KernelJob, KernelMessage, KernelWorkerData } from "./kernel-protocol";

export type KernelRunResult = { status: number; stop?: "timeout" | "aborted" | "crashed"; message?: string; tainted?: boolean };
export type KernelRun = {
  job: KernelJob;
  deadline: number;
  signal?: AbortSignal;
  /** Output as the program writes it; absent while replaying a notebook's earlier cells (kept quiet). */
  output?: (fd: 1 | 2, bytes: Uint8Array) => void;
};

const justBashRoot = join(dirname(createRequire(import.meta.url).resolve("just-bash")), "..", "..");
const cpython = join(justBashRoot, "vendor", "cpython-emscripten");
let compiled: Promise<WebAssembly.Module> | undefined;

/** CPython's WebAssembly, compiled once per box and shared by every kernel (a worker instantiates it). */
function compiledPython(): Promise<WebAssembly.Module> {
  compiled ??= WebAssembly.compile(readFileSync(join(cpython, "python.wasm")));
  return compiled;
}

function answer(fs: ProjectFs, request: KernelFsRequest): unknown {
  switch (request.op) {
    case "lstat": {
      const stat = fs.statSync(request.path, false);
      return { mode: stat.mode, size: stat.size, mtimeMs: stat.mtime.getTime() };
    }
    case "readdir":
      return fs.readdirSync(request.path).map(({ name }) => name);
    case "readFile":
      return fs.readBytesSync(request.path);
    case "readlink":
      return fs.readlinkSync(request.path);
    case "writeFile":
      return fs.writeBytesSync(request.path, request.data, { createParents: false });
    case "mkdir":
      return fs.mkdirSync(request.path);
    case "rmdir":
    case "unlink": {
      const isDir = fs.statSync(request.path, false).isDirectory;
      if (isDir !== (request.op === "rmdir")) throw new FsError(isDir ? "EISDIR" : "ENOTDIR", request.op, request.path);
      return fs.rmSync(request.path);
    }
    case "rename":
      return fs.renameSync(request.from, request.to);
    case "symlink":
      return fs.symlinkSync(request.target, request.path);
    case "chmod":
      return fs.chmodSync(request.path, request.mode);
  }
}

/**
 * One CPython interpreter in a worker thread, started ahead of use (see kernel-worker.ts). Jobs run
 * one at a time in the kernel's namespace; a deadline or an abort terminates the worker, and with
 * it everything the kernel held.
 */
export class PythonKernel {
  private readonly worker: Worker;
  private readonly signal = new SharedArrayBuffer(4);
  private readonly replies: MessageChannel;
  private current?: { run: KernelRun; finish: (result: KernelRunResult) => void };
  private failure?: string;
  private queue: Promise<unknown> = Promise.resolve();
  readonly ready: Promise<void>;
  alive = true;
  usedAt = Date.now();

  get busy(): boolean {
    return this.current !== undefined;
  }

  private constructor(
    private readonly fs: ProjectFs,
    wasm: WebAssembly.Module,
    script: URL,
  ) {
    this.replies = new MessageChannel();
    const data: KernelWorkerData = { wasm, entry: join(cpython, "python.cjs"), stdlib: join(cpython, "python313.zip"), signal: this.signal, replies: this.replies.port2, maxFileBytes: appLimits.fileMaxBytes };
    this.worker = new Worker(script, { workerData: data, transferList: [this.replies.port2] });
    this.worker.unref();
    let ready: () => void = () => undefined;
    this.ready = new Promise((resolve) => (ready = resolve));
    this.worker.on("message", (message: KernelMessage) => {
      if (message.type === "ready") ready();
      else this.receive(message);
    });
    const gone = (why: string) => {
      this.alive = false;
      this.failure ??= why;
      ready();
      this.current?.finish({ status: 1, stop: "crashed", message: this.failure });
    };
    this.worker.on("error", (error) => gone(error.message));
    this.worker.on("exit", () => gone("the Python interpreter stopped"));
  }

  static async start(fs: ProjectFs): Promise<PythonKernel> {
    return new PythonKernel(fs, await compiledPython(), new URL("./python-kernel.mjs", import.meta.url));
  }

  private reply(message: object) {
    this.replies.port1.postMessage(message);
    const flag = new Int32Array(this.signal);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  }

  private receive(message: Exclude<KernelMessage, { type: "ready" }>) {
    switch (message.type) {
      case "fs": {
        let reply: KernelFsReply;
        try {
          reply = { ok: true, value: answer(this.fs, message.request) ?? null };
        } catch (error) {
          reply = { ok: false, code: fsErrorCode(error) ?? "EIO" };
        }
        return this.reply({ type: "fs", ...reply });
      }
      case "out":
        return this.current?.run.output?.(message.fd, message.bytes);
      case "done":
        return this.current?.finish({ status: message.status & 0xff, tainted: message.tainted });
      case "failed":
        this.failure = `Python could not start: ${message.message}`;
        return void this.worker.terminate();
    }
  }

  /**
   * Runs one job, after those already queued (two turns of one session may run cells at once);
   * resolves when it ends, is stopped (the kernel is then gone) or the kernel dies.
   */
  run(run: KernelRun): Promise<KernelRunResult> {
    const result = this.queue.then(() => this.runNow(run));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async runNow(run: KernelRun): Promise<KernelRunResult> {
    await this.ready;
    if (!this.alive) return { status: 1, stop: "crashed", message: this.failure };
    this.usedAt = Date.now();
    return new Promise<KernelRunResult>((resolve) => {
      const stop = (why: "timeout" | "aborted") => {
        finish({ status: why === "timeout" ? 124 : 130, stop: why });
        this.dispose();
      };
      const onAbort = () => stop("aborted");
      const timer = setTimeout(() => stop("timeout"), Math.max(0, run.deadline - Date.now()));
      const finish = (result: KernelRunResult) => {
        if (this.current?.run !== run) return;
        this.current = undefined;
        clearTimeout(timer);
        run.signal?.removeEventListener("abort", onAbort);
        this.usedAt = Date.now();
        resolve(result);
      };
      this.current = { run, finish };
      if (run.signal?.aborted) return stop("aborted");
      run.signal?.addEventListener("abort", onAbort, { once: true });
      this.reply({ type: "job", job: new TextEncoder().encode(JSON.stringify(run.job)) });
    });
  }

  dispose() {
    this.alive = false;
    void this.worker.terminate();
  }
}
