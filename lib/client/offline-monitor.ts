import { ApiError } from "./api-error";
import { createStore } from "./store";

/** Whether the server answers; while it does not, when the next attempt to reach it is due. */
export type Connection = { state: "online" } | { state: "offline"; since: number; nextAttemptAt: number | null };

/**
 * True for an error that says the server could not be reached, not that it refused: fetch's network
 * failure (a TypeError) and the answers a proxy gives for a server that is down.
 */
export function isUnreachable({ error }: { error: unknown }): boolean {
  if (error instanceof TypeError) return true;
  return error instanceof ApiError && (error.status === 502 || error.status === 503 || error.status === 504);
}

type Timers = { set: (run: () => void, ms: number) => unknown; clear: (handle: unknown) => void };

const realTimers: Timers = { set: (run, ms) => setTimeout(run, ms), clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) };

/**
 * Follows whether the server is reachable. Once a request failed to reach it (or the browser says it
 * is offline), `probe` asks the server again after a pause that doubles up to `retryMs.max`; the
 * first answer brings the connection back and calls `onBack`, which saves what was kept meanwhile.
 */
export function createOfflineMonitor({
  probe,
  onBack,
  retryMs = { first: 1_000, max: 10_000 },
  timers = realTimers,
  now = Date.now,
}: {
  /** A cheap request to the server; resolves when it answered (any answer but "unreachable"). */
  probe: () => Promise<unknown>;
  onBack: () => void;
  retryMs?: { first: number; max: number };
  timers?: Timers;
  now?: () => number;
}) {
  const store = createStore<Connection, Connection>({ reducer: (_state, next) => next, initial: { state: "online" } });
  let timer: unknown = null;
  let delay = retryMs.first;
  let probing = false;
  let stopped = false;

  function schedule() {
    const current = store.getState();
    if (current.state !== "offline" || stopped) return;
    timers.clear(timer);
    timer = timers.set(() => void attempt(), delay);
    store.dispatch({ ...current, nextAttemptAt: now() + delay });
    delay = Math.min(delay * 2, retryMs.max);
  }

  async function attempt() {
    if (probing || stopped || store.getState().state !== "offline") return;
    probing = true;
    timers.clear(timer);
    try {
      await probe();
      reachable();
    } catch (error) {
      // Any answer of the server's own (even an error status) means it is back.
      if (isUnreachable({ error })) schedule();
      else reachable();
    } finally {
      probing = false;
    }
  }

  function reachable() {
    if (store.getState().state === "online") return;
    timers.clear(timer);
    delay = retryMs.first;
    store.dispatch({ state: "online" });
    onBack();
  }

  /** A request failed to reach the server: go offline (once) and start probing. */
  function unreachable() {
    if (store.getState().state === "offline" || stopped) return;
    delay = retryMs.first;
    store.dispatch({ state: "offline", since: now(), nextAttemptAt: null });
    schedule();
  }

  return {
    store,
    unreachable,
    /** A request reached the server. */
    reachable,
    /** Asks the server now instead of at the next scheduled attempt (the user saved, the browser is online). */
    retryNow() {
      void attempt();
    },
    /** Follows the browser's own online and offline events. Returns what stops following. */
    watchBrowser(target: Pick<Window, "addEventListener" | "removeEventListener">, navigatorOnline: () => boolean) {
      const goOffline = () => unreachable();
      const goOnline = () => void attempt();
      target.addEventListener("offline", goOffline);
      target.addEventListener("online", goOnline);
      if (!navigatorOnline()) goOffline();
      return () => {
        target.removeEventListener("offline", goOffline);
        target.removeEventListener("online", goOnline);
      };
    },
    stop() {
      stopped = true;
      timers.clear(timer);
    },
  };
}

export type OfflineMonitor = ReturnType<typeof createOfflineMonitor>;
