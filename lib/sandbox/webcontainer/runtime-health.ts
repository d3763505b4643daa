import { SandboxError } from "../types";

const advice = "Reload the page to restart it, or switch to the offline box to keep working.";

/**
 * Whether the runtime still answers. It can die under us (an out-of-memory wasm, a lost iframe), and
 * then no call over the bridge ever settles, so every call gets a deadline and every wait without
 * one ends when the runtime is declared crashed, with an error that says what to do.
 */
export function createRuntimeHealth({ bridgeTimeoutMs, onCrash }: { bridgeTimeoutMs: number; onCrash: (message: string) => void }) {
  let crashed: SandboxError | null = null;
  const waiting = new Set<(error: SandboxError) => void>();

  const crash = (what: string) => {
    if (crashed) return;
    crashed = new SandboxError("EUNAVAILABLE", `${what}. ${advice}`);
    onCrash(crashed.message);
    for (const fail of waiting) fail(crashed);
    waiting.clear();
  };

  /** The promise's outcome, unless the runtime crashes first. */
  const untilCrash = <T>(promise: Promise<T>): Promise<T> => {
    if (crashed) return Promise.reject(crashed);
    return new Promise<T>((resolve, reject) => {
      waiting.add(reject);
      promise.then(
        (value) => (waiting.delete(reject), resolve(value)),
        (error: unknown) => (waiting.delete(reject), reject(error)),
      );
    });
  };

  /** One call over the bridge: one that does not answer within the deadline means the runtime is gone. */
  const call = <T>(what: string, run: () => Promise<T>): Promise<T> => {
    if (crashed) return Promise.reject(crashed);
    const timer = setTimeout(
      () => crash(`The in-browser runtime stopped answering (${what} took more than ${Math.round(bridgeTimeoutMs / 1000)} s)`),
      bridgeTimeoutMs,
    );
    let started: Promise<T>;
    try {
      started = run();
    } catch (error) {
      started = Promise.reject(error);
    }
    return untilCrash(started).finally(() => clearTimeout(timer));
  };

  return {
    crash,
    call,
    untilCrash,
    /** The error every call gets once the runtime crashed; null while it runs. */
    get crashed() {
      return crashed;
    },
  };
}

export type RuntimeHealth = ReturnType<typeof createRuntimeHealth>;
