import "server-only";
import { createOutputSink, outputTruncatedMarker } from "../../exec-output";
import { createFsVerbs, type NodeStyleFs } from "../../fs-verbs";
import { createLineShell, newShellSessionId } from "../../line-shell";
import { requireFolderPath } from "../../paths";
import { normalizeSeed, type SeedEntry } from "../../seed-files";
import {
  defaultSandboxLimits,
  exitCodes,
  SandboxError,
  type ExecOptions,
  type ExecResult,
  type Sandbox,
  type SandboxEvent,
  type SandboxLimits,
  type SandboxStatus,
  type ShellSession,
} from "../../types";
import { boxLimitsSchema, type BoxEntry } from "../protocol";
import { defaultBoxLauncher, type BoxLauncher } from "./box-launcher";
import { BoxExitError, BoxProcess, type BoxExit, type BoxExitReason } from "./box-process";
import { FileMirror, type BoxFileChange } from "./file-mirror";
import { findRuntimeFiles } from "./runtime-files";

export type BoxSeed = readonly SeedEntry[] | ReadonlyMap<string, Uint8Array | string>;

export type BoxSandboxOptions = {
  files?: BoxSeed;
  limits?: Partial<SandboxLimits>;
  /**
   * Memory the box process may use beyond `limits.memoryBytes` before the watchdog kills it: Node,
   * just-bash and CPython's own footprint (CPython's heap is capped at 512 MB by its build).
   * Default 320 MB.
   */
  processOverheadBytes?: number;
  /** A terminal line's deadline (Ctrl+C stops it sooner). Default BOX_TERMINAL_TIMEOUT_MS, else 10 min. */
  shellTimeoutMs?: number;
  /** How long past a deadline or an abort the box may take to stop a command before it is killed. Default 1 s. */
  killGraceMs?: number;
  /** Repository root, whose node_modules/.cache/box holds the built runtime (default process.cwd()). */
  runtimeRoot?: string;
  /** Starts the box's processes (default: one shared launcher that keeps a warm spare). */
  launcher?: BoxLauncher;
  log?: (line: string) => void;
};

/** The offline box as a Sandbox, plus what its owner needs to save its work. */
export type BoxSandbox = Sandbox & {
  /** What changed since the last call (commands and file verbs alike), to save as a snapshot. */
  takeChanges(): BoxFileChange[];
  /** Names written since the last call that the project refuses, so they are reported, not lost. */
  takeUnsaved(): string[];
  /** True while a command runs (the pool does not evict a busy box). */
  readonly busy: boolean;
  /** Date.now() of the last verb or command. */
  readonly lastActivityAt: number;
  /** The box process's id while one runs (for monitoring). */
  readonly processId: number | undefined;
};

const exitCodeByReason: Record<BoxExitReason, number> = {
  deadline: exitCodes.timeout,
  aborted: exitCodes.interrupted,
  memory: 137,
  protocol: 137,
  crashed: 137,
  start: 137,
  disposed: 137,
};

const encoder = new TextEncoder();
const defaultShellTimeoutMs = 10 * 60_000;

/** BOX_TERMINAL_TIMEOUT_MS when it is a positive number of milliseconds (at most the box's 30 min). */
function shellTimeoutFromEnv(): number {
  const value = Number(process.env.BOX_TERMINAL_TIMEOUT_MS);
  return Number.isFinite(value) && value > 0 ? Math.min(value, 30 * 60_000) : defaultShellTimeoutMs;
}

function seedEntries(files: BoxSeed | undefined, limits: SandboxLimits): BoxEntry[] {
  const list: SeedEntry[] =
    files instanceof Map ? [...files].map(([path, content]) => ({ path, kind: "file" as const, content })) : [...((files as readonly SeedEntry[]) ?? [])];
  return normalizeSeed({ files: list, limits }).map((entry) =>
    entry.kind === "dir" ? { kind: "dir", path: entry.path } : { kind: "file", path: entry.path, data: entry.content },
  );
}

/**
 * Starts an offline box for one session: a child process holding the project in memory and
 * running bash, node (QuickJS) and python3 (CPython WASM) on it (see ../runtime). The host keeps
 * its own copy of the files (FileMirror), updated after every command; when the box is killed
 * (memory, a command that would not stop) or crashes, the next call starts a new one from that
 * copy, so a crash loses at most the writes of the command that was running.
 */
