import { z } from "zod";
import { parentOf } from "@/lib/validation/paths";
import { createOutputSink } from "../exec-output";
import { superviseExit } from "../exec-supervisor";
import { createFsVerbs } from "../fs-verbs";
import { requireFolderPath } from "../paths";
import type { NormalizedSeedEntry } from "../seed-files";
import { quoteShellArg } from "../shell-quote";
import { createTerminalOutput } from "../terminal-output";
import {
  SandboxError,
  type ExecResult,
  type Sandbox,
  type SandboxEvent,
  type SandboxLimits,
  type SandboxStatus,
  type ShellSession,
} from "../types";
import type { WebContainerInstance } from "./api-types";
import { createWatchTranslator } from "./file-watch";
import { createTerminalTextCleaner } from "./terminal-text";

const serverReadySchema = z.object({ port: z.number().int().min(1).max(65535), url: z.string().url() });
const errorEventSchema = z.object({ message: z.string() });
const previewErrorSchema = z.object({ message: z.string().optional(), pathname: z.string().optional(), port: z.number().optional() });

// After exit, output still in flight is given this long to arrive (a killed process may never close it).
const drainGraceMs = 100;
// How long a killed shell gets to report its exit before we report it for it.
const shellKillGraceMs = 500;

// Under .cache, which isSyncExcluded leaves out of events and snapshots.
const stdinFolder = ".cache/sandbox-stdin";

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function pumpOutput(stream: ReadableStream<string>, onChunk: (chunk: string) => void) {
  const reader = stream.getReader();
  let stopped = false;
  const done = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || stopped) return;
      onChunk(value);
    }
  })().catch(() => {});
  return {
    done,
    stop() {
      stopped = true;
      reader.cancel().catch(() => {});
    },
  };
}

/**
 * A Sandbox over a booted, mounted WebContainer. Thin on purpose: file verbs go to `wc.fs` through the
 * shared semantics, exec is `jsh -c` under a deadline, shells are jsh on a PTY. The runtime has one
 * terminal stream per process, so exec reports everything as stdout (stderr stays "").
 */
