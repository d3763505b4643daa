import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createPathBatcher } from "@/lib/client/path-batcher";

describe("createPathBatcher", () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  const setup = (handle: (paths: string[]) => Promise<void> | void = () => {}) => {
    const batches: string[][] = [];
    const batcher = createPathBatcher({
      quietMs: 100,
      maxWaitMs: 1000,
      onBatch: async (paths) => {
        batches.push(paths);
        await handle(paths);
      },
    });
    return { batcher, batches };
  };

  it.each([
    ["one path after the pause", [["a.js", 0]], 100, [["a.js"]]],
    ["nothing before the pause", [["a.js", 0]], 99, []],
    ["a burst as one sorted, deduplicated batch", [["b", 0], ["a", 50], ["b", 90]], 190, [["a", "b"]]],
    ["two bursts apart as two batches", [["a", 0], ["b", 300]], 400, [["a"], ["b"]]],
    [
      "a stream that never pauses, at the latest every maxWaitMs",
      Array.from({ length: 20 }, (_, i) => [`f${String(i).padStart(2, "0")}`, i * 50] as [string, number]),
      1000,
      [Array.from({ length: 20 }, (_, i) => `f${String(i).padStart(2, "0")}`)],
    ],
  ] as const)("hands over %s", async (_name, events, until, expected) => {
    const { batcher, batches } = setup();
    let now = 0;
    for (const [path, at] of events) {
      await vi.advanceTimersByTimeAsync(at - now);
      now = at;
      batcher.add(path);
    }
    await vi.advanceTimersByTimeAsync(until - now);
    expect(batches).toEqual(expected);
  });

  it("never overlaps batches: paths added while one is handled form the next", async () => {
    let release!: () => void;
    const { batcher, batches } = setup((paths) => (paths[0] === "a" ? new Promise<void>((r) => (release = r)) : undefined));
    batcher.add("a");
    await vi.advanceTimersByTimeAsync(100);
    batcher.add("b");
    await vi.advanceTimersByTimeAsync(500);
    expect(batches).toEqual([["a"]]);
    release();
    await vi.advanceTimersByTimeAsync(100);
    expect(batches).toEqual([["a"], ["b"]]);
  });

  it("flush hands over at once and idle waits for the handling", async () => {
    let handled = false;
    const { batcher, batches } = setup(async () => {
      await new Promise((r) => setTimeout(r, 50));
      handled = true;
    });
    batcher.add("x");
    batcher.flush();
    expect(batches).toEqual([["x"]]);
    const idle = batcher.idle();
    await vi.advanceTimersByTimeAsync(50);
    await idle;
    expect(handled).toBe(true);
  });

  it("keeps going after a batch throws, and drops everything once disposed", async () => {
    const { batcher, batches } = setup((paths) => {
      if (paths[0] === "bad") throw new Error("boom");
    });
    batcher.add("bad");
    await vi.advanceTimersByTimeAsync(100);
    batcher.add("good");
    await vi.advanceTimersByTimeAsync(100);
    batcher.add("late");
    batcher.dispose();
    await vi.advanceTimersByTimeAsync(2000);
    expect(batches).toEqual([["bad"], ["good"]]);
  });
});
