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
  exitCodes,
  SandboxError,
  type ExecResult,
  type Sandbox,
  type SandboxEvent,
  type SandboxLimits,
  type SandboxStatus,
  type ShellSession,
} from "../types";
import type { WebContainerInstance } from "./api-types";
import type { ReleaseOptions } from "./boot";
import { quietEnvironment } from "./exec-environment";
import { createWatchTranslator } from "./file-watch";
import { createRuntimeHealth } from "./runtime-health";
import { createTerminalTextCleaner } from "./terminal-text";
import { watchProjectTree } from "./watch-tree";

const serverReadySchema = z.object({ port: z.number().int().min(1).max(65535), url: z.string().url() });
const portEventSchema = z.object({ port: z.number().int().min(1).max(65535), type: z.enum(["open", "close"]) });
const errorEventSchema = z.object({ message: z.string() });
const previewErrorSchema = z.object({ message: z.string().optional(), pathname: z.string().optional(), port: z.number().optional() });

// After exit, output still in flight is given this long to arrive (a killed process may never close it).
const drainGraceMs = 100;
// How long servers get to close their ports after the sandbox is disposed before the instance is torn down.
const portCloseGraceMs = 1_000;
// How long a killed shell gets to report its exit before we report it for it.
const shellKillGraceMs = 500;
// jsh started with --osc prints this once it takes input (OSC 654, as bolt.diy waits for it);
// keys typed before would be lost. An older jsh without it gets the keys after this long.
const shellReadyMarker = "\x1b]654;interactive\x07";
const shellReadyFallbackMs = 5000;

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
 * terminal stream per process, so exec reports everything as stdout (stderr stays ""). Every call
 * into the runtime has a deadline: one that goes unanswered, or the runtime's `error` event, marks
 * it crashed, and every pending and later call fails saying what to do.
 */