export function wrapBootedWebContainer({
  wc,
  seed,
  limits,
  release,
}: {
  wc: WebContainerInstance;
  seed: readonly NormalizedSeedEntry[];
  limits: SandboxLimits;
  release: () => void;
}): Sandbox {
  let status: SandboxStatus = { state: "ready" };
  const listeners = new Set<(event: SandboxEvent) => void>();
  const running = new Set<AbortController>();
  const shells = new Set<ShellSession>();
  const cleanups: Array<() => void> = [];

  const emit = (event: SandboxEvent) => {
    if (status.state === "disposed" && event.type !== "status") return;
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
  // wc.fs resolves paths against the workdir; "." names the workdir itself.
  const at = (path: string) => path || ".";

  const verbs = createFsVerbs({
    requireOpen,
    fs: {
      readFile: (path) => wc.fs.readFile(at(path)),
      writeFile: (path, data) => wc.fs.writeFile(at(path), data),
      readdir: (path) => wc.fs.readdir(at(path), { withFileTypes: true }),
      mkdirp: async (path) => void (await wc.fs.mkdir(at(path), { recursive: true })),
      rm: (path, options) => wc.fs.rm(at(path), options),
      rename: (from, to) => wc.fs.rename(at(from), at(to)),
    },
  });

  const known = new Map<string, "file" | "dir">();
  for (const entry of seed) {
    known.set(entry.path, entry.kind);
    for (let dir = parentOf(entry.path); dir !== ""; dir = parentOf(dir)) known.set(dir, "dir");
  }
  const onWatch = createWatchTranslator({ workdir: wc.workdir, known, kindOf: verbs.kindOf, emit, touch: verbs.touch });
  const watcher = wc.fs.watch(".", { recursive: true }, onWatch);
  cleanups.push(() => watcher.close());
  cleanups.push(
    wc.on("server-ready", (port, url) => {
      const parsed = serverReadySchema.safeParse({ port, url });
      if (parsed.success) emit({ type: "server-ready", ...parsed.data });
    }),
    wc.on("error", (error) => {
      const parsed = errorEventSchema.safeParse(error);
      emit({ type: "server-error", message: parsed.success ? parsed.data.message : "The in-browser runtime reported an error" });
    }),
    wc.on("preview-message", (message) => {
      const parsed = previewErrorSchema.safeParse(message);
      if (!parsed.success || !parsed.data.message) return;
      const where = parsed.data.port ? ` (port ${parsed.data.port}${parsed.data.pathname ?? ""})` : "";
      emit({ type: "server-error", message: `${parsed.data.message}${where}` });
    }),
  );

  const spawnOrThrow = async (spawn: () => ReturnType<WebContainerInstance["spawn"]>) => {
    try {
      return await spawn();
    } catch (error) {
      throw new SandboxError("ETRANSPORT", `The in-browser runtime could not start a process: ${messageOf(error)}`);
    }
  };

  // The PTY has no end-of-input and jsh lacks printf, so stdin goes through a file in a synced-never
  // cache folder, redirected into a nested shell so that every command of the line can read it.
  let stdinFiles = 0;
  const writeStdinFile = async (content: string) => {
    const path = `${stdinFolder}/${Date.now().toString(36)}-${(stdinFiles += 1)}`;
    try {
      await wc.fs.mkdir(stdinFolder, { recursive: true });
      await wc.fs.writeFile(path, content);
    } catch (error) {
      throw new SandboxError("ETRANSPORT", `The in-browser runtime could not take the command's input: ${messageOf(error)}`);
    }
    return { absolutePath: `${wc.workdir}/${path}`, remove: () => wc.fs.rm(path, { force: true }).catch(() => {}) };
  };

  const sandbox: Sandbox = {
    kind: "webcontainer",
    status: () => status,
    ...verbs,

    async exec(command, options = {}): Promise<ExecResult> {
      requireOpen();
      const cwd = requireFolderPath(options.cwd ?? "");
      const kind = await verbs.kindOf(cwd);
      if (kind !== "dir") throw new SandboxError(kind ? "ENOTDIR" : "ENOENT", `The working folder "${cwd}" does not exist`);
      const started = Date.now();
      const stdin = options.stdin === undefined ? null : await writeStdinFile(options.stdin);
      const script = stdin ? `jsh -c ${quoteShellArg(command)} < ${quoteShellArg(stdin.absolutePath)}` : command;
      const child = await spawnOrThrow(() => wc.spawn("jsh", ["-c", script], { cwd: cwd || undefined, env: options.env })).catch(
        async (error: unknown) => {
          await stdin?.remove();
          throw error;
        },
      );
      const sink = createOutputSink({ limitBytes: limits.outputBytes, onStdout: options.onStdout });
      const cleaner = createTerminalTextCleaner();
      const pump = pumpOutput(child.output, (chunk) => sink.stdout(cleaner.push(chunk)));
      const disposal = new AbortController();
      running.add(disposal);
      try {
        const exitCode = await superviseExit({
          exit: child.exit,
          kill: () => child.kill(),
          timeoutMs: options.timeoutMs ?? limits.commandTimeoutMs,
          signal: options.signal ? AbortSignal.any([options.signal, disposal.signal]) : disposal.signal,
        });
        await Promise.race([pump.done, new Promise((resolve) => setTimeout(resolve, drainGraceMs))]);
        pump.stop();
        sink.stdout(cleaner.flush());
        return { exitCode, ...sink.result(), durationMs: Date.now() - started };
      } finally {
        pump.stop();
        running.delete(disposal);
        await stdin?.remove();
      }
    },

    async openShell(size) {
      requireOpen();
      const child = await spawnOrThrow(() => wc.spawn("jsh", { terminal: size }));
      const output = createTerminalOutput();
      const pump = pumpOutput(child.output, output.push);
      const input = child.input.getWriter();
      let ended = false;
      let resolveExit!: (code: number) => void;
      const exit = new Promise<number>((resolve) => (resolveExit = resolve)).then((code) => {
        ended = true;
        shells.delete(session);
        setTimeout(() => pump.stop(), drainGraceMs);
        return code;
      });
      child.exit.then(resolveExit, () => resolveExit(1));
      const session: ShellSession = {
        write: (data) => {
          if (!ended) input.write(data).catch(() => {});
        },
        resize: (next) => {
          if (!ended) child.resize(next);
        },
        onData: (listener) => output.onData(listener),
        exit,
        kill: () => {
          if (ended) return;
          child.kill();
          setTimeout(() => resolveExit(130), shellKillGraceMs);
        },
      };
      shells.add(session);
      return session;
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
      for (const cleanup of cleanups) cleanup();
      release();
      emit({ type: "status", status });
      listeners.clear();
    },
  };
  return sandbox;
}
