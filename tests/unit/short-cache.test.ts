import { describe, expect, it } from "vitest";
import { ShortCache } from "@/lib/auth/short-cache";

describe("ShortCache (the guard's per-process memo)", () => {
  it("answers for ttlMs at most, or until an earlier end it is given", () => {
    const cache = new ShortCache<string>(5_000, 10);
    cache.set("a", "yes", { now: 0 });
    cache.set("b", "yes", { now: 0, until: 1_000 });
    expect(cache.get("a", 4_999)).toBe("yes");
    expect(cache.get("a", 5_000)).toBeUndefined();
    expect(cache.get("b", 999)).toBe("yes");
    expect(cache.get("b", 1_000)).toBeUndefined();
  });

  it("holds maxEntries at most, dropping the oldest first", () => {
    const cache = new ShortCache<number>(5_000, 2);
    cache.set("a", 1, { now: 0 });
    cache.set("b", 2, { now: 0 });
    cache.set("a", 3, { now: 0 });
    cache.set("c", 4, { now: 0 });
    expect([cache.get("a", 1), cache.get("b", 1), cache.get("c", 1)]).toEqual([3, undefined, 4]);
  });

  it("forgets a deleted key", () => {
    const cache = new ShortCache<number>(5_000, 2);
    cache.set("a", 1, { now: 0 });
    cache.delete("a");
    expect(cache.get("a", 1)).toBeUndefined();
  });
});
