import { describe, expect, it } from "vitest";
import { describeRestore, notebookExec, replayCells } from "@/lib/agent/notebook";
import type { ExecutionRecord } from "@/lib/agent/state";

const record = (language: ExecutionRecord["language"], code: string, extra: Partial<ExecutionRecord> = {}): ExecutionRecord => ({
  language,
  code,
  stdout: "",
  stderr: "",
  value: null,
  exitCode: 0,
  durationMs: 1,
  at: "2026-12-05T00:00:00.000Z",
  ...extra,
});

describe("replayCells", () => {
  const history = [
    record("python", "a = 1"),
    record("javascript", "const b = 2"),
    record("python", "open('x', 'w').write('1'); c = 3", { wroteFiles: true }),
    record("python", "d = undefined_name", { exitCode: 1 }),
    record("python", "e = a + 1"),
  ];

  it("keeps the language's successful cells that changed no files, in order, and counts those left out", () => {
    expect(replayCells({ history, language: "python" })).toEqual({ cells: ["a = 1", "e = a + 1"], skipped: 1 });
  });

  it("replays JavaScript as the cell ran: names published, no value line", () => {
    const { cells, skipped } = replayCells({ history, language: "javascript", definedVariables: { rate: "0.25" } });
    expect(skipped).toBe(0);
    expect(cells).toHaveLength(1);
    expect(cells[0]).toContain('globalThis["rate"] = (0.25');
    expect(cells[0]).toMatch(/const b = 2\n;Object\.assign\(globalThis, \{ b \}\);\n$/);
  });

  it("drops the oldest cells past the size the box takes, and counts them", () => {
    const big = Array.from({ length: 3 }, (_, i) => record("python", `x${i} = "${"a".repeat(400_000)}"`));
    const { cells, skipped } = replayCells({ history: big, language: "python" });
    expect(cells.map((cell) => cell.slice(0, 2))).toEqual(["x1", "x2"]);
    expect(skipped).toBe(1);
  });
});

describe("notebookExec", () => {
  const session = { id: "s1", history: () => [record("python", "a = 1"), record("python", "b = 2", { wroteFiles: true })] };

  it.each([
    ["a live context (no restore reported)", {}, undefined],
    ["a context rebuilt from one cell, one left out", { notebook: { restored: 1, failed: 0 } }, { restored: 1, failed: 0, skipped: 1 }],
  ])("reads %s", (_, result, restore) => {
    const cell = notebookExec(session, "python");
    expect(cell.options).toEqual({ notebook: { id: "s1", replay: ["a = 1"] } });
    expect(cell.restoreOf({ exitCode: 0, stdout: "", stderr: "", durationMs: 1, truncated: false, ...result })).toEqual(restore);
  });
});

describe("describeRestore", () => {
  it.each([
    [{ restored: 1, failed: 0, skipped: 0 }, /restored 1 earlier block by running it again \(output suppressed\)\.$/],
    [{ restored: 3, failed: 1, skipped: 0 }, /restored 3 earlier blocks by running them again \(output suppressed\); 1 block failed when re-run\.$/],
    [{ restored: 0, failed: 0, skipped: 2 }, /2 blocks that changed files were not re-run, so their names are gone until you run them again\.$/],
  ])("%j", (restore, text) => {
    expect(describeRestore(restore)).toMatch(text);
  });
});
