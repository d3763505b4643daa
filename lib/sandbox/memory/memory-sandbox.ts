import { parentOf } from "@/lib/validation/paths";
import { createCommandCounter } from "../command-count";
import { createOutputSink } from "../exec-output";
import { superviseExit } from "../exec-supervisor";
import { createFsVerbs } from "../fs-verbs";
import { createLineShell } from "../line-shell";
import { requireFolderPath } from "../paths";
import { normalizeSeed, type SeedEntry } from "../seed-files";
import { isSyncExcluded } from "../sync-excludes";
import {
  defaultSandboxLimits,
  SandboxError,
  type ExecOptions,
  type ExecResult,
  type Sandbox,
  type SandboxEvent,
  type SandboxLimits,
  type SandboxStatus,
  type ShellSession,
} from "../types";
import { MemoryFs } from "./memory-fs";
import { runScript } from "./mini-shell/interpreter";

export type MemorySandboxOptions = { files?: readonly SeedEntry[]; limits?: Partial<SandboxLimits> };

/** The memory sandbox, plus handles tests use to play the runtime's part. */
export type MemorySandbox = Sandbox & {
  readonly fs: MemoryFs;
  /** Delivers an event as if the runtime raised it (e.g. server-ready). */
  emit(event: SandboxEvent): void;
};

/** What `pwd` shows for the project root. */
export const memoryRootPath = "/project";

/**
 * A Sandbox held entirely in memory, for tests of code that uses a sandbox (agent tools, the IDE's
 * controllers). `exec` runs the mini shell (echo, printf, cat, ls, exit, sleep, loops, redirects,
 * pipes); there is no node or python.
 */
export function createMemorySandbox({ files = [], limits: overrides }: MemorySandboxOptions = {}): MemorySandbox {
  const limits: SandboxLimits = { ...defaultSandboxLimits, ...overrides };
  const fs = new MemoryFs();
  for (const entry of normalizeSeed({ files, limits })) {
    if (entry.kind === "dir") fs.mkdir(entry.path, { recursive: true });
    else {
      fs.mkdir(parentOf(entry.path), { recursive: true });
      fs.writeFile(entry.path, entry.content);
    }
  }

  let status: SandboxStatus = { state: "ready" };
  const listeners = new Set<(event: SandboxEvent) => void>();
  const running = new Set<AbortController>();
  const shells = new Set<ShellSession>();

  const emit = (event: SandboxEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  };
  const requireOpen = () => {
    if (status.state === "disposed") throw new SandboxError("EUNAVAILABLE", "This sandbox was closed");
  };
  const stopWatching = fs.onChange(({ change, path, kind }) => {
    if (!isSyncExcluded(path)) emit({ type: "file", change, path, kind });
  });

  const verbs = createFsVerbs({
    requireOpen,
    fs: {
      readFile: async (path) => fs.readFile(path),
      writeFile: async (path, data) => fs.writeFile(path, data),
      readdir: async (path) => fs.readdir(path).map((e) => ({ name: e.name, isDirectory: () => e.kind === "dir" })),
      mkdirp: async (path) => fs.mkdir(path, { recursive: true }),
      rm: async (path, options) => fs.rm(path, options),
      rename: async (from, to) => fs.rename(from, to),
      stat: async (path) => fs.stat(path),
    },
  });

  const counted = createCommandCounter(emit);
  async function execNow(command: string, options: ExecOptions): Promise<ExecResult> {
    requireOpen();
    const cwd = requireFolderPath(options.cwd ?? "");
    const kind = fs.kindOf(cwd);
    if (kind !== "dir") throw new SandboxError(kind ? "ENOTDIR" : "ENOENT", `The working folder "${cwd}" does not exist`);
    const started = Date.now();
    const sink = createOutputSink({ limitBytes: limits.outputBytes, onStdout: options.onStdout, onStderr: options.onStderr });
    const controller = new AbortController();
    running.add(controller);
    try {
      const exitCode = await superviseExit({
        exit: runScript(command, {
          fs,
          rootPath: memoryRootPath,
          name: "sh",
          signal: controller.signal,
          cwd,
          env: { HOME: memoryRootPath, PWD: cwd ? `${memoryRootPath}/${cwd}` : memoryRootPath, ...options.env },
          stdin: options.stdin ?? "",
          stdout: sink.stdout,
          stderr: sink.stderr,
        }),
        kill: () => controller.abort(),
        timeoutMs: options.timeoutMs ?? limits.commandTimeoutMs,
        signal: options.signal,
      });
      return { exitCode, ...sink.result(), durationMs: Date.now() - started };
    } finally {
      controller.abort();
      running.delete(controller);
    }
  }

  const sandbox: MemorySandbox = {
    kind: "memory",
    fs,
    emit,
    status: () => status,
    ...verbs,

    exec: (command, options = {}) => counted(() => execNow(command, options)),

    async openShell() {
      requireOpen();
      const shell = createLineShell({ exec: (command, options) => sandbox.exec(command, options), stat: (path) => sandbox.stat(path) });
      shells.add(shell);
      void shell.exit.then(() => shells.delete(shell));
      return shell;
    },

    onEvent(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },

    async dispose() {
      if (status.state === "disposed") return;
      status = { state: "disposed" };
      for (const controller of running) controller.abort();
      for (const shell of shells) shell.kill();
      stopWatching();
      emit({ type: "status", status });
      listeners.clear();
    },
  };
  return sandbox;
}
