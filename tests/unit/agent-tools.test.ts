import { generateText, stepCountIs, type Tool } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { globToRegExp } from "@/lib/agent/tools/glob";
import { createAgentTools, PathMutex, type AgentToolContext } from "@/lib/agent/tools";
import { createMemorySandbox } from "@/lib/sandbox/memory";
import type { ExecOptions, ExecResult, Sandbox } from "@/lib/sandbox/types";

type LanguageModelV3GenerateResult = Awaited<ReturnType<MockLanguageModelV3["doGenerate"]>>;
type Result = Record<string, unknown> & { error?: string };

async function call<I, O>(t: Tool<I, O>, input: I): Promise<Result> {
  return (await t.execute!(input, { toolCallId: "call-1", messages: [] })) as Result;
}

function setup(files: Record<string, string> = {}, context: Partial<AgentToolContext> = {}) {
  const sandbox = createMemorySandbox({
    files: Object.entries(files).map(([path, content]) => ({ path, kind: "file" as const, content })),
  });
  const written: string[] = [];
  const tools = createAgentTools({ sandbox, onFileWritten: (e) => written.push(`${e.change}:${e.path}`), ...context });
  const text = async (path: string) => new TextDecoder().decode(await sandbox.readFile(path));
  return { sandbox, tools, written, text };
}

describe("globToRegExp", () => {
  it.each([
    ["*.ts", "a.ts", true],
    ["*.ts", "src/a.ts", false],
    ["**/*.ts", "a.ts", true],
    ["**/*.ts", "src/deep/a.ts", true],
    ["src/**", "src/a/b.js", true],
    ["src/*.{js,ts}", "src/x.ts", true],
    ["src/*.{js,ts}", "src/x.md", false],
    ["a?.js", "ab.js", true],
    ["a.js", "axjs", false],
  ])("%s ~ %s → %s", (glob, path, expected) => {
    expect(globToRegExp(glob).test(path)).toBe(expected);
  });
});

describe("list_files", () => {
  const files = { "a.ts": "", "src/b.ts": "", "src/c.md": "", "node_modules/x/index.js": "", ".git/HEAD": "" };

  it("lists project files without generated folders", async () => {
    const { tools } = setup(files);
    expect(await call(tools.list_files, {})).toEqual({ files: ["a.ts", "src/b.ts", "src/c.md"] });
  });

  it("filters by glob and bounds the count", async () => {
    const { tools } = setup(files);
    expect(await call(tools.list_files, { glob: "**/*.ts" })).toEqual({ files: ["a.ts", "src/b.ts"] });
    expect(await call(tools.list_files, { limit: 1 })).toMatchObject({ files: ["a.ts"], truncated: true });
    expect(await call(tools.list_files, { path: "missing" })).toEqual({ error: "missing does not exist" });
  });
});

