import type { Tool } from "ai";
import { describe, expect, it } from "vitest";
import { createGlobFilter, globToRegExp } from "@/lib/agent/tools/glob";
import { createListFilesTool } from "@/lib/agent/tools/list-files";
import { createSearchTool, hasUppercase, runSearch, searchOutputText, type SearchOutput } from "@/lib/agent/tools/search";
import { createMemorySandbox } from "@/lib/sandbox/memory";

type Result = Record<string, unknown> & { error?: string };

async function call<I, O>(t: Tool<I, O>, input: I): Promise<Result> {
  return (await t.execute!(input, { toolCallId: "call-1", messages: [] })) as Result;
}

async function modelText<I, O>(t: Tool<I, O>, input: I): Promise<string> {
  const output = await t.execute!(input, { toolCallId: "call-1", messages: [] });
  const rendered = await t.toModelOutput!({ toolCallId: "call-1", input, output: output as never });
  expect(rendered.type).toBe("text");
  return (rendered as { value: string }).value;
}

const project = {
  "README.md": "# Demo\nUses Helper everywhere.\n",
  "app.ts": "import { Helper } from './src/util/helpers';\n",
  "src/app.ts": "export const app = 1;\n",
  "src/util/helpers.ts": "export class Helper {\n  run() {\n    return helper();\n  }\n}\nfunction helper() {\n  return 1;\n}\n",
  "src/util/notes.md": "helper notes\n",
  "lib/other.ts": "// Helper( in a comment\n",
  "node_modules/pkg/index.ts": "Helper\n",
};

function setup(files: Record<string, string | Uint8Array> = project) {
  const sandbox = createMemorySandbox({
    files: Object.entries(files).map(([path, content]) => ({ path, kind: "file" as const, content })),
    limits: { projectBytes: 10 * 1024 * 1024 },
  });
  return { sandbox, tools: { search: createSearchTool({ sandbox }), list_files: createListFilesTool({ sandbox }) } };
}

const paths = (result: Result) => (result.matches as { path: string }[]).map((m) => m.path);

describe("globs", () => {
  it.each([
    ["*.ts", "src/util/helpers.ts", "", true],
    ["*.ts", "a.ts", "", true],
    ["*.ts", "src/notes.md", "", false],
    ["src/**/*.ts", "src/util/helpers.ts", "", true],
    ["**/*.ts", "helpers.ts", "", true],
    ["util/*.ts", "src/util/helpers.ts", "src", true],
    ["src/util/*.ts", "src/util/helpers.ts", "src", true],
    ["util/*.ts", "lib/util/x.ts", "src", false],
    ["*.{ts,md}", "src/util/notes.md", "", true],
    ["{src,lib}/**/*.ts", "lib/other.ts", "", true],
    ["[ab].ts", "src/a.ts", "", true],
    ["[!ab].ts", "src/c.ts", "", true],
    ["[!ab].ts", "src/a.ts", "", false],
    ["./*.md", "README.md", "", true],
  ])("%s ~ %s (under %j) → %s", (glob, path, root, expected) => {
    expect(createGlobFilter(glob, root)(path)).toBe(expected);
  });

  it("keeps globToRegExp anchored to the whole path (the approval allow-list relies on it)", () => {
    expect(globToRegExp("*.ts").test("src/a.ts")).toBe(false);
    expect(globToRegExp("src/*.{js,ts}").test("src/x.ts")).toBe(true);
  });

  it("list_files and search agree on a glob under a path (one walk, one glob)", async () => {
    const { tools } = setup();
    const listed = await call(tools.list_files, { path: "src", glob: "*.ts" });
    expect(listed).toEqual({ files: ["src/app.ts", "src/util/helpers.ts"] });
    const found = await call(tools.search, { pattern: "export", path: "src", glob: "*.ts", mode: "files" });
    expect(found.files).toEqual(listed.files);
    expect(await call(tools.list_files, { glob: "*.ts" })).toEqual({ files: ["app.ts", "lib/other.ts", "src/app.ts", "src/util/helpers.ts"] });
    expect(await call(tools.list_files, { path: "src", glob: "*.tsx" })).toEqual({
      files: [],
      note: 'No file under src/ matches the glob "*.tsx" (3 files looked at).',
    });
  });
});

