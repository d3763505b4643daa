import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/client/api-error";
import { createOfflineMonitor, isUnreachable } from "@/lib/client/offline-monitor";

/** Timers run by hand: `fire()` runs the one pending probe and reports the pause it was set for. */
function manualTimers() {
  let pending: { run: () => void; ms: number } | null = null;
  return {
    timers: {
      set: (run: () => void, ms: number) => (pending = { run, ms }),
      clear: (handle: unknown) => {
        if (handle === pending) pending = null;
      },
    },
    pendingMs: () => pending?.ms ?? null,
    async fire() {
      const next = pending;
      pending = null;
      next?.run();
      // Let the probe's promise settle.
      for (let i = 0; i < 5; i++) await Promise.resolve();
    },
  };
}

function setup() {
  const clock = manualTimers();
  let serverUp = false;
  let probes = 0;
  let backs = 0;
  const monitor = createOfflineMonitor({
    probe: async () => {
      probes++;
      if (!serverUp) throw new TypeError("Failed to fetch");
    },
    onBack: () => backs++,
    retryMs: { first: 100, max: 400 },
    timers: clock.timers,
    now: () => 0,
  });
  return { monitor, clock, bringUp: () => void (serverUp = true), probes: () => probes, backs: () => backs };
}

describe("offline monitor", () => {
  it.each<[string, unknown, boolean]>([
    ["a network failure", new TypeError("Failed to fetch"), true],
    ["a proxy's 502", new ApiError(502, "http_502", "Bad gateway", null), true],
    ["a 503", new ApiError(503, "http_503", "Unavailable", null), true],
    ["a conflict", new ApiError(409, "conflict", "stale", null), false],
    ["a server error", new ApiError(500, "internal", "boom", null), false],
  ])("tells %s apart", (_name, error, unreachable) => {
    expect(isUnreachable({ error })).toBe(unreachable);
  });

  it("goes offline once, probes with a doubling pause up to the cap, and comes back once", async () => {
    const { monitor, clock, bringUp, probes, backs } = setup();
    monitor.unreachable();
    monitor.unreachable();
    expect(monitor.store.getState().state).toBe("offline");
    const pauses: (number | null)[] = [];
    for (let i = 0; i < 4; i++) {
      pauses.push(clock.pendingMs());
      await clock.fire();
    }
    expect(pauses).toEqual([100, 200, 400, 400]);
    expect(probes()).toBe(4);
    expect(backs()).toBe(0);
    bringUp();
    await clock.fire();
    expect(monitor.store.getState()).toEqual({ state: "online" });
    expect(backs()).toBe(1);
    expect(clock.pendingMs()).toBeNull();
    // The next outage starts over from the first pause.
    monitor.unreachable();
    expect(clock.pendingMs()).toBe(100);
  });

  it("counts any answer of the server's own as back, and retries at once when asked", async () => {
    const clock = manualTimers();
    let backs = 0;
    const monitor = createOfflineMonitor({
      probe: () => Promise.reject(new ApiError(401, "unauthorized", "Sign in", null)),
      onBack: () => backs++,
      timers: clock.timers,
    });
    monitor.unreachable();
    monitor.retryNow();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(monitor.store.getState().state).toBe("online");
    expect(backs).toBe(1);
  });

  it("follows the browser's offline and online events", async () => {
    const { monitor, bringUp, backs } = setup();
    const target = new EventTarget();
    const stop = monitor.watchBrowser(target as unknown as Window, () => true);
    target.dispatchEvent(new Event("offline"));
    expect(monitor.store.getState().state).toBe("offline");
    bringUp();
    target.dispatchEvent(new Event("online"));
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(monitor.store.getState().state).toBe("online");
    expect(backs()).toBe(1);
    stop();
    target.dispatchEvent(new Event("offline"));
    expect(monitor.store.getState().state).toBe("online");
  });

  it("starts offline when the browser says so", () => {
    const { monitor } = setup();
    monitor.watchBrowser(new EventTarget() as unknown as Window, () => false);
    expect(monitor.store.getState().state).toBe("offline");
  });
});
