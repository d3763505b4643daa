import type { ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { SandboxError } from "../../types";
import {
  batchLimits,
  boxMessageSchema,
  hostMessageSchema,
  type BoxChange,
  type BoxEntry,
  type BoxLimits,
  type BoxMessage,
  type FsRequest,
  type HostMessage,
} from "../protocol";
import type { BoxLauncher } from "./box-launcher";
import type { RuntimeFiles } from "./runtime-files";

/** Why a box process ended. */
export type BoxExitReason = "memory" | "deadline" | "aborted" | "protocol" | "crashed" | "disposed" | "start";
export type BoxExit = { reason: BoxExitReason; message: string };

type ExecMessage = Extract<HostMessage, { type: "exec" }>;
export type ExecReply = Extract<BoxMessage, { type: "exec-result" }>;
export type FsValue = Extract<BoxMessage, { type: "fs-result" }>["result"] extends infer R ? (R extends { ok: true; value: infer V } ? V : never) : never;

/** Rejects an exec whose box ended under it; the sandbox turns it into an exit code. */
export class BoxExitError extends Error {
  constructor(readonly exit: BoxExit) {
    super(exit.message);
    this.name = "BoxExitError";
  }
}

export type BoxProcessOptions = {
  files: RuntimeFiles;
  limits: BoxLimits;
  seed: BoxEntry[];
  /** The box is killed when its resident memory passes this. */
  rssLimitBytes: number;
  onChanges: (changes: BoxChange[]) => void;
  onExit: (exit: BoxExit) => void;
  startTimeoutMs?: number;
  /** Starts the process (or hands over its warm spare) and is told while the box is busy. */
  launcher: BoxLauncher;
  log?: (line: string) => void;
};

const watchdogIntervalMs = 100;
const logCapBytes = 64 * 1024;

async function readRss(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * One box: a child process under Node's permission model with a scrubbed environment, spoken to
 * over IPC with every message parsed (the box runs hostile code, so a malformed message kills it).
 * A watchdog samples its resident memory and kills it over the limit; `kill` is the hard stop for
 * deadlines and aborts that the box itself did not honor.
 */
export class BoxProcess {
  private nextId = 1;
  private readonly fsPending = new Map<number, { resolve: (value: FsValue) => void; reject: (error: Error) => void }>();
  private readonly execPending = new Map<
    number,
    { resolve: (reply: ExecReply) => void; reject: (error: Error) => void; onOutput: (stream: "stdout" | "stderr", chunk: string) => void }
  >();
  private exitInfo: BoxExit | undefined;
  private killReason: BoxExit | undefined;
  private lastReportedRss = 0;
  private readonly watchdog: NodeJS.Timeout;
  private logged = 0;

  private constructor(
    private readonly child: ChildProcess,
    private readonly options: BoxProcessOptions,
  ) {
    child.on("message", (raw) => this.receive(raw));
    child.on("exit", (code, signal) => this.exited(code, signal));
    child.on("error", (error) => this.log(`process error: ${error.message}`));
    const forward = (chunk: Buffer) => this.log(chunk.toString("utf8").trimEnd());
    child.stdout?.on("data", forward);
    child.stderr?.on("data", forward);
    this.watchdog = setInterval(() => void this.checkMemory(), watchdogIntervalMs);
    this.watchdog.unref();
  }

  static async start(options: BoxProcessOptions): Promise<BoxProcess> {
    const idle = options.launcher.busy();
    try {
      const box = new BoxProcess(options.launcher.take(options.files), options);
      await box.seed(options.seed, options.startTimeoutMs ?? 30_000);
      return box;
    } finally {
      idle();
    }
  }

  /** Resolves once the process has exited (a killed box holds its place in the pool until then). */
  whenExited(): Promise<void> {
    return this.options.launcher.exited(this.child);
  }

  get alive() {
    return this.exitInfo === undefined;
  }

  get pid() {
    return this.child.pid;
  }

  fs(request: FsRequest): Promise<FsValue> {
    return new Promise((resolve, reject) => {
      if (!this.alive) return reject(new SandboxError("ETRANSPORT", "The box has stopped"));
      const id = this.nextId++;
      this.send({ type: "fs", id, request });
      this.fsPending.set(id, { resolve, reject });
    });
  }

  exec(
    request: Omit<ExecMessage, "type" | "id">,
    onOutput: (stream: "stdout" | "stderr", chunk: string) => void,
  ): { id: number; reply: Promise<ExecReply> } {
    const id = this.nextId++;
    const idle = this.options.launcher.busy();
    const reply = new Promise<ExecReply>((resolve, reject) => {
      if (!this.alive) return reject(new BoxExitError(this.exitInfo ?? { reason: "crashed", message: "The box has stopped" }));
      this.send({ type: "exec", id, ...request });
      this.execPending.set(id, { resolve, reject, onOutput });
    });
    reply.then(idle, idle);
    return { id, reply };
  }

  abort(id: number) {
    if (this.alive) this.send({ type: "abort", id });
  }

  /** Ends the process now; everything pending fails with `exit`. */
  kill(exit: BoxExit) {
    if (!this.alive) return;
    this.killReason ??= exit;
    this.child.kill("SIGKILL");
  }

  private async seed(entries: BoxEntry[], timeoutMs: number) {
    const ready = new Promise<void>((resolve, reject) => {
      this.onReady = resolve;
      this.onStartFailed = reject;
    });
    const timer = setTimeout(() => this.kill({ reason: "start", message: "The box did not start in time" }), timeoutMs);
    try {
      this.send({ type: "init", limits: this.options.limits });
      let batch: BoxEntry[] = [];
      let bytes = 0;
      for (const entry of entries) {
        const size = entry.kind === "file" ? entry.data.byteLength : 0;
        if (batch.length > 0 && (batch.length >= batchLimits.entries || bytes + size > batchLimits.bytes)) {
          this.send({ type: "seed", entries: batch, last: false });
          batch = [];
          bytes = 0;
        }
        batch.push(entry);
        bytes += size;
      }
      this.send({ type: "seed", entries: batch, last: true });
      await ready;
    } finally {
      clearTimeout(timer);
    }
  }

  private onReady: (() => void) | undefined;
  private onStartFailed: ((error: Error) => void) | undefined;

  private send(message: HostMessage) {
    // The box drops a message it cannot parse, which would leave the caller waiting: refuse it here.
    const checked = hostMessageSchema.safeParse(message);
    if (!checked.success) throw new SandboxError("EINVAL", `Invalid request to the box: ${checked.error.issues[0]?.message ?? "malformed"}`);
    try {
      this.child.send(message);
    } catch (error) {
      this.kill({ reason: "crashed", message: `The box's channel failed: ${(error as Error).message}` });
    }
  }

  private receive(raw: unknown) {
    const parsed = boxMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.log(`malformed message: ${parsed.error.message.slice(0, 300)}`);
      return this.kill({ reason: "protocol", message: "The box sent a malformed message and was stopped" });
    }
    const message = parsed.data;
    switch (message.type) {
      case "ready":
        this.onReady?.();
        return;
      case "fatal":
        this.log(`fatal: ${message.message}`);
        return;
      case "usage":
        this.lastReportedRss = message.rssBytes;
        return;
      case "changes":
        this.options.onChanges(message.changes);
        return;
      case "fs-result": {
        const pending = this.fsPending.get(message.id);
        this.fsPending.delete(message.id);
        if (!pending) return;
        const { result } = message;
        if (result.ok) pending.resolve(result.value);
        else pending.reject(Object.assign(new Error(result.error.message), { code: result.error.code }));
        return;
      }
      case "output":
        this.execPending.get(message.id)?.onOutput(message.stream, message.chunk);
        return;
      case "exec-result": {
        const pending = this.execPending.get(message.id);
        this.execPending.delete(message.id);
        pending?.resolve(message);
        return;
      }
    }
  }

  private async checkMemory() {
    if (!this.alive || this.child.pid === undefined) return;
    const rss = (await readRss(this.child.pid)) ?? this.lastReportedRss;
    if (rss > this.options.rssLimitBytes)
      this.kill({
        reason: "memory",
        message: `The box used ${Math.round(rss / 1024 / 1024)} MB of memory (limit ${Math.round(this.options.rssLimitBytes / 1024 / 1024)} MB) and was stopped`,
      });
  }

  private exited(code: number | null, signal: NodeJS.Signals | null) {
    clearInterval(this.watchdog);
    const exit = this.killReason ?? {
      reason: "crashed" as const,
      message: `The box stopped unexpectedly (${signal ?? `exit code ${code}`})`,
    };
    this.exitInfo = exit;
    this.onStartFailed?.(new SandboxError("EUNAVAILABLE", `The box could not start: ${exit.message}`));
    for (const pending of this.fsPending.values()) pending.reject(new SandboxError("ETRANSPORT", exit.message));
    for (const pending of this.execPending.values()) pending.reject(new BoxExitError(exit));
    this.fsPending.clear();
    this.execPending.clear();
    this.options.onExit(exit);
  }

  private log(line: string) {
    if (!line || this.logged > logCapBytes) return;
    this.logged += line.length;
    (this.options.log ?? ((text: string) => console.warn(text)))(`[box ${this.child.pid}] ${line}`);
  }
}
