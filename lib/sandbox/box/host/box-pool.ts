import "server-only";
import type { SandboxLimits } from "../../types";
import { createBoxSandbox, type BoxSandbox, type BoxSandboxOptions, type BoxSeed } from "./box-sandbox";

export type BoxPoolOptions = {
  /** Live boxes at most; acquiring one more evicts the least recently used idle box. Default 4. */
  maxBoxes?: number;
  /** A box unused this long is closed. Default 10 minutes. */
  idleMs?: number;
  limits?: Partial<SandboxLimits>;
  /**
   * Called before a box is closed for idleness or eviction, so its owner can save
   * `box.takeChanges()`; the box closes once this settles.
   */
  onEvict?: (sessionKey: string, box: BoxSandbox, why: "idle" | "evicted") => Promise<void> | void;
  /** Starts a box (tests pass a fake). */
  create?: (options: BoxSandboxOptions) => Promise<BoxSandbox>;
  boxOptions?: Omit<BoxSandboxOptions, "files" | "limits">;
};

/** The files a new box starts from, or a loader called only when a box has to be started. */
export type PoolSeed = BoxSeed | (() => Promise<BoxSeed>);

type Entry = { box: Promise<BoxSandbox>; acquiredAt: number; settled?: BoxSandbox };

/**
 * Live boxes by session (a project opened by one person): acquiring reuses the session's box,
 * which restarts itself after a crash; idle boxes are closed, and past `maxBoxes` the least
 * recently used idle one makes room. Boxes hold no state that matters once their owner has saved
 * `takeChanges()`, which `onEvict` is there for.
 */
export class BoxPool {
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly maxBoxes: number;
  private readonly idleMs: number;
  private closed = false;

  constructor(private readonly options: BoxPoolOptions = {}) {
    this.maxBoxes = options.maxBoxes ?? 4;
    this.idleMs = options.idleMs ?? 10 * 60_000;
    this.sweeper = setInterval(() => void this.sweep(), Math.max(250, Math.min(this.idleMs / 4, 30_000)));
    this.sweeper.unref();
  }

  get size() {
    return this.entries.size;
  }

  /** The session's box, started from `seed` when it has none. */
  async acquire(sessionKey: string, seed: PoolSeed): Promise<BoxSandbox> {
    if (this.closed) throw new Error("The box pool is closed");
    const existing = this.entries.get(sessionKey);
    if (existing && existing.settled?.status().state !== "disposed") {
      existing.acquiredAt = Date.now();
      return existing.box;
    }
    await this.makeRoom();
    const entry: Entry = {
      acquiredAt: Date.now(),
      box: (async () => {
        const files = typeof seed === "function" ? await seed() : seed;
        const create = this.options.create ?? createBoxSandbox;
        return create({ ...this.options.boxOptions, files, limits: this.options.limits });
      })(),
    };
    this.entries.set(sessionKey, entry);
    try {
      entry.settled = await entry.box;
      return entry.settled;
    } catch (error) {
      if (this.entries.get(sessionKey) === entry) this.entries.delete(sessionKey);
      throw error;
    }
  }

  /** The session's box if it is live, without starting one. */
  peek(sessionKey: string): BoxSandbox | undefined {
    return this.entries.get(sessionKey)?.settled;
  }

  /** Closes the session's box (the caller has saved what it needs). */
  async release(sessionKey: string): Promise<void> {
    const entry = this.entries.get(sessionKey);
    if (!entry) return;
    this.entries.delete(sessionKey);
    await (await entry.box.catch(() => undefined))?.dispose();
  }

  async dispose(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    await Promise.all([...this.entries.keys()].map((key) => this.release(key)));
  }

  private lastUsed(entry: Entry) {
    return Math.max(entry.acquiredAt, entry.settled?.lastActivityAt ?? 0);
  }

  private async evict(sessionKey: string, why: "idle" | "evicted") {
    const entry = this.entries.get(sessionKey);
    if (!entry?.settled) return;
    this.entries.delete(sessionKey);
    try {
      await this.options.onEvict?.(sessionKey, entry.settled, why);
    } finally {
      await entry.settled.dispose();
    }
  }

  private async makeRoom() {
    while (this.entries.size >= this.maxBoxes) {
      const idle = [...this.entries].filter(([, entry]) => entry.settled && !entry.settled.busy);
      const candidates = idle.length > 0 ? idle : [...this.entries].filter(([, entry]) => entry.settled);
      const oldest = candidates.sort(([, a], [, b]) => this.lastUsed(a) - this.lastUsed(b))[0];
      if (!oldest) {
        // Every slot is still starting: wait for one to settle and look again.
        await Promise.race([...this.entries.values()].map((entry) => entry.box.catch(() => undefined)));
        continue;
      }
      await this.evict(oldest[0], "evicted");
    }
  }

  private async sweep() {
    const now = Date.now();
    for (const [key, entry] of [...this.entries]) {
      const box = entry.settled;
      if (box && !box.busy && now - this.lastUsed(entry) >= this.idleMs) await this.evict(key, "idle").catch(() => undefined);
    }
  }
}
