import { fork, type ChildProcess } from "node:child_process";
import { setPriority } from "node:os";
import path from "node:path";
import { boxNodeFlags, type RuntimeFiles } from "./runtime-files";

/** The box process's own JS heap (guest code lives in capped WebAssembly memory, not here). */
const heapMb = 256;
/** Boxes run below the server's priority, so busy boxes cannot starve it of CPU. */
const boxNice = 10;

export type BoxLauncherOptions = {
  /** Keep one warm process ready for the next box (default true). */
  keepSpare?: boolean;
  /** How long no box may be starting or running a command before the spare is replaced. Default 500 ms. */
  quietMs?: number;
};

type Unrefable = { ref?: () => void; unref?: () => void } | null | undefined;
const handlesOf = (child: ChildProcess): Unrefable[] => [child, child.channel as Unrefable, child.stdout as Unrefable, child.stderr as Unrefable];

/**
 * Starts box processes and knows each one until it has exited, so an owner can wait for that. It
 * keeps one spare process warm: starting Node and loading just-bash costs ~300 ms, which every new
 * box (and every restart after a crash) would otherwise wait for. A spare that was taken is
 * replaced only once the machine is quiet (no box starting or running a command for `quietMs`),
 * never in the path of the request that took it.
 */
export class BoxLauncher {
  private readonly exits = new Map<ChildProcess, Promise<void>>();
  private spare: { entry: string; child: ChildProcess } | undefined;
  private files: RuntimeFiles | undefined;
  private active = 0;
  private refillTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private readonly keepSpare: boolean;
  private readonly quietMs: number;

  constructor(options: BoxLauncherOptions = {}) {
    this.keepSpare = options.keepSpare ?? true;
    this.quietMs = options.quietMs ?? 500;
  }

  /** A box process: the warm spare when there is one, else a new one. */
  take(files: RuntimeFiles): ChildProcess {
    if (this.disposed) throw new Error("The box launcher is closed");
    this.files = files;
    const spare = this.spare;
    this.spare = undefined;
    if (spare && spare.entry === files.entry && spare.child.exitCode === null && spare.child.connected) {
      spare.child.stdout?.pause();
      spare.child.stderr?.pause();
      for (const handle of handlesOf(spare.child)) handle?.ref?.();
      this.scheduleRefill();
      return spare.child;
    }
    if (spare) spare.child.kill("SIGKILL");
    this.scheduleRefill();
    return this.fork(files);
  }

  /** Resolves once `child` (one of ours) has exited. */
  exited(child: ChildProcess): Promise<void> {
    return this.exits.get(child) ?? Promise.resolve();
  }

  /** Marks a box as starting or running a command until the returned function is called. */
  busy(): () => void {
    this.active += 1;
    clearTimeout(this.refillTimer);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.active -= 1;
      this.scheduleRefill();
    };
  }

  /** Stops the spare and waits for it; boxes stop their own processes. */
  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.refillTimer);
    const spare = this.spare;
    this.spare = undefined;
    spare?.child.kill("SIGKILL");
    if (spare) await this.exited(spare.child);
  }

  private fork(files: RuntimeFiles): ChildProcess {
    const child = fork(files.entry, [], {
      execArgv: boxNodeFlags(files, { heapMb }),
      // Nothing of the host's environment reaches the box.
      env: {} as NodeJS.ProcessEnv,
      cwd: path.dirname(files.entry),
      serialization: "advanced",
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    this.exits.set(
      child,
      new Promise<void>((resolve) => {
        const gone = () => {
          this.exits.delete(child);
          if (this.spare?.child === child) this.spare = undefined;
          resolve();
        };
        // A process that never started emits only "error".
        child.once("exit", gone);
        child.once("error", () => (child.pid === undefined ? gone() : undefined));
      }),
    );
    try {
      if (child.pid !== undefined) setPriority(child.pid, boxNice);
    } catch {
      // Not permitted here: the box runs at the server's priority.
    }
    return child;
  }

  private scheduleRefill() {
    clearTimeout(this.refillTimer);
    if (!this.keepSpare || this.disposed || this.spare || this.active > 0 || !this.files) return;
    this.refillTimer = setTimeout(() => this.refill(), this.quietMs);
    this.refillTimer.unref();
  }

  private refill() {
    if (!this.keepSpare || this.disposed || this.spare || this.active > 0 || !this.files) return;
    const child = this.fork(this.files);
    // A spare must not keep the server (or a test run) alive.
    for (const handle of handlesOf(child)) handle?.unref?.();
    child.stdout?.resume();
    child.stderr?.resume();
    this.spare = { entry: this.files.entry, child };
  }
}

const holder = globalThis as unknown as { __boxLauncher?: BoxLauncher };

/** The launcher boxes use when their owner gives none; on globalThis so a dev server's module reloads do not leave spares behind. */
export function defaultBoxLauncher(): BoxLauncher {
  holder.__boxLauncher ??= new BoxLauncher();
  return holder.__boxLauncher;
}
