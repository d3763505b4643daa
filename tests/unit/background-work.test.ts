import { describe, expect, it } from "vitest";
import { backgroundSettled, holdUpkeep, inBackground, runUpkeep } from "@/lib/background-work";

const later = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe("background work", () => {
  it("settles only after work started while it waited", async () => {
    const done: string[] = [];
    inBackground(later(20).then(() => void inBackground(later(20).then(() => void done.push("second")))).then(() => void done.push("first")));
    await backgroundSettled();
    expect(done).toEqual(["first", "second"]);
  });

  it("settles past failed work", async () => {
    inBackground(later(5).then(() => Promise.reject(new Error("refused"))).catch(() => undefined));
    inBackground(Promise.reject(new Error("unhandled by the caller"))).catch(() => undefined);
    await expect(backgroundSettled()).resolves.toBeUndefined();
  });

  it("holds upkeep rounds until every hold ends, each round once, then waits for them", async () => {
    let rounds = 0;
    const round = () => later(10).then(() => void rounds++);
    const first = holdUpkeep();
    const second = holdUpkeep();
    runUpkeep(round);
    runUpkeep(round);
    first();
    first();
    await backgroundSettled();
    expect(rounds).toBe(0);
    second();
    await backgroundSettled();
    expect(rounds).toBe(1);
    runUpkeep(round);
    await backgroundSettled();
    expect(rounds).toBe(2);
  });
});
