import { generateText, stepCountIs, type Tool } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { toolOutputBudget } from "@/lib/agent/limits";
import { createAgentTools, type AgentToolContext } from "@/lib/agent/tools";
import { readFileInputSchema } from "@/lib/agent/tools/read-file";
import { toolOutputText, withTurnNotes } from "@/lib/agent/tools/model-text";
import { readToolResult, summarizeToolCall } from "@/lib/client/agent-message-view";
import { createMemorySandbox } from "@/lib/sandbox/memory";

// The agent's reading, editing and checking tools against the in-memory sandbox, with the text
// the model reads of each result: what a model needs to recover from its usual mistakes.

type Result = Record<string, unknown> & { error?: string; text?: string };

async function call<I, O>(t: Tool<I, O>, input: I): Promise<Result> {
  return (await t.execute!(input, { toolCallId: "call-1", messages: [] })) as Result;
}

/** What the model is sent for a result, through the tool's own toModelOutput. */
async function modelText<I, O>(t: Tool<I, O>, input: I): Promise<string> {
  const output = await t.execute!(input, { toolCallId: "call-1", messages: [] });
  const sent = await t.toModelOutput!({ toolCallId: "call-1", input, output: output as never });
  expect(sent.type).toBe("text");
  return (sent as { value: string }).value;
}

function setup(files: Record<string, string> = {}, context: Partial<AgentToolContext> = {}) {
  const sandbox = createMemorySandbox({ files: Object.entries(files).map(([path, content]) => ({ path, kind: "file" as const, content })) });
  const tools = createAgentTools({ sandbox, ...context });
  const text = async (path: string) => new TextDecoder().decode(await sandbox.readFile(path));
  return { sandbox, tools, text };
}

const numbered = (from: number, lines: string[]) => lines.map((line, i) => `${String(from + i).padStart(6)}\t${line}`).join("\n");

describe("what the model reads of a result", () => {
  it("is plain text: fields by name, errors as Error:, a text field as is, the turn's notes after it", () => {
    expect(toolOutputText({ error: "a.ts does not exist" })).toBe("Error: a.ts does not exist");
    expect(toolOutputText({ path: "a.ts", deleted: true })).toBe("path: a.ts\ndeleted: true");
    expect(toolOutputText({ exitCode: 1, stdout: 'say "hi"\n\tdone' })).toBe('exitCode: 1\nstdout:\nsay "hi"\n\tdone');
    expect(toolOutputText({ path: "a.ts", text: "Edited a.ts." })).toBe("Edited a.ts.");
    expect(toolOutputText({ truncated: "{…} [older tool output shortened]" })).toBe("truncated: {…} [older tool output shortened]");
    expect(withTurnNotes({ type: "text", value: "Edited a.ts." }, { text: "Edited a.ts.", saveError: "the project is locked" })).toEqual({
      type: "text",
      value: "Edited a.ts.\nNot saved: the project is locked",
    });
  });

  it("reaches the model in the next request as text with numbered lines, not a JSON-escaped object", async () => {
    const { tools } = setup({ "src/a.js": 'const s = "x";\n\tif (a) {\n}\n' });
    const usage = { inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: 1, text: 1, reasoning: undefined } };
    const model = new MockLanguageModelV3({
      doGenerate: [
        { content: [{ type: "tool-call", toolCallId: "1", toolName: "read_file", input: JSON.stringify({ path: "src/a.js" }) }], finishReason: { unified: "tool-calls", raw: "tool_calls" }, usage, warnings: [] },
        { content: [{ type: "text", text: "ok" }], finishReason: { unified: "stop", raw: "stop" }, usage, warnings: [] },
      ],
    });
    await generateText({ model, tools, prompt: "read it", stopWhen: stepCountIs(3) });
    const toolMessage = model.doGenerateCalls[1]!.prompt.find((m) => m.role === "tool")!;
    const part = toolMessage.content[0] as { type: string; output: { type: string; value: string } };
    expect(part.output.type).toBe("text");
    expect(part.output.value).toBe(`src/a.js (3 lines)\n${numbered(1, ['const s = "x";', "\tif (a) {", "}"])}`);
  });
});

