import type { MessagePort } from "node:worker_threads";

/**
 * Messages between the box's main thread and a Python kernel worker. The worker blocks (Atomics)
 * while CPython waits for a file operation or its next job, so the main thread answers on a port
 * the worker reads synchronously (`receiveMessageOnPort`), then wakes it through `signal`.
 */
export type KernelWorkerData = {
  wasm: WebAssembly.Module;
  /** just-bash's vendored CPython: the Emscripten loader and the standard library zip. */
  entry: string;
  stdlib: string;
  signal: SharedArrayBuffer;
  replies: MessagePort;
  /** Largest file the box takes: a write past it fails at once, as the box's other tools do. */
  maxFileBytes: number;
};

export type KernelFsRequest =
  | { op: "lstat" | "readdir" | "readFile" | "readlink" | "rmdir" | "unlink"; path: string }
  | { op: "writeFile"; path: string; data: Uint8Array }
  | { op: "mkdir"; path: string; mode: number }
  | { op: "rename"; from: string; to: string }
  | { op: "symlink"; target: string; path: string }
  | { op: "chmod"; path: string; mode: number };

export type KernelFsReply = { ok: true; value: unknown } | { ok: false; code: string };

export type KernelJob = {
  /** "run": a `python3` command, in a new `__main__`, cleaned up after; "cell": in the notebook's `__main__`. */
  mode: "run" | "cell";
  kind: "code" | "module";
  source: string;
  module: string;
  /** Shown in tracebacks ("<string>", the script's path). */
  filename: string;
  /** `__file__` when running a script. */
  file: string | null;
  path0: string;
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  stdin: string;
};

export type KernelMessage =
  | { type: "ready" }
  | { type: "failed"; message: string }
  | { type: "out"; fd: 1 | 2; bytes: Uint8Array }
  /** `tainted`: the run changed a module loaded before it, so the kernel must not serve another. */
  | { type: "done"; status: number; tainted: boolean }
  | { type: "fs"; request: KernelFsRequest };

export type KernelReply = { type: "job"; job: Uint8Array } | ({ type: "fs" } & KernelFsReply);