describe("search", () => {
  it('finds nested files with glob "*.ts" (ripgrep -g), not only root-level ones', async () => {
    const { tools } = setup();
    expect(paths(await call(tools.search, { pattern: "class Helper", glob: "*.ts" }))).toEqual(["src/util/helpers.ts"]);
  });

  it("scopes to path, with and without a glob, and accepts a file or a leading slash as path", async () => {
    const { tools } = setup();
    expect(paths(await call(tools.search, { pattern: "Helper", path: "src" }))).toEqual(["src/util/helpers.ts"]);
    expect(paths(await call(tools.search, { pattern: "Helper", path: "src", glob: "*.ts" }))).toEqual(["src/util/helpers.ts"]);
    expect(paths(await call(tools.search, { pattern: "Helper", path: "/src/util/helpers.ts" }))).toEqual(["src/util/helpers.ts"]);
    expect(await call(tools.search, { pattern: "x", path: "missing" })).toEqual({ error: "missing does not exist" });
  });

  it("is smart-case: insensitive without capitals, sensitive with them, caseSensitive overrides", async () => {
    const { tools } = setup();
    const lower = await call(tools.search, { pattern: "helper", glob: "*.ts" });
    expect((lower.matches as unknown[]).length).toBe(5);
    expect(lower.searched).toMatchObject({ caseSensitive: false });
    const upper = await call(tools.search, { pattern: "Helper", glob: "*.ts" });
    expect((upper.matches as { line: number }[]).map((m) => m.line)).toEqual([1, 1, 1]);
    expect((await call(tools.search, { pattern: "helper", glob: "*.ts", caseSensitive: true })).matches).toHaveLength(3);
    expect((await call(tools.search, { pattern: "Helper", glob: "*.ts", caseSensitive: false })).matches).toHaveLength(5);
  });

  it.each([
    ["helper", false, false],
    ["Helper", false, true],
    ["\\w+\\S\\W", false, false],
    ["\\bfoo\\B\\u00e9\\x41\\p{Lu}", false, false],
    ["\\d+X", false, true],
    ["\\W", true, true],
    ["été", true, false],
    ["Été", true, true],
  ])("hasUppercase(%j, literal %s) → %s", (pattern, literal, expected) => {
    expect(hasUppercase(pattern, literal)).toBe(expected);
  });

  it("searches plain text with literal: true, and suggests it for a broken regex", async () => {
    const { tools } = setup();
    const broken = await call(tools.search, { pattern: "Helper(" });
    expect(broken.error).toMatch(/Invalid regular expression.*literal: true/);
    const literal = await call(tools.search, { pattern: "Helper(", literal: true });
    expect(literal.matches).toEqual([{ path: "lib/other.ts", line: 1, text: "// Helper( in a comment" }]);
    expect((await call(tools.search, { pattern: ".*", literal: true })).matches).toEqual([]);
  });

  it("answers only paths in files mode and counts per file in count mode", async () => {
    const { tools } = setup();
    expect(await call(tools.search, { pattern: "helper", mode: "files" })).toMatchObject({
      mode: "files",
      files: ["app.ts", "README.md", "lib/other.ts", "src/util/helpers.ts", "src/util/notes.md"],
    });
    const counted = await call(tools.search, { pattern: "helper", mode: "count", glob: "*.ts" });
    expect(counted).toMatchObject({
      counts: [
        { path: "app.ts", count: 1 },
        { path: "lib/other.ts", count: 1 },
        { path: "src/util/helpers.ts", count: 3 },
      ],
      total: 5,
    });
    expect(await modelText(tools.search, { pattern: "helper", mode: "count", glob: "*.ts" })).toBe(
      "app.ts:1\nlib/other.ts:1\nsrc/util/helpers.ts:3\n(5 matching lines in 3 files)",
    );
    const capped = await call(tools.search, { pattern: "helper", mode: "files", maxMatches: 2 });
    expect(capped).toMatchObject({ files: ["app.ts", "README.md"], truncated: true });
  });

  it("shows context lines, ripgrep-style, merging overlaps", async () => {
    const { tools } = setup();
    const result = await call(tools.search, { pattern: "return", path: "src/util/helpers.ts", context: 1 });
    expect(result.matches).toEqual([
      { path: "src/util/helpers.ts", line: 3, text: "    return helper();", before: ["  run() {"], after: ["  }"] },
      { path: "src/util/helpers.ts", line: 7, text: "  return 1;", before: ["function helper() {"], after: ["}"] },
    ]);
    expect(await modelText(tools.search, { pattern: "helper\\(|run", path: "src/util/helpers.ts", context: 1 })).toBe(
      [
        "src/util/helpers.ts-1-export class Helper {",
        "src/util/helpers.ts:2:  run() {",
        "src/util/helpers.ts:3:    return helper();",
        "src/util/helpers.ts-4-  }",
        "src/util/helpers.ts-5-}",
        "src/util/helpers.ts:6:function helper() {",
        "src/util/helpers.ts-7-  return 1;",
      ].join("\n"),
    );
    expect(await modelText(tools.search, { pattern: "return", path: "src/util/helpers.ts", context: 0 })).toBe(
      "src/util/helpers.ts:3:    return helper();\nsrc/util/helpers.ts:7:  return 1;",
    );
  });

  it("says what was searched when nothing matches, and when the glob matched no file", async () => {
    const { tools } = setup();
    expect(await modelText(tools.search, { pattern: "nowhere", path: "src", glob: "*.ts" })).toBe(
      'No matches for /nowhere/i in 2 files under src/ matching "*.ts" (case-insensitive).',
    );
    const none = await call(tools.search, { pattern: "x", glob: "*.tsx" });
    expect(none).toMatchObject({ matches: [], searched: { filesScanned: 0, glob: "*.tsx", path: "." } });
    expect(none.note).toBe('No file in the project matches the glob "*.tsx" (6 files looked at); nothing was searched.');
  });

  it("reports files over 1 MB instead of skipping them silently", async () => {
    const big = "Helper\n".repeat(200_000);
    const { tools } = setup({ "small.ts": "const a = 1;\n", "data/big.log": big });
    const result = await call(tools.search, { pattern: "Helper" });
    expect(result.matches).toEqual([]);
    expect(result.skippedLarge).toEqual([{ path: "data/big.log", bytes: big.length }]);
    expect(result.note).toContain("Not searched, over 1.0 MB (1 file): data/big.log (1.3 MB); read them with read_file");
    expect(result.note).toContain("No matches for /Helper/ in 1 file in the project");
  });

  it("bounds content matches and keeps a long line's match in view", async () => {
    const minified = "x".repeat(5000) + "needle" + "y".repeat(5000);
    const { tools } = setup({ "a.txt": "hit\n".repeat(10), "min.js": minified });
    expect(await call(tools.search, { pattern: "hit", maxMatches: 3 })).toMatchObject({ truncated: true });
    const [match] = (await call(tools.search, { pattern: "needle" })).matches as { text: string }[];
    expect(match!.text).toContain("needle");
    expect(match!.text.length).toBeLessThanOrEqual(302);
  });

  it("stops a catastrophically backtracking regex with a clear error, and keeps serving searches after", async () => {
    const { sandbox } = setup({ "evil.txt": "a".repeat(40) + "!\n", "ok.txt": "fine\n" });
    const result = await runSearch(sandbox, { pattern: "(a+)+$" }, { fileMs: 300, totalMs: 5000 });
    expect(result).toEqual({
      error: expect.stringMatching(/^The pattern \/\(a\+\)\+\$\/i ran longer than 300 ms on evil\.txt and was stopped: it likely backtracks catastrophically/),
    });
    expect(await runSearch(sandbox, { pattern: "fi+ne" })).toMatchObject({ matches: [{ path: "ok.txt", line: 1 }] });
  });

  it("stops at the whole search's time budget with what it found so far, not with a backtracking error", async () => {
    const { sandbox } = setup({ "a.txt": "aaa\n", "b.txt": "a".repeat(40) + "!\n" });
    const result = await runSearch(sandbox, { pattern: "(a+)+$" }, { fileMs: 60_000, totalMs: 300 });
    expect(result).toMatchObject({ matches: [{ path: "a.txt", line: 1 }], truncated: true });
    expect((result as SearchOutput).note).toMatch(/^Stopped after 0.3 s having searched 1 file; narrow the path or glob\.$/);
  });

  it("says so when a file given as path does not match the glob", async () => {
    const { tools } = setup();
    expect((await call(tools.search, { pattern: "x", path: "README.md", glob: "*.ts" })).note).toBe(
      'No file in README.md matches the glob "*.ts" (1 file looked at); nothing was searched.',
    );
  });

  it("renders an error as text for the model", async () => {
    const { tools } = setup();
    expect(await modelText(tools.search, { pattern: "(" })).toMatch(/^Error: Invalid regular expression/);
  });

  it("reads CRLF files line by line without the carriage return", async () => {
    const { tools } = setup({ "win.txt": "one\r\ntwo end\r\n" });
    expect((await call(tools.search, { pattern: "end$" })).matches).toEqual([{ path: "win.txt", line: 2, text: "two end" }]);
  });

  it("renders the text form of every mode from the output alone", () => {
    const output: SearchOutput = {
      mode: "files",
      files: ["a.ts"],
      searched: { pattern: "/x/", path: ".", caseSensitive: true, literal: false, filesScanned: 1 },
      note: "Showing the first 1 files; more exist.",
    };
    expect(searchOutputText(output)).toBe("a.ts\n\nShowing the first 1 files; more exist.");
  });
});
