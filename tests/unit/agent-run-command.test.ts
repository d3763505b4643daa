import type { Tool } from "ai";
import { describe, expect, it } from "vitest";
import { createRunCodeTool } from "@/lib/agent/tools/run-code";
import { commandOutputText, commandResult, createRunCommandTool } from "@/lib/agent/tools/run-command";
import { keepHeadAndTail } from "@/lib/sandbox/exec-output";
import { createMemorySandbox } from "@/lib/sandbox/memory";

type Result = Record<string, unknown> & { error?: string; stdout?: string; stderr?: string };

async function run<I, O>(t: Tool<I, O>, input: I): Promise<{ output: Result; text: string }> {
  const output = await t.execute!(input, { toolCallId: "call-1", messages: [] });
  const rendered = await t.toModelOutput!({ toolCallId: "call-1", input, output: output as never });
  return { output: output as Result, text: (rendered as { value: string }).value };
}

function setup(files: Record<string, string> = {}) {
  const sandbox = createMemorySandbox({
    files: Object.entries(files).map(([path, content]) => ({ path, kind: "file" as const, content })),
    limits: { outputBytes: 4 * 1024 * 1024 },
  });
  return { sandbox, runCommand: createRunCommandTool({ sandbox }), runCode: createRunCodeTool({ sandbox }) };
}

// A compiler's output: its first error at the top, 2,000 lines of noise, a summary at the end.
const compilerOutput =
  "src/app.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.\n" +
  Array.from({ length: 2000 }, (_, i) => `  note ${i}: while checking something long enough to matter here`).join("\n") +
  "\nFound 1 error in src/app.ts:3\n";

describe("keepHeadAndTail", () => {
  it("keeps the first error and the summary, cut on line boundaries, and says what was omitted", () => {
    const kept = keepHeadAndTail(compilerOutput, 4000);
    expect(kept.length).toBeLessThanOrEqual(4000);
    expect(kept.startsWith("src/app.ts(3,7): error TS2322")).toBe(true);
    expect(kept.endsWith("Found 1 error in src/app.ts:3\n")).toBe(true);
    const marker = /\n\[… ([\d,]+) lines \(([\d,]+) bytes\) omitted …\]\n {2}note \d+:/.exec(kept);
    expect(marker).not.toBeNull();
    // Every kept line is whole: the omitted text is exactly what is missing.
    const [head, tail] = kept.split(/\[… [^\]]* omitted …\]\n/);
    const omitted = compilerOutput.slice(head!.length, compilerOutput.length - tail!.length);
    expect(head! + omitted + tail!).toBe(compilerOutput);
    expect(Number(marker![1]!.replace(/,/g, ""))).toBe(omitted.split("\n").length - 1);
    expect(Number(marker![2]!.replace(/,/g, ""))).toBe(new TextEncoder().encode(omitted).byteLength);
  });

  it("leaves short output alone and cuts one huge line inside it, at both ends", () => {
    expect(keepHeadAndTail("ok\n", 10)).toBe("ok\n");
    const line = "a".repeat(5000) + "END";
    const kept = keepHeadAndTail(line, 1000);
    expect(kept).toMatch(/^a+…\n\[… 0 lines \([\d,]+ bytes\) omitted …\]\n…a+END$/);
    expect(kept.length).toBeLessThanOrEqual(1000);
  });

  it("never splits a surrogate pair", () => {
    const kept = keepHeadAndTail("😀".repeat(3000), 1001);
    expect(kept).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  });
});

describe("run_command", () => {
  it("keeps a compiler's first error at the top of long output (not only the last characters)", async () => {
    const { runCommand, sandbox } = setup();
    await sandbox.writeFile("out.txt", compilerOutput);
    const { output, text } = await run(runCommand, { command: "cat out.txt; exit 2" });
    expect(output.exitCode).toBe(2);
    expect(output.stdout).toMatch(/^src\/app\.ts\(3,7\): error TS2322/);
    expect(output.stdout).toMatch(/Found 1 error in src\/app\.ts:3\n$/);
    expect(output.stdout).toMatch(/\[… [\d,]+ lines \([\d,]+ bytes\) omitted …\]/);
    expect(text).toMatch(/^\$ cat out\.txt; exit 2\nexit 2 \(\d+\.\d s\)\nsrc\/app\.ts\(3,7\): error TS2322/);
  });

  it("fits output to the model's window: a small window keeps less", async () => {
    const { sandbox } = setup();
    await sandbox.writeFile("out.txt", compilerOutput);
    const small = await run(createRunCommandTool({ sandbox, contextTokens: 8_192 }), { command: "cat out.txt" });
    const large = await run(createRunCommandTool({ sandbox, contextTokens: 200_000 }), { command: "cat out.txt" });
    expect(small.output.stdout!.length).toBeLessThan(large.output.stdout!.length);
    expect(small.output.stdout).toMatch(/^src\/app\.ts\(3,7\): error TS2322[^]*Found 1 error/);
  });

  it("gives stderr its share when stdout is long", () => {
    const result = commandResult({ exitCode: 1, stdout: "x\n".repeat(10_000), stderr: "boom\n", durationMs: 5, truncated: false }, 30, 1000);
    expect(result.stderr).toBe("boom\n");
    expect(result.stdout.length + result.stderr.length).toBeLessThanOrEqual(1000);
  });

  it("writes stdin to the command, which then ends", async () => {
    const { runCommand } = setup();
    const { output, text } = await run(runCommand, { command: "cat", stdin: "first answer\ny\n" });
    expect(output).toMatchObject({ exitCode: 0, stdout: "first answer\ny\n", stderr: "" });
    expect(text).toBe("$ cat\nexit 0 (0.0 s)\nfirst answer\ny");
    expect((await run(runCommand, { command: "cat" })).output.stdout).toBe("");
  });

  it("renders stderr, notes and empty output as text", () => {
    expect(commandOutputText({ exitCode: 124, stdout: "", stderr: "slow\n", durationMs: 30_000, note: "Timed out after 30s and was killed." }, "sleep 99")).toBe(
      "$ sleep 99\nexit 124 (30 s)\nstderr:\nslow\nTimed out after 30s and was killed.",
    );
    expect(commandOutputText({ exitCode: 0, stdout: "", stderr: "", durationMs: 1200 })).toBe("exit 0 (1.2 s)\n(no output)");
  });

  it("answers a bad working folder with an error the model reads as text", async () => {
    const { runCommand } = setup();
    const { output, text } = await run(runCommand, { command: "ls", cwd: "../x" });
    expect(output.error).toMatch(/Invalid path/);
    expect(text).toMatch(/^Error: Invalid path/);
  });

  it("run_code answers in the same text form", async () => {
    const { runCode } = setup();
    const { text } = await run(runCode, { language: "javascript", code: "console.log(6 * 7)" });
    expect(text).toMatch(/^exit 0 \(\d+\.\d s\)\n42$/);
  });
});
