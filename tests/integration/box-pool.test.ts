import { describe, expect, it } from "vitest";
import { BoxesBusyError, BoxPool, type BoxPoolOptions, type BoxSandbox } from "@/lib/sandbox/box/host";
import type { ExecResult } from "@/lib/sandbox/types";
import { sampleBoxProcesses } from "@/tests/fixtures/box-processes";

const quiet = { log: () => undefined };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function withPool<T>(options: BoxPoolOptions, run: (pool: BoxPool) => Promise<T>): Promise<T> {
  const pool = new BoxPool({ boxOptions: quiet, ...options });
  try {
    return await run(pool);
  } finally {
    await pool.dispose();
  }
}

/** Polls `read` until `done` holds, failing after `ms`. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > end) return value;
    await sleep(50);
  }
}

describe("box pool", () => {
  it("reuses a session's box and closes the least recently used idle one for a newcomer, handing over its changes, and says nothing of waiting", async () => {
    const evicted: string[] = [];
    const queued: number[] = [];
    await withPool({ maxBoxes: 2, onEvict: (key, box, why) => void evicted.push(`${key}:${why}:${box.takeChanges().length}`) }, async (pool) => {
      const a = await pool.use("a", [{ path: "a.txt", kind: "file", content: "a" }], async (box) => {
        await box.exec("echo changed > a.txt");
        return box;
      });
      expect(await pool.use("a", () => Promise.reject(new Error("not called")), async (box) => box)).toBe(a);
      const b = await pool.use("b", [], async (box) => (await box.exec("true"), box));
      // No box is busy: the newcomer only waits for an idle one to close, so it is not told it is in line.
      await pool.use("c", [], async () => undefined, { onQueued: (position) => void queued.push(position) });
      expect(evicted).toEqual(["a:evicted:1"]);
      expect(queued).toEqual([]);
      expect(a.status()).toEqual({ state: "disposed" });
      expect(pool.size).toBe(2);
      expect(pool.peek("b")).toBe(b);
    });
  });

  it("closes boxes left idle", async () => {
    const evicted: string[] = [];
    await withPool({ maxBoxes: 2, idleMs: 300, onEvict: (key, _box, why) => void evicted.push(`${key}:${why}`) }, async (pool) => {
      const box = await pool.use("idle", [], async (box) => box);
      await until(async () => evicted.length, (n) => n > 0);
      expect(evicted).toEqual(["idle:idle"]);
      expect(box.status()).toEqual({ state: "disposed" });
      expect(pool.size).toBe(0);
    });
  });

  // The load that once cost 17 of 20 agent turns and an unrelated user's terminal commands
  // (BOX_MAX=4, 20 users each running an endless loop), at a scale CI runs in seconds.
  it("under load never closes a busy box: requests wait in line, in order, then hear that every sandbox is busy; processes stay under the cap", async () => {
    const maxBoxes = 2;
    const sampler = sampleBoxProcesses();
    const outcome = await withPool({ maxBoxes, queueMs: 4500 }, async (pool) => {
      // An unrelated user's long command, running all through the load.
      const observer = pool.use("observer", [], (box) => box.exec("sleep 5; echo observed", { timeoutMs: 20_000 }));
      const started: number[] = [];
      const users = Array.from({ length: 7 }, (_, i) =>
        pool
          .use(`user-${i}`, [], (box) => {
            started.push(i);
            return box.exec("node -e 'while (true) {}'", { timeoutMs: 1000 });
          })
          .then(
            (result: ExecResult) => ({ ran: result.exitCode }),
            (error: Error) => ({ error }),
          ),
      );
      const results = await Promise.all(users);
      const observed = await observer;
      // After the load, the observer's next command runs in its box as usual.
      const again = await pool.use("observer", [], (box) => box.exec("echo again"));
      return { started, results, observed, again };
    });
    const { max, now, samples } = await sampler.stop();

    expect(outcome.observed).toMatchObject({ exitCode: 0, stdout: "observed\n" });
    expect(outcome.again).toMatchObject({ exitCode: 0, stdout: "again\n" });
    for (const result of outcome.results) {
      if ("ran" in result) expect(result.ran).toBe(124);
      else {
        expect(result.error).toBeInstanceOf(BoxesBusyError);
        expect(result.error.message).toMatch(/^All sandboxes are busy \(\d+ waiting\); try again in a moment$/);
      }
    }
    const served = outcome.results.flatMap((result, i) => ("ran" in result ? [i] : []));
    expect(served.length).toBeGreaterThan(0);
    expect(served.length).toBeLessThan(outcome.results.length);
    // First come, first served.
    expect(outcome.started).toEqual([...outcome.started].sort((a, b) => a - b));
    expect(samples).toBeGreaterThan(10);
    // Live boxes plus the spare, counting processes still exiting.
    expect(max).toBeLessThanOrEqual(maxBoxes + 1);
    expect(now).toBe(0);
  });

  it("replaces the spare process once the machine is quiet, not while a request runs", async () => {
    const sampler = sampleBoxProcesses(10);
    try {
      await withPool({ maxBoxes: 2 }, async (pool) => {
        await pool.use("a", [], (box) => box.exec("true"));
        // The first box forked its own process; a spare joins it once nothing runs.
        expect((await until(sampler.now, (s) => s.now === 2)).now).toBe(2);
        const counts: number[] = [];
        await pool.use("b", [], async (box) => {
          const command = box.exec("sleep 1.5");
          while (!(await Promise.race([command.then(() => true), sleep(100).then(() => false)]))) counts.push((await sampler.now()).now);
        });
        // "b" took the spare: two boxes, and no new spare while b's command ran.
        expect(counts.length).toBeGreaterThan(3);
        expect(Math.max(...counts)).toBe(2);
        expect((await until(sampler.now, (s) => s.now === 3)).now).toBe(3);
      });
    } finally {
      await sampler.stop();
    }
  });

  it("lets a request stop waiting in line", async () => {
    await withPool({ maxBoxes: 1, queueMs: 30_000 }, async (pool) => {
      const busy = pool.use("busy", [], (box: BoxSandbox) => box.exec("sleep 1"));
      const controller = new AbortController();
      const waiting = pool.use("waiting", [], async () => "ran", { signal: controller.signal });
      await until(async () => pool.waiting, (n) => n === 1);
      controller.abort();
      await expect(waiting).rejects.toThrow(/cancelled while it waited/);
      expect(pool.waiting).toBe(0);
      expect((await busy).exitCode).toBe(0);
    });
  });
});
