import { describe, expect, it } from "vitest";
import { createOutputSink, outputTruncatedMarker } from "@/lib/sandbox/exec-output";
import { superviseExit } from "@/lib/sandbox/exec-supervisor";

describe("createOutputSink", () => {
  it("keeps output under the budget and streams it", () => {
    const seen: string[] = [];
    const sink = createOutputSink({ limitBytes: 100, onStdout: (c) => seen.push(c), onStderr: (c) => seen.push(c) });
    sink.stdout("out\n");
    sink.stderr("err\n");
    expect(sink.result()).toEqual({ stdout: "out\n", stderr: "err\n", truncated: false });
    expect(seen).toEqual(["out\n", "err\n"]);
  });

  it("shares one budget between the streams, cuts on a character boundary and marks the cut once", () => {
    const sink = createOutputSink({ limitBytes: 10 });
    sink.stderr("12345");
    sink.stdout("ab✓✓"); // ✓ is 3 bytes: "ab✓" fits in 5, the second ✓ would split
    sink.stdout("more");
    sink.stderr("more");
    expect(sink.result()).toEqual({ stdout: "ab" + "✓" + outputTruncatedMarker, stderr: "12345", truncated: true });
  });

  it("survives a throwing listener", () => {
    const sink = createOutputSink({
      limitBytes: 10,
      onStdout: () => {
        throw new Error("listener bug");
      },
    });
    const uncaught: unknown[] = [];
    const original = globalThis.queueMicrotask;
    globalThis.queueMicrotask = (fn) => {
      try {
        fn();
      } catch (error) {
        uncaught.push(error);
      }
    };
    try {
      sink.stdout("x");
    } finally {
      globalThis.queueMicrotask = original;
    }
    expect(sink.result().stdout).toBe("x");
    expect(uncaught).toHaveLength(1);
  });
});

describe("superviseExit", () => {
  const never = new Promise<number>(() => {});

  it.each([
    ["the exit code", Promise.resolve(7), 1000, undefined, 7, false],
    ["124 at the deadline", never, 20, undefined, 124, true],
    ["130 on abort", never, 1000, AbortSignal.abort(), 130, true],
  ] as const)("resolves %s", async (_name, exit, timeoutMs, signal, code, killed) => {
    let kills = 0;
    await expect(superviseExit({ exit, kill: () => void kills++, timeoutMs, signal })).resolves.toBe(code);
    expect(kills).toBe(killed ? 1 : 0);
  });

  it("rejects when the backend is gone", async () => {
    await expect(superviseExit({ exit: Promise.reject(new Error("gone")), kill: () => {}, timeoutMs: 1000 })).rejects.toThrow("gone");
  });
});
