import { afterAll, describe, expect, it } from "vitest";
import { starters } from "@/lib/projects/starters";
import { boxFactory } from "@/tests/fixtures/box-helpers";

const boxes = boxFactory();
afterAll(() => boxes.close());

const seed = (files: Record<string, string>) => Object.entries(files).map(([path, content]) => ({ path, kind: "file" as const, content }));

// Each starter, run in the offline box the way the Run button runs it.
const expected: Record<string, { command: string; exitCode: number; stdout?: RegExp; stderr?: RegExp }> = {
  "node-script": { command: "node index.js", exitCode: 0, stdout: /^2 of 3 tasks done \(67%\)\n- todo: Change data\/tasks.json and run again\n$/ },
  "python-sqlite": { command: "bash run.sh", exitCode: 0, stdout: /^1 note\(s\) in notes\.db:\n {2}#1 Hello from SQLite\n$/ },
  "static-site": { command: "grep -c '<script src=\"script.js\">' index.html", exitCode: 0, stdout: /^1\n$/ },
  // Needs WebContainer: in the box it says so, and how to switch.
  "vite-react": { command: "node start.js", exitCode: 1, stderr: /needs WebContainer .*switch the runtime to WebContainer/ },
};

describe("starters in the offline box", () => {
  it("covers every starter", () => {
    expect(Object.keys(expected).sort()).toEqual(starters.map((s) => s.id).sort());
  });

  it.each(starters.map((s) => [s.id, s] as const))("%s", { timeout: 90_000 }, async (id, starter) => {
    const box = await boxes.start({ files: seed(starter.files) });
    const want = expected[id]!;
    // Python's first start in a box is slow on a loaded machine: the deadline is not what is tested.
    const result = await box.exec(want.command, { timeoutMs: 60_000 });
    expect({ exitCode: result.exitCode, stderr: want.stderr ? "" : result.stderr }).toEqual({ exitCode: want.exitCode, stderr: "" });
    if (want.stdout) expect(result.stdout).toMatch(want.stdout);
    if (want.stderr) expect(result.stderr).toMatch(want.stderr);
    if (starter.runtimes.includes("box")) expect(want.exitCode).toBe(0);
  });
});