export async function createBoxSandbox(options: BoxSandboxOptions = {}): Promise<BoxSandbox> {
  const limits: SandboxLimits = boxLimitsSchema.parse({ ...defaultSandboxLimits, ...options.limits });
  const shellTimeoutMs = options.shellTimeoutMs ?? shellTimeoutFromEnv();
  const runtimeFiles = findRuntimeFiles(options.runtimeRoot);
  const mirror = new FileMirror(seedEntries(options.files, limits));
  const killGraceMs = options.killGraceMs ?? 1000;
  const rssLimitBytes = limits.memoryBytes + (options.processOverheadBytes ?? 320 * 1024 * 1024);

  let status: SandboxStatus = { state: "booting", detail: "Starting the offline box" };
  let current: BoxProcess | undefined;
  let starting: Promise<BoxProcess> | undefined;
  let closed: Promise<void> | undefined;
  const launcher = options.launcher ?? defaultBoxLauncher();
  let running = 0;
  let lastActivityAt = Date.now();
  const listeners = new Set<(event: SandboxEvent) => void>();
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
  const setStatus = (next: SandboxStatus) => {
    status = next;
    emit({ type: "status", status });
  };
  const requireOpen = () => {
    if (status.state === "disposed") throw new SandboxError("EUNAVAILABLE", "This box was closed");
    lastActivityAt = Date.now();
  };

  const start = (): Promise<BoxProcess> => {
    starting ??= BoxProcess.start({
      files: runtimeFiles,
      limits,
      seed: mirror.entries(),
      rssLimitBytes,
      launcher,
      log: options.log,
      onChanges: (changes) => {
        for (const change of changes) for (const event of mirror.apply(change)) emit(event);
        // The box enforces these itself; one that reports more has been subverted.
        const { files, bytes } = mirror.size;
        if (files > limits.projectFiles || bytes > limits.projectBytes)
          current?.kill({ reason: "protocol", message: "The box reported more files than its limits allow and was stopped" });
      },
      onExit: (exit: BoxExit) => {
        if (status.state !== "disposed") setStatus({ state: "crashed", message: exit.message });
      },
    }).then(
      async (box) => {
        starting = undefined;
        if (status.state === "disposed") {
          box.kill({ reason: "disposed", message: "This box was closed" });
          await box.whenExited();
          throw new SandboxError("EUNAVAILABLE", "This box was closed");
        }
        current = box;
        setStatus({ state: "ready" });
        return box;
      },
      (error: unknown) => {
        starting = undefined;
        if (status.state !== "disposed") setStatus({ state: "crashed", message: (error as Error).message });
        throw error instanceof SandboxError ? error : new SandboxError("EUNAVAILABLE", `The box could not start: ${String(error)}`);
      },
    );
    return starting;
  };
  const box = async () => {
    requireOpen();
    if (current?.alive) return current;
    if (!starting) setStatus({ state: "booting", detail: "Restarting the offline box from the project's files" });
    return start();
  };

  const call = async <T>(run: (process: BoxProcess) => Promise<T>): Promise<T> => {
    try {
      return await run(await box());
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === "ENOSPC" || code === "EFBIG") throw new SandboxError("ELIMIT", (error as Error).message.replace(/, \w+ '.*'$/, ""));
      if (code === "EBUSY") throw new SandboxError("EINVAL", "The project folder itself cannot be removed or moved");
      throw error;
    }
  };
  const fs: NodeStyleFs = {
    readFile: (path) => call(async (p) => (await p.fs({ op: "readFile", path })) as Uint8Array),
    writeFile: (path, data) => call(async (p) => void (await p.fs({ op: "writeFile", path, data }))),
    readdir: (path) =>
      call(async (p) =>
        ((await p.fs({ op: "readdir", path })) as Array<{ name: string; kind: "file" | "dir" }>).map((entry) => ({
          name: entry.name,
          isDirectory: () => entry.kind === "dir",
        })),
      ),
    mkdirp: (path) => call(async (p) => void (await p.fs({ op: "mkdirp", path }))),
    rm: (path, { recursive }) => call(async (p) => void (await p.fs({ op: "rm", path, recursive }))),
    rename: (from, to) => call(async (p) => void (await p.fs({ op: "rename", from, to }))),
    stat: (path) => call(async (p) => (await p.fs({ op: "stat", path })) as { kind: "file" | "dir"; size: number; mtimeMs: number }),
  };
  const verbs = createFsVerbs({ fs, requireOpen });

  const exec = async (command: string, execOptions: ExecOptions = {}): Promise<ExecResult> => {
    requireOpen();
    const cwd = requireFolderPath(execOptions.cwd ?? "");
    // A terminal's line may run for as long as a person waits on it (Ctrl+C stops it); the agent's stay short.
    const timeoutMs = execOptions.timeoutMs ?? (execOptions.session ? shellTimeoutMs : limits.commandTimeoutMs);
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new SandboxError("EINVAL", "timeoutMs must be a positive number");
    const started = Date.now();
    // A second cap on what the box sends: it may be subverted, and the box appends its own marker.
    const sink = createOutputSink({
      limitBytes: limits.outputBytes + encoder.encode(outputTruncatedMarker).byteLength * 2,
      onStdout: execOptions.onStdout,
      onStderr: execOptions.onStderr,
    });
    if (execOptions.signal?.aborted) return { exitCode: exitCodes.interrupted, ...sink.result(), durationMs: 0 };
    const process = await box();
    running += 1;
    const { id, reply } = process.exec(
      {
        command,
        cwd,
        env: { ...execOptions.env },
        stdin: execOptions.stdin ?? "",
        timeoutMs: Math.ceil(Math.min(timeoutMs, 30 * 60_000)),
        session: execOptions.session,
        notebook: execOptions.notebook && { id: execOptions.notebook.id, replay: [...execOptions.notebook.replay] },
      },
      (stream, chunk) => (stream === "stdout" ? sink.stdout(chunk) : sink.stderr(chunk)),
    );
    let graceTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      process.abort(id);
      graceTimer ??= setTimeout(() => process.kill({ reason: "aborted", message: "The command did not stop when interrupted" }), killGraceMs);
    };
    execOptions.signal?.addEventListener("abort", onAbort, { once: true });
    const deadline = setTimeout(
      () => process.kill({ reason: "deadline", message: `The command ran past its ${timeoutMs} ms limit and did not stop` }),
      timeoutMs + killGraceMs,
    );
    try {
      const result = await reply;
      if (result.error) throw new SandboxError(result.error.code === "ENOTDIR" ? "ENOTDIR" : "ENOENT", `The working folder "${cwd}" does not exist`);
      return {
        exitCode: result.exitCode,
        ...sink.result(),
        truncated: result.truncated || sink.result().truncated,
        durationMs: Date.now() - started,
        cwd: result.cwd,
        ...(result.notebook && result.notebook.restored + result.notebook.failed > 0 ? { notebook: result.notebook } : {}),
      };
    } catch (error) {
      if (!(error instanceof BoxExitError)) throw error;
      if (error.exit.reason === "disposed") throw new SandboxError("EUNAVAILABLE", "This box was closed while the command ran");
      // The process is gone, not the files: the box restarts from the host's copy on next use.
      sink.stderr(`\nbox: ${error.exit.message}. Files written by this command may be lost; the box restarts from the project's files.\n`);
      return { exitCode: exitCodeByReason[error.exit.reason], ...sink.result(), durationMs: Date.now() - started };
    } finally {
      running -= 1;
      clearTimeout(deadline);
      clearTimeout(graceTimer);
      execOptions.signal?.removeEventListener("abort", onAbort);
      lastActivityAt = Date.now();
    }
  };

  const sandbox: BoxSandbox = {
    kind: "box",
    status: () => status,
    ...verbs,
    exec,
    async openShell() {
      requireOpen();
      const shell = createLineShell({ exec, session: newShellSessionId() });
      shells.add(shell);
      void shell.exit.then(() => shells.delete(shell));
      return shell;
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    /** Resolves once the box's process has exited, so an owner counting processes can trust it. */
    dispose() {
      if (closed) return closed;
      setStatus({ state: "disposed" });
      for (const shell of shells) shell.kill();
      const last = current;
      last?.kill({ reason: "disposed", message: "This box was closed" });
      listeners.clear();
      closed = Promise.all([starting?.catch(() => undefined), last?.whenExited()]).then(() => undefined);
      return closed;
    },
    takeChanges: () => mirror.takeChanges(),
    takeUnsaved: () => mirror.takeUnsaved(),
    get busy() {
      return running > 0;
    },
    get lastActivityAt() {
      return lastActivityAt;
    },
    get processId() {
      return current?.alive ? current.pid : undefined;
    },
  };

  await start();
  return sandbox;
}