export function wrapBootedWebContainer({
  wc,
  seed,
  limits,
  release,
  bridgeTimeoutMs,
}: {
  wc: WebContainerInstance;
  seed: readonly NormalizedSeedEntry[];
  limits: SandboxLimits;
  release: (options?: ReleaseOptions) => void;
  bridgeTimeoutMs: number;
}): Sandbox {
  let status: SandboxStatus = { state: "ready" };
  const listeners = new Set<(event: SandboxEvent) => void>();
  const running = new Set<AbortController>();
  const shells = new Set<ShellSession>();
  const cleanups: Array<() => void> = [];
  // Ports a server listens on now, from the runtime's port events.
  const openPorts = new Set<number>();

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
  const health = createRuntimeHealth({
    bridgeTimeoutMs,
    onCrash: (message) => {
      if (status.state === "disposed") return;
      status = { state: "crashed", message };
      emit({ type: "status", status });
    },
  });
  const requireOpen = () => {
    if (status.state === "disposed") throw new SandboxError("EUNAVAILABLE", "This sandbox was closed");
    if (health.crashed) throw health.crashed;
  };
  // wc.fs resolves paths against the workdir; "." names the workdir itself.
  const at = (path: string) => path || ".";

  const verbs = createFsVerbs({
    requireOpen,
    fs: {
      readFile: (path) => health.call("reading a file", () => wc.fs.readFile(at(path))),
      writeFile: (path, data) => health.call("writing a file", () => wc.fs.writeFile(at(path), data)),
      readdir: (path) => health.call("listing a folder", () => wc.fs.readdir(at(path), { withFileTypes: true })),
      mkdirp: async (path) => void (await health.call("making a folder", () => wc.fs.mkdir(at(path), { recursive: true }))),
      rm: (path, options) => health.call("removing a file", () => wc.fs.rm(at(path), options)),
      rename: (from, to) => health.call("moving a file", () => wc.fs.rename(at(from), at(to))),
    },
  });

  const known = new Map<string, "file" | "dir">();
  for (const entry of seed) {
    known.set(entry.path, entry.kind);
    for (let dir = parentOf(entry.path); dir !== ""; dir = parentOf(dir)) known.set(dir, "dir");
  }
  const translator = createWatchTranslator({ known, kindOf: verbs.kindOf, list: verbs.readdir, emit, touch: verbs.touch });
  const watcher = watchProjectTree({ wc, onChange: translator.push });
  cleanups.push(() => watcher.close(), () => translator.close());
  cleanups.push(
    wc.on("server-ready", (port, url) => {
      const parsed = serverReadySchema.safeParse({ port, url });
      if (parsed.success) emit({ type: "server-ready", ...parsed.data });
    }),
    wc.on("port", (port, type) => {
      const parsed = portEventSchema.safeParse({ port, type });
      if (!parsed.success) return;
      if (parsed.data.type === "open") return void openPorts.add(parsed.data.port);
      openPorts.delete(parsed.data.port);
      emit({ type: "server-stopped", port: parsed.data.port });
    }),
    // `xdg-open <text>` (index.d.ts OpenListener): what a dev server's --open would show in a browser.
    wc.on("xdg-open", (text) => {
      const parsed = z.string().url().safeParse(typeof text === "string" ? text.trim() : text);
      if (parsed.success) emit({ type: "open-url", url: parsed.data });
    }),
    // "Emitted when an internal error is triggered" (index.d.ts): the runtime cannot be trusted after it.
    wc.on("error", (error) => {
      const parsed = errorEventSchema.safeParse(error);
      health.crash(`The in-browser runtime crashed${parsed.success ? ` (${parsed.data.message})` : ""}`);
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
      return await health.call("starting a process", spawn);
    } catch (error) {
      if (error instanceof SandboxError) throw error;
      throw new SandboxError("ETRANSPORT", `The in-browser runtime could not start a process: ${messageOf(error)}`);
    }
  };

  // The PTY's stdin never ends and jsh lacks printf, so stdin (empty when none is given, or `cat`
  // and npx's prompts would wait for the deadline) goes through a file in a synced-never cache
  // folder, redirected into a nested shell so that every command of the line reads it.
  let stdinFiles = 0;
  const writeStdinFile = async (content: string) => {
    const path = `${stdinFolder}/${Date.now().toString(36)}-${(stdinFiles += 1)}`;
    try {
      await health.call("making a folder", () => wc.fs.mkdir(stdinFolder, { recursive: true }));
      await health.call("writing a file", () => wc.fs.writeFile(path, content));
    } catch (error) {
      if (error instanceof SandboxError) throw error;
      throw new SandboxError("ETRANSPORT", `The in-browser runtime could not take the command's input: ${messageOf(error)}`);
    }
    return { absolutePath: `${wc.workdir}/${path}`, remove: () => health.call("removing a file", () => wc.fs.rm(path, { force: true })).catch(() => {}) };
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
      const stdin = await writeStdinFile(options.stdin ?? "");
      const script = `jsh -c ${quoteShellArg(command)} < ${quoteShellArg(stdin.absolutePath)}`;
      const env = { ...quietEnvironment, ...options.env };
      const child = await spawnOrThrow(() => wc.spawn("jsh", ["-c", script], { cwd: cwd || undefined, env })).catch(async (error: unknown) => {
        await stdin.remove();
        throw error;
      });
      const portsBefore = new Set(openPorts);
      const sink = createOutputSink({ limitBytes: limits.outputBytes, onStdout: options.onStdout });
      const cleaner = createTerminalTextCleaner();
      const pump = pumpOutput(child.output, (chunk) => sink.stdout(cleaner.push(chunk)));
      const disposal = new AbortController();
      running.add(disposal);
      try {
        const exitCode = await health.untilCrash(
          superviseExit({
            exit: child.exit,
            kill: () => child.kill(),
            timeoutMs: options.timeoutMs ?? limits.commandTimeoutMs,
            signal: options.signal ? AbortSignal.any([options.signal, disposal.signal]) : disposal.signal,
          }),
        );
        await Promise.race([pump.done, new Promise((resolve) => setTimeout(resolve, drainGraceMs))]);
        pump.stop();
        sink.stdout(cleaner.flush());
        // kill() is not known to reach a command's children: a server it started may outlive it.
        const left = exitCode === exitCodes.timeout || exitCode === exitCodes.interrupted ? [...openPorts].filter((port) => !portsBefore.has(port)) : [];
        if (left.length) {
          const notice = `The command was stopped, but a server it started still listens on port ${left.join(", ")}: the in-browser runtime does not always stop what a command started. Reload the page to stop it.`;
          // Without a listener for notices it ends the output, so whoever reads the result learns it.
          if (options.onNotice) options.onNotice(notice);
          else sink.stdout(`\n${notice}\n`);
        }
        return { exitCode, ...sink.result(), durationMs: Date.now() - started };
      } finally {
        pump.stop();
        running.delete(disposal);
        void stdin.remove();
      }
    },

    async openShell(size) {
      requireOpen();
      const child = await spawnOrThrow(() => wc.spawn("jsh", ["--osc"], { terminal: size }));
      const output = createTerminalOutput();
      const input = child.input.getWriter();
      let ended = false;
      // Keys wait until jsh says it takes input; the marker may arrive split across chunks.
      let ready = false;
      let early: string[] = [];
      let seen = "";
      const becomeReady = () => {
        if (ready) return;
        ready = true;
        clearTimeout(fallback);
        for (const data of early) if (!ended) input.write(data).catch(() => {});
        early = [];
      };
      const fallback = setTimeout(becomeReady, shellReadyFallbackMs);
      const pump = pumpOutput(child.output, (chunk) => {
        if (!ready) {
          seen = (seen + chunk).slice(-(shellReadyMarker.length + chunk.length));
          if (seen.includes(shellReadyMarker)) becomeReady();
        }
        output.push(chunk);
      });
      let resolveExit!: (code: number) => void;
      const exit = new Promise<number>((resolve) => (resolveExit = resolve)).then((code) => {
        ended = true;
        clearTimeout(fallback);
        shells.delete(session);
        setTimeout(() => pump.stop(), drainGraceMs);
        return code;
      });
      health.untilCrash(child.exit).then(resolveExit, () => resolveExit(1));
      const session: ShellSession = {
        write: (data) => {
          if (ended) return;
          if (ready) input.write(data).catch(() => {});
          else early.push(data);
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
      // A kill may not reach a server's process (FAKE.md: kill and children), and a reused instance
      // would keep serving the old project. A port still open after a grace is that case: only a
      // teardown stops it, and the next sandbox boots a fresh instance.
      const grace = Date.now() + portCloseGraceMs;
      while (openPorts.size > 0 && Date.now() < grace) await new Promise((resolve) => setTimeout(resolve, 50));
      const outlived = openPorts.size > 0;
      for (const cleanup of cleanups) cleanup();
      release({ teardown: outlived });
      emit({ type: "status", status });
      listeners.clear();
    },
  };
  return sandbox;
}
