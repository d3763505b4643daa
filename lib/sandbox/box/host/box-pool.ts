import "server-only";
import { SandboxError, type SandboxLimits } from "../../types";
import { BoxLauncher } from "./box-launcher";
import { createBoxSandbox, type BoxSandbox, type BoxSandboxOptions, type BoxSeed } from "./box-sandbox";

export type BoxPoolOptions = {
  /** Live boxes at most (default 4). Box processes never exceed this plus one warm spare. */
  maxBoxes?: number;
  /** A box unused this long is closed. Default 10 minutes. */
  idleMs?: number;
  /** How long a request waits in line for a box when every box is busy. Default 30 s. */
  queueMs?: number;
  limits?: Partial<SandboxLimits>;
  /**
   * Called before a box is closed for idleness or to make room, so its owner can save
   * `box.takeChanges()`; the box closes once this settles.
   */
  onEvict?: (sessionKey: string, box: BoxSandbox, why: "idle" | "evicted") => Promise<void> | void;
  /** Starts a box (tests pass a fake). */
  create?: (options: BoxSandboxOptions) => Promise<BoxSandbox>;
  boxOptions?: Omit<BoxSandboxOptions, "files" | "limits" | "launcher">;
};

/** The files a new box starts from, or a loader called only when a box has to be started. */
export type PoolSeed = BoxSeed | (() => Promise<BoxSeed>);

/** Every box is busy and the request waited its turn for `queueMs` in vain. */
export class BoxesBusyError extends SandboxError {
  constructor(readonly waiting: number) {
    super("EUNAVAILABLE", `All sandboxes are busy (${waiting} waiting); try again in a moment`);
  }
}

type Entry = { key: string; box: Promise<BoxSandbox>; settled?: BoxSandbox; leases: number; lastUsedAt: number };
type Waiter = { key: string; grant: () => void };

/**
 * Live boxes by session (a project opened by one person). `use` lends the session's box for one
 * piece of work, starting it when there is none; a box lent out or running a command is never
 * closed to make room. Past `maxBoxes`, idle boxes close (least recently used first) and requests
 * wait in one first-come-first-served line for at most `queueMs`. A slot is free only once the
 * closed box's process has exited, so box processes never exceed `maxBoxes` plus the spare.
 */
export class BoxPool {
  private readonly entries = new Map<string, Entry>();
  private readonly waiters: Waiter[] = [];
  /** Boxes closed whose process has not exited yet: they still hold their slot. */
  private closing = 0;
  private readonly sweeper: NodeJS.Timeout;
  private readonly maxBoxes: number;
  private readonly idleMs: number;
  private readonly queueMs: number;
  private readonly launcher: BoxLauncher;
  private closed = false;

  constructor(private readonly options: BoxPoolOptions = {}) {
    this.maxBoxes = Math.max(1, options.maxBoxes ?? 4);
    this.idleMs = options.idleMs ?? 10 * 60_000;
    this.queueMs = options.queueMs ?? 30_000;
    this.launcher = new BoxLauncher();
    this.sweeper = setInterval(() => this.sweep(), Math.max(250, Math.min(this.idleMs / 4, 30_000)));
    this.sweeper.unref();
  }

  /** Live boxes, starting ones included. */
  get size() {
    return this.entries.size;
  }

  /** Requests waiting for a box. */
  get waiting() {
    return this.waiters.length;
  }

  /**
   * Runs `work` with the session's box, started from `seed` when it has none; the box cannot be
   * closed for others while `work` runs. Throws BoxesBusyError when no box frees up in time.
   * `onQueued` hears the request's place in line when it has to wait for a busy box; `signal` stops the wait.
   */
  async use<T>(
    sessionKey: string,
    seed: PoolSeed,
    work: (box: BoxSandbox) => Promise<T>,
    { signal, onQueued }: { signal?: AbortSignal; onQueued?: (position: number) => void } = {},
  ): Promise<T> {
    const entry = await this.lease(sessionKey, seed, signal, onQueued);
    try {
      return await work(await entry.box);
    } finally {
      entry.leases -= 1;
      entry.lastUsedAt = Date.now();
      this.pump();
    }
  }

  /** The session's box if it is live, without starting one. */
  peek(sessionKey: string): BoxSandbox | undefined {
    return this.entries.get(sessionKey)?.settled;
  }

  /** Closes the session's box (the caller has saved what it needs). */
  async release(sessionKey: string): Promise<void> {
    const entry = this.entries.get(sessionKey);
    if (entry) await this.close(entry, () => undefined);
  }