describe("read_file", () => {
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`);

  it("numbers lines, reads a range, and says how to continue", async () => {
    const { tools } = setup({ "a.txt": lines(10).join("\n") + "\n" });
    expect(await modelText(tools.read_file, { path: "a.txt", offset: 3, limit: 2 })).toBe(
      `a.txt lines 3–4 of 10\n${numbered(3, ["line 3", "line 4"])}\n[Showing lines 3–4 of 10. Continue with offset=5.]`,
    );
    expect(await modelText(tools.read_file, { path: "a.txt", offset: 9 })).toBe(`a.txt lines 9–10 of 10\n${numbered(9, ["line 9", "line 10"])}\n[End of file: line 10 is the last.]`);
    expect(await modelText(tools.read_file, { path: "a.txt", offset: 11 })).toBe("Error: a.txt has 10 lines; offset 11 is past the end. Use an offset from 1 to 10.");
  });

  it("reads up to 2,000 lines a call", async () => {
    const { tools } = setup({ "big.ts": lines(3000).join("\n") });
    const first = await call(tools.read_file, { path: "big.ts" });
    expect(first).toMatchObject({ startLine: 1, endLine: 2000, totalLines: 3000, nextOffset: 2001 });
    expect(await call(tools.read_file, { path: "big.ts", offset: 2001 })).toMatchObject({ endLine: 3000 });
    expect(readFileInputSchema.safeParse({ path: "big.ts", limit: 2001 }).success).toBe(false);
  });

  it("sizes a read to the model's context window and cuts minified lines", async () => {
    const code = lines(2000).map((l) => `${l} ${"x".repeat(40)}`);
    const small = setup({ "a.js": code.join("\n"), "min.js": "y".repeat(60_000) }, { contextTokens: 8_192 });
    const read = await call(small.tools.read_file, { path: "a.js" });
    const cap = toolOutputBudget(8_192).readChars;
    expect((read.content as string).length).toBeLessThanOrEqual(cap);
    expect(read.nextOffset).toBe((read.endLine as number) + 1);
    const large = setup({ "a.js": code.join("\n") }, { contextTokens: 200_000 });
    expect((await call(large.tools.read_file, { path: "a.js" })).endLine).toBeGreaterThan(read.endLine as number);
    const min = await modelText(small.tools.read_file, { path: "min.js" });
    expect(min.length).toBeLessThan(cap);
    expect(min).toMatch(/… \[line cut: 58000 more characters\]\n\[Line 1 is too long and cut; use search to find text in it\.\]$/);
  });

  it("shows a CRLF file with plain newlines and says it is CRLF", async () => {
    const { tools } = setup({ "w.js": "function a() {\r\n  return 1;\r\n}\r\n" });
    const text = await modelText(tools.read_file, { path: "w.js" });
    expect(text).not.toContain("\r");
    expect(text).toBe(`w.js (3 lines) — the file has CRLF line endings, shown here as plain newlines; write plain newlines in edits and the file keeps CRLF\n${numbered(1, ["function a() {", "  return 1;", "}"])}`);
  });
});

describe("edit_file", () => {
  const source = ["export function total(items) {", "  let sum = 0;", "  for (const item of items) {", "    sum += item.price;", "  }", "  return sum;", "}", ""].join("\n");

  it("applies a list of edits in order and answers with a numbered snippet", async () => {
    const { tools, text } = setup({ "cart.js": source });
    const answer = await modelText(tools.edit_file, {
      path: "cart.js",
      edits: [
        { oldText: "let sum = 0;", newText: "let sum = 0;\n  let count = 0;" },
        { oldText: "    sum += item.price;", newText: "    sum += item.price;\n    count++;" },
      ],
    });
    expect(await text("cart.js")).toContain("let count = 0;\n  for (const item of items) {\n    sum += item.price;\n    count++;");
    expect(answer).toMatch(/^Edited cart\.js: 2 edits, 2 replacements\.\n/);
    expect(answer).toContain(numbered(2, ["  let sum = 0;", "  let count = 0;", "  for (const item of items) {", "    sum += item.price;", "    count++;"]));
    expect(answer).toMatch(/Syntax check: no new errors\.$/);
  });

  it("applies all edits or none, naming the one that failed", async () => {
    const { tools, text } = setup({ "cart.js": source });
    const result = await call(tools.edit_file, {
      path: "cart.js",
      edits: [
        { oldText: "let sum = 0;", newText: "let sum = 1;" },
        { oldText: "return total;", newText: "return sum;" },
      ],
    });
    expect(result.error).toMatch(/^Edit 2 of 2: oldText was not found in the file\./);
    expect(result.error).toMatch(/cart\.js was not changed \(no edit was applied\)\.$/);
    expect(await text("cart.js")).toBe(source);
  });

  it("keeps accepting a single oldText/newText, and replaceAll renames within the file", async () => {
    const { tools, text } = setup({ "a.js": "fetchData();\nfetchData(1);\nconst x = fetchData;\n" });
    expect((await call(tools.edit_file, { path: "a.js", oldText: "fetchData", newText: "loadData" })).error).toBe(
      "oldText matches 3 places, at lines 1, 2, 3. Include more of the surrounding lines so it matches one place, or set replaceAll: true to change every one.\na.js was not changed.",
    );
    expect(await call(tools.edit_file, { path: "a.js", edits: [{ oldText: "fetchData", newText: "loadData", replaceAll: true }] })).toMatchObject({ replaced: 3 });
    expect(await text("a.js")).toBe("loadData();\nloadData(1);\nconst x = loadData;\n");
    expect((await call(tools.edit_file, { path: "a.js" })).error).toMatch(/Give the change as edits/);
  });

  it("edits a CRLF file with plain-newline text and keeps its CRLF", async () => {
    const { tools, text } = setup({ "w.js": "function a() {\r\n  return 1;\r\n}\r\n" });
    const result = await call(tools.edit_file, { path: "w.js", oldText: "function a() {\n  return 1;", newText: "function a() {\n  return 2;" });
    expect(result.text).toMatch(/The file keeps its CRLF line endings\./);
    expect(await text("w.js")).toBe("function a() {\r\n  return 2;\r\n}\r\n");
  });

  it.each([
    ["trailing spaces", "  let sum = 0;   \n  for (const item of items) {", "  let sum = 1;\n  for (const item of items) {", /ignoring trailing whitespace/, "  let sum = 1;\n  for"],
    ["read_file's line numbers", "     2\t  let sum = 0;\n     3\t  for (const item of items) {", "     2\t  let sum = 1;\n     3\t  for (const item of items) {", /without the line-number prefixes/, "  let sum = 1;\n  for"],
    ["indentation, re-indenting newText", "let sum = 0;\nfor (const item of items) {\n  sum += item.price;", "let sum = 0;\nfor (const item of items) {\n  if (!item) continue;\n  sum += item.price;", /ignoring indentation \(newText was re-indented to match\)/, "  for (const item of items) {\n    if (!item) continue;\n    sum += item.price;"],
  ])("forgives %s when the match is unique", async (_, oldText, newText, said, expected) => {
    const { tools, text } = setup({ "cart.js": source });
    const result = await call(tools.edit_file, { path: "cart.js", oldText, newText });
    expect(result.error).toBeUndefined();
    expect(result.text).toMatch(said);
    expect(await text("cart.js")).toContain(expected);
  });

  it("refuses a tolerant match that is not unique, with the lines", async () => {
    const { tools } = setup({ "a.py": "def a():\n    return 1\n\ndef b():\n  return 1\n" });
    expect((await call(tools.edit_file, { path: "a.py", oldText: "return 1", newText: "return 2" })).error).toMatch(/matches 2 places, at lines 2, 5/);
    expect((await call(tools.edit_file, { path: "a.py", oldText: "\treturn 1\n", newText: "\treturn 2\n" })).error).toMatch(
      /^oldText matches 2 places \(ignoring indentation\), at lines 2, 5\./,
    );
  });

  it("shows the closest text with line numbers when nothing matches, and when the change is already there", async () => {
    const { tools } = setup({ "cart.js": source });
    const error = (await call(tools.edit_file, { path: "cart.js", oldText: "for (const item of items) {\n    sum += item.cost;\n  }", newText: "x" })).error!;
    expect(error).toContain(`The closest text is lines 3–5 (`);
    expect(error).toContain(numbered(3, ["  for (const item of items) {", "    sum += item.price;", "  }"]));
    expect(error).toContain("First difference, line 4: the file has `sum += item.price;`, oldText has `sum += item.cost;`.");
    const again = (await call(tools.edit_file, { path: "cart.js", oldText: "let total = 0;", newText: "  let sum = 0;" })).error!;
    expect(again).toMatch(/newText is already in the file at line 2/);
  });
});

describe("write_file", () => {
  it("creates a file, refuses to replace one unless asked, and keeps a CRLF file's endings", async () => {
    const { tools, text } = setup({ "src/app.ts": "a\nb\n", "w.txt": "x\r\ny\r\n" });
    expect(await modelText(tools.write_file, { path: "src/new.ts", content: "export const a = 1;\n" })).toBe("Created src/new.ts (1 line, 20 bytes).\nSyntax check: no errors.");
    expect((await call(tools.write_file, { path: "src/app.ts", content: "c" })).error).toBe(
      "src/app.ts already exists (2 lines). To change part of it, use edit_file; to replace all of it, call write_file again with overwrite: true.",
    );
    expect(await text("src/app.ts")).toBe("a\nb\n");
    expect(await call(tools.write_file, { path: "src/app.ts", content: "c\n", overwrite: true })).toMatchObject({ created: false });
    expect(await text("src/app.ts")).toBe("c\n");
    expect(await call(tools.write_file, { path: "w.txt", content: "z\n", overwrite: true })).toMatchObject({ lineEndings: "crlf" });
    expect(await text("w.txt")).toBe("z\r\n");
  });
});

describe("a file changed since the agent read it", () => {
  it("refuses the edit with the change shown, then takes the edit made against the new text", async () => {
    const { tools, sandbox, text } = setup({ "a.js": "const a = 1;\nconst b = 2;\n" });
    await call(tools.read_file, { path: "a.js" });
    await sandbox.writeFile("a.js", "const a = 1;\nconst b = 3;\n"); // the user saves in between
    const refused = (await call(tools.edit_file, { path: "a.js", oldText: "const a = 1;", newText: "const a = 10;" })).error!;
    expect(refused).toContain("a.js changed since you last read it");
    expect(refused).toContain("-const b = 2;\n+const b = 3;");
    expect(await text("a.js")).toBe("const a = 1;\nconst b = 3;\n");
    expect(await call(tools.edit_file, { path: "a.js", oldText: "const a = 1;", newText: "const a = 10;" })).toMatchObject({ replaced: 1 });
    expect(await text("a.js")).toBe("const a = 10;\nconst b = 3;\n");
  });

  it("refuses an overwrite too, counts the agent's own writes as read, and keeps the account per tool set", async () => {
    const { tools, sandbox } = setup({ "a.txt": "one\n" });
    await call(tools.read_file, { path: "a.txt" });
    await call(tools.edit_file, { path: "a.txt", oldText: "one", newText: "two" });
    expect(await call(tools.edit_file, { path: "a.txt", oldText: "two", newText: "three" })).toMatchObject({ replaced: 1 });
    await sandbox.writeFile("a.txt", "user\n");
    expect((await call(tools.write_file, { path: "a.txt", content: "mine\n", overwrite: true })).error).toMatch(/^a\.txt changed since you last read it .*\n.*\n-three\n\+user/s);
    // Another session's tools never read the file: nothing to compare with.
    const other = createAgentTools({ sandbox });
    expect(await call(other.write_file, { path: "a.txt", content: "other\n", overwrite: true })).toMatchObject({ created: false });
  });
});

describe("syntax check after a change, and the check tool", () => {
  it("reports only the errors a change introduces, with their lines", async () => {
    const { tools } = setup({ "a.ts": "const ok = 1;\nconst broken = ;\n", "data.json": '{ "a": 1 }\n' });
    const edited = await call(tools.edit_file, { path: "a.ts", oldText: "const ok = 1;", newText: "const ok = (1;" });
    expect(edited.syntax).toEqual({ diagnostics: [{ line: 1, column: 14, message: "')' expected." }] });
    expect(edited.text).toMatch(/Syntax check: 1 new syntax error \(the change was applied; fix them\):\n {2}line 1, column 14: '\)' expected\.$/);
    const untouched = await call(tools.edit_file, { path: "a.ts", oldText: "const ok = (1;", newText: "const ok = 2;" });
    expect(untouched.text).toMatch(/Syntax check: no new errors\.$/);
    const json = await call(tools.edit_file, { path: "data.json", oldText: '"a": 1', newText: '"a": 1,' });
    expect(json.syntax).toMatchObject({ diagnostics: [{ line: 1 }] });
    expect((await call(tools.write_file, { path: "tsconfig.json", content: '{\n  // comments are fine here\n  "compilerOptions": {},\n}\n' })).syntax).toEqual({ diagnostics: [] });
    expect((await call(tools.write_file, { path: "b.tsx", content: "export const B = () => <div>{1}</div>;\n" })).syntax).toEqual({ diagnostics: [] });
  });

  it("says when Python cannot be checked in this sandbox", async () => {
    const { tools } = setup();
    const written = await modelText(tools.write_file, { path: "a.py", content: "def f(:\n" });
    expect(written).toMatch(/Syntax not checked: python3 is not available in this sandbox\.$/);
  });

  it("checks the files changed in this turn by default, or a file or folder", async () => {
    const { tools } = setup({ "src/ok.js": "export const a = 1;\n", "src/bad.js": "export const = 1;\n", "README.md": "# hi\n" });
    expect(await modelText(tools.check, {})).toBe("You have not changed any files in this turn; give a path to check a file or folder.");
    await call(tools.write_file, { path: "src/new.js", content: "let x = [1, 2;\n" });
    expect(await modelText(tools.check, {})).toBe("Checked 1 file: 1 with syntax errors.\nsrc/new.js: 1 syntax error:\n  line 1, column 14: ',' expected.");
    expect(await modelText(tools.check, { path: "src" })).toBe(
      [
        "Checked 3 files: 2 with syntax errors.",
        "src/bad.js: 2 syntax errors:",
        "  line 1, column 14: Variable declaration expected.",
        "  line 1, column 16: Variable declaration expected.",
        "src/new.js: 1 syntax error:",
        "  line 1, column 14: ',' expected.",
        "src/ok.js: no errors.",
      ].join("\n"),
    );
    expect(await modelText(tools.check, { path: "README.md" })).toMatch(/^Checked 1 file: no syntax errors\.\nREADME\.md: Syntax not checked: no syntax checker for \.md/);
    expect(await modelText(tools.check, { path: "nope" })).toBe("Error: nope does not exist");
  });
});

describe("the panel's view of these results", () => {
  it("shows a worded result as its text, and names the check tool", async () => {
    const { tools } = setup({ "a.js": "let a = 1;\n" });
    const output = await call(tools.edit_file, { path: "a.js", edits: [{ oldText: "1", newText: "2" }] });
    const part = { type: "tool-edit_file", toolCallId: "1", state: "output-available", input: {}, output } as unknown as Parameters<typeof readToolResult>[0]["part"];
    expect(readToolResult({ part })?.text).toBe(`Edited a.js: 1 replacement.\n${numbered(1, ["let a = 2;"])}\nSyntax check: no new errors.`);
    expect(summarizeToolCall({ toolName: "check", input: {} })).toMatchObject({ label: "Checked", target: "changed files", category: "read" });
  });
});