describe("read_file", () => {
  const long = Array.from({ length: 10 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";

  it("reads a window and says where it continues", async () => {
    const { tools } = setup({ "a.txt": long });
    const result = await call(tools.read_file, { path: "a.txt", offset: 3, limit: 2 });
    expect(result).toMatchObject({ startLine: 3, endLine: 4, totalLines: 10, nextOffset: 5 });
    expect(result.content).toBe("line 3\nline 4");
    expect((await call(tools.read_file, { path: "a.txt" })).content).toBe(long.trimEnd());
  });

  it.each([
    ["missing.txt", {}, "missing.txt does not exist"],
    ["../etc/passwd", {}, /Invalid path/],
    ["a.txt", { offset: 50 }, /offset 50 is past the end/],
    ["bin.dat", {}, /binary/],
    ["dir", {}, /is a folder/],
  ])("%s %j → error", async (path, extra, message) => {
    const { tools, sandbox } = setup({ "a.txt": long, "dir/x": "" });
    await sandbox.writeFile("bin.dat", new Uint8Array([0, 1, 2]));
    const result = await call(tools.read_file, { path, ...extra });
    expect(result.error).toMatch(message);
  });
});

describe("search", () => {
  it("finds regex matches with line numbers, skipping binaries and node_modules", async () => {
    const { tools, sandbox } = setup({
      "a.ts": "const foo = 1;\nfoo();\n",
      "b.md": "FOO here",
      "node_modules/m/i.js": "foo",
    });
    await sandbox.writeFile("bin", new Uint8Array([102, 111, 111, 0]));
    expect(await call(tools.search, { pattern: "fo+", caseSensitive: true })).toMatchObject({
      matches: [
        { path: "a.ts", line: 1, text: "const foo = 1;" },
        { path: "a.ts", line: 2, text: "foo();" },
      ],
    });
    expect(await call(tools.search, { pattern: "foo", caseSensitive: false, glob: "*.md" })).toMatchObject({
      matches: [{ path: "b.md", line: 1, text: "FOO here" }],
    });
    expect(await call(tools.search, { pattern: "foo", maxMatches: 1 })).toMatchObject({ truncated: true });
    expect((await call(tools.search, { pattern: "(" })).error).toMatch(/Invalid regular expression/);
  });
});

describe("write_file / edit_file / rename / delete", () => {
  it("writes, creating folders, and reports it", async () => {
    const { tools, text, written } = setup();
    expect(await call(tools.write_file, { path: "src/new.ts", content: "x" })).toMatchObject({ path: "src/new.ts", created: true, bytes: 1 });
    expect(await text("src/new.ts")).toBe("x");
    expect(written).toEqual(["written:src/new.ts"]);
  });

  it("writes a name the model spells in NFD under its NFC name, and refuses a bidi override naming it", async () => {
    const { tools, text } = setup();
    expect(await call(tools.write_file, { path: "cafe\u0301.md", content: "x" })).toMatchObject({ path: "caf\u00e9.md", created: true });
    expect(await text("caf\u00e9.md")).toBe("x");
    expect((await call(tools.write_file, { path: "a\u202eb.md", content: "x" })).error).toMatch(/U\+202E RIGHT-TO-LEFT OVERRIDE .* is not allowed in file names/);
  });

  it("edits an exact unique text, and says how many matched otherwise", async () => {
    const { tools, text } = setup({ "a.ts": "let a = 1;\nlet b = 1;\n" });
    expect((await call(tools.edit_file, { path: "a.ts", oldText: "= 1", newText: "= 2" })).error).toMatch(/matches 2 places, at lines 1, 2/);
    expect((await call(tools.edit_file, { path: "a.ts", oldText: "zzz", newText: "" })).error).toMatch(/oldText was not found/);
    expect(await call(tools.edit_file, { path: "a.ts", oldText: "let b = 1", newText: "let b = 3" })).toMatchObject({
      path: "a.ts",
      replaced: 1,
      line: 2,
    });
    expect(await text("a.ts")).toBe("let a = 1;\nlet b = 3;\n");
    expect((await call(tools.edit_file, { path: "nope.ts", oldText: "a", newText: "b" })).error).toBe("nope.ts does not exist. To create it, use write_file.");
  });

  it("renames and deletes, refusing to overwrite", async () => {
    const { tools, sandbox, written } = setup({ "a.ts": "a", "b.ts": "b", "d/x.ts": "x" });
    expect((await call(tools.rename, { from: "a.ts", to: "b.ts" })).error).toMatch(/already exists/);
    expect(await call(tools.rename, { from: "a.ts", to: "lib/a.ts" })).toEqual({ from: "a.ts", to: "lib/a.ts" });
    expect(await sandbox.exists("lib/a.ts")).toBe(true);
    expect(await call(tools.delete, { path: "b.ts" })).toEqual({ path: "b.ts", deleted: true });
    expect((await call(tools.delete, { path: "b.ts" })).error).toBe("b.ts does not exist");
    expect((await call(tools.delete, { path: "d" })).error).toMatch(/not empty/);
    expect(await call(tools.delete, { path: "d", recursive: true })).toEqual({ path: "d", deleted: true });
    expect(written).toEqual(["renamed:lib/a.ts", "deleted:b.ts", "deleted:d"]);
  });

  it.each([
    ["a Set", new Set(["src/locked.ts"])],
    ["a predicate", (path: string) => path === "src/locked.ts" || path === "src"],
  ])("refuses to change locked files given %s", async (_, lockedPaths) => {
    const { tools, text } = setup({ "src/locked.ts": "keep" }, { lockedPaths });
    const locked = /locked by the user/;
    expect((await call(tools.write_file, { path: "src/locked.ts", content: "x" })).error).toMatch(locked);
    expect((await call(tools.edit_file, { path: "src/locked.ts", oldText: "keep", newText: "x" })).error).toMatch(locked);
    expect((await call(tools.rename, { from: "src/locked.ts", to: "b.ts" })).error).toMatch(locked);
    expect((await call(tools.rename, { from: "src", to: "lib" })).error).toMatch(locked);
    expect((await call(tools.delete, { path: "src", recursive: true })).error).toMatch(locked);
    expect(await text("src/locked.ts")).toBe("keep");
    expect((await call(tools.read_file, { path: "src/locked.ts" })).content).toBe("keep");
  });

  it("serializes concurrent edits to one path so none is lost", async () => {
    const { tools, text } = setup({ "a.txt": "a b c d e" });
    const results = await Promise.all(
      ["a", "b", "c", "d", "e"].map((letter) => call(tools.edit_file, { path: "a.txt", oldText: letter, newText: letter.toUpperCase() })),
    );
    expect(results.every((r) => !r.error)).toBe(true);
    expect(await text("a.txt")).toBe("A B C D E");
  });

  it("PathMutex runs one path's tasks in order and survives failures", async () => {
    const mutex = new PathMutex();
    const order: string[] = [];
    const slow = mutex.run(["p"], async () => {
      await new Promise((r) => setTimeout(r, 10));
      order.push("first");
      throw new Error("boom");
    });
    const second = mutex.run(["p"], async () => order.push("second"));
    const other = mutex.run(["q"], async () => order.push("other"));
    await expect(slow).rejects.toThrow("boom");
    await Promise.all([second, other]);
    expect(order).toEqual(["other", "first", "second"]);
  });
});

describe("run_command / run_code", () => {
  it("runs a command in the sandbox and keeps both ends of long output", async () => {
    const { tools } = setup({ "a.txt": "hello" });
    expect(await call(tools.run_command, { command: "cat a.txt" })).toMatchObject({ exitCode: 0, stdout: "hello", stderr: "" });
    const long = await call(tools.run_command, { command: "printf '%s' START" + "x".repeat(50_000) + "END" });
    expect(long.stdout).toMatch(/^STARTx+…\n\[… 0 lines \([\d,]+ bytes\) omitted …\]\n…x+END$/);
    expect((await call(tools.run_command, { command: "ls", cwd: "../x" })).error).toMatch(/Invalid path/);
  });

  it("writes the snippet under .agent/ and runs it with node or python3", async () => {
    const sandbox = createMemorySandbox();
    const seen: { command: string; code: string; options?: ExecOptions }[] = [];
    const exec = async (command: string, options?: ExecOptions): Promise<ExecResult> => {
      const file = command.split(" ")[1]!;
      seen.push({ command, code: new TextDecoder().decode(await sandbox.readFile(file)), options });
      return { exitCode: 3, stdout: "out\n", stderr: "err\n", durationMs: 5, truncated: false };
    };
    const tools = createAgentTools({ sandbox: Object.assign(sandbox, { exec }) as Sandbox });
    expect(await call(tools.run_code, { language: "javascript", code: "console.log(1)" })).toEqual({
      exitCode: 3,
      stdout: "out\n",
      stderr: "err\n",
      durationMs: 5,
    });
    await call(tools.run_code, { language: "python", code: "print(1)", timeoutSeconds: 2 });
    expect(seen[0]).toMatchObject({ command: expect.stringMatching(/^node \.agent\/[\w-]+\.mjs$/), code: "console.log(1)" });
    expect(seen[1]).toMatchObject({ command: expect.stringMatching(/^python3 \.agent\/[\w-]+\.py$/), options: { timeoutMs: 2000 } });
    expect(await sandbox.readdir(".agent")).toEqual([]);
  });
});

describe("the tool loop with a mock model", () => {
  const usage = {
    inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: 5, text: 5, reasoning: undefined },
  };
  const toolCall = (id: string, toolName: string, input: unknown): LanguageModelV3GenerateResult => ({
    content: [{ type: "tool-call", toolCallId: id, toolName, input: JSON.stringify(input) }],
    finishReason: { unified: "tool-calls", raw: "tool_calls" },
    usage,
    warnings: [],
  });

  it("lists, writes, reads, then answers", async () => {
    const { sandbox, tools, text } = setup({ "README.md": "# demo" });
    const model = new MockLanguageModelV3({
      doGenerate: [
        toolCall("1", "list_files", {}),
        toolCall("2", "write_file", { path: "src/hello.js", content: "console.log('hi')\n" }),
        toolCall("3", "read_file", { path: "src/hello.js" }),
        { content: [{ type: "text", text: "Created src/hello.js." }], finishReason: { unified: "stop", raw: "stop" }, usage, warnings: [] },
      ],
    });
    const result = await generateText({ model, tools, prompt: "add a hello script", stopWhen: stepCountIs(10) });
    expect(result.text).toBe("Created src/hello.js.");
    expect(result.steps.map((s) => s.toolCalls.map((c) => c.toolName))).toEqual([["list_files"], ["write_file"], ["read_file"], []]);
    expect(result.steps[0]!.toolResults[0]!.output).toEqual({ files: ["README.md"] });
    expect(result.steps[2]!.toolResults[0]!.output).toMatchObject({ content: "console.log('hi')" });
    expect(await text("src/hello.js")).toBe("console.log('hi')\n");
    expect(await sandbox.exists("src/hello.js")).toBe(true);
    // The model saw each tool's result in the next call's prompt.
    expect(JSON.stringify(model.doGenerateCalls[3]!.prompt)).toContain("console.log('hi')");
  });

  it("stops at the step cap", async () => {
    const { tools } = setup();
    const model = new MockLanguageModelV3({ doGenerate: async () => toolCall("x", "list_files", {}) });
    const result = await generateText({ model, tools, prompt: "loop", stopWhen: stepCountIs(3) });
    expect(result.steps).toHaveLength(3);
  });
});