  async dispose(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    for (const waiter of this.waiters.splice(0)) waiter.grant();
    await Promise.all([...this.entries.values()].map((entry) => this.close(entry, () => undefined)));
    await this.launcher.dispose();
  }

  private lease(key: string, seed: PoolSeed, signal: AbortSignal | undefined, onQueued?: (position: number) => void): Promise<Entry> {
    if (this.closed) return Promise.reject(new SandboxError("EUNAVAILABLE", "The box pool is closed"));
    const existing = this.entries.get(key);
    if (existing) return Promise.resolve(this.lend(existing));
    if (this.waiters.length === 0 && this.freeSlots > 0) return Promise.resolve(this.lend(this.open(key, seed)));
    const cancelled = () => new SandboxError("EUNAVAILABLE", "The request was cancelled while it waited for a sandbox");
    if (signal?.aborted) return Promise.reject(cancelled());
    return new Promise<Entry>((resolve, reject) => {
      const leave = (error: Error) => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        reject(error);
      };
      const waiter: Waiter = {
        key,
        grant: () => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
          if (this.closed) return reject(new SandboxError("EUNAVAILABLE", "The box pool is closed"));
          resolve(this.lend(this.entries.get(key) ?? this.open(key, seed)));
        },
      };
      const onAbort = () => leave(cancelled());
      const timer = setTimeout(() => leave(new BoxesBusyError(this.waiters.length)), this.queueMs);
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(waiter);
      this.pump();
      // Waiting only for idle boxes to finish closing is no wait in line: each frees a slot soon.
      const position = this.waiters.indexOf(waiter) + 1;
      if (position > this.closing) onQueued?.(position);
    });
  }

  private get freeSlots() {
    return this.maxBoxes - this.entries.size - this.closing;
  }

  private lend(entry: Entry): Entry {
    entry.leases += 1;
    entry.lastUsedAt = Date.now();
    return entry;
  }

  /** Takes a slot now (synchronously, so no one else can take it) and starts the box in it. */
  private open(key: string, seed: PoolSeed): Entry {
    const entry: Entry = {
      key,
      leases: 0,
      lastUsedAt: Date.now(),
      box: (async () => {
        const files = typeof seed === "function" ? await seed() : seed;
        const create = this.options.create ?? createBoxSandbox;
        return create({ ...this.options.boxOptions, files, limits: this.options.limits, launcher: this.launcher });
      })(),
    };
    this.entries.set(key, entry);
    entry.box.then(
      (box) => {
        entry.settled = box;
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
        this.pump();
      },
    );
    return entry;
  }

  /** Idle: started, lent to no one and running nothing. */
  private isIdle(entry: Entry) {
    return entry.settled !== undefined && entry.leases === 0 && !entry.settled.busy;
  }

  /** Serves the line in order: a free slot goes to the first waiter, and idle boxes close for those still waiting. */
  private pump() {
    while (this.waiters.length > 0) {
      const head = this.waiters[0]!;
      if (this.entries.has(head.key) || this.freeSlots > 0) {
        this.waiters.shift();
        head.grant();
        continue;
      }
      // Each box already closing frees a slot soon; close one more only for a waiter none covers.
      if (this.closing >= this.waiters.length) return;
      const idle = [...this.entries.values()].filter((entry) => this.isIdle(entry)).sort((a, b) => this.lastUsed(a) - this.lastUsed(b))[0];
      if (!idle) return;
      void this.close(idle, (box) => this.options.onEvict?.(idle.key, box, "evicted")).catch(() => undefined);
    }
  }

  private lastUsed(entry: Entry) {
    return Math.max(entry.lastUsedAt, entry.settled?.lastActivityAt ?? 0);
  }

  /** Closes a box, keeping its slot until its process has exited. */
  private async close(entry: Entry, beforeClose: (box: BoxSandbox) => Promise<void> | void) {
    if (this.entries.get(entry.key) !== entry) return;
    this.entries.delete(entry.key);
    this.closing += 1;
    try {
      const box = await entry.box.catch(() => undefined);
      if (box) {
        try {
          await beforeClose(box);
        } finally {
          await box.dispose();
        }
      }
    } finally {
      this.closing -= 1;
      this.pump();
    }
  }

  private sweep() {
    const now = Date.now();
    for (const entry of [...this.entries.values()])
      if (this.isIdle(entry) && now - this.lastUsed(entry) >= this.idleMs)
        void this.close(entry, (box) => this.options.onEvict?.(entry.key, box, "idle")).catch(() => undefined);
  }
}
