type Timers = {
  setTimeout: (callback: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
};

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Collects changed paths and hands them over as one batch once they stop coming for `quietMs`, or
 * at the latest `maxWaitMs` after the first one (an `npm install` never pauses, yet its files
 * should appear as it goes). A batch is handed over only after the previous one was handled, so
 * batches never overlap; paths that arrive meanwhile form the next one.
 */
export function createPathBatcher({
  quietMs,
  maxWaitMs,
  onBatch,
  timers = realTimers,
}: {
  quietMs: number;
  maxWaitMs: number;
  onBatch: (paths: string[]) => Promise<void> | void;
  timers?: Timers;
}) {
  let pending = new Set<string>();
  let quietTimer: unknown = null;
  let maxTimer: unknown = null;
  let running: Promise<void> | null = null;
  let disposed = false;
  const idleWaiters: Array<() => void> = [];

  const clearTimers = () => {
    if (quietTimer !== null) timers.clearTimeout(quietTimer);
    if (maxTimer !== null) timers.clearTimeout(maxTimer);
    quietTimer = maxTimer = null;
  };

  const settle = () => {
    if (running || pending.size > 0) return;
    for (const resolve of idleWaiters.splice(0)) resolve();
  };

  const fire = () => {
    clearTimers();
    if (running || pending.size === 0 || disposed) return;
    const batch = [...pending].sort();
    pending = new Set();
    running = (async () => {
      try {
        await onBatch(batch);
      } catch {
        // onBatch reports its own failures; a throw must not stop later batches.
      }
    })().finally(() => {
      running = null;
      if (pending.size > 0) schedule();
      settle();
    });
  };

  function schedule() {
    if (disposed) return;
    if (quietTimer !== null) timers.clearTimeout(quietTimer);
    quietTimer = timers.setTimeout(fire, quietMs);
    maxTimer ??= timers.setTimeout(fire, maxWaitMs);
  }

  return {
    add(path: string) {
      if (disposed) return;
      pending.add(path);
      schedule();
    },
    /** Hands the pending paths over now instead of after the pause. */
    flush() {
      fire();
    },
    /** Resolves once nothing is pending or being handled. */
    idle(): Promise<void> {
      if (!running && pending.size === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    dispose() {
      disposed = true;
      clearTimers();
      pending.clear();
      for (const resolve of idleWaiters.splice(0)) resolve();
    },
  };
}
