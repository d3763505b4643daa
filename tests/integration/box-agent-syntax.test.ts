import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgentTools } from "@/lib/agent/tools";
import type { BoxSandbox } from "@/lib/sandbox/box/host";
import { boxFactory, text } from "@/tests/fixtures/box-helpers";

// The agent's syntax check of Python runs the box's python3 (compile(), so no __pycache__ is
// written into the project): only the errors a change introduces are reported, with their lines.

const boxes = boxFactory();
let box: BoxSandbox;

beforeAll(async () => {
  box = await boxes.start({ files: [{ path: "app.py", kind: "file", content: "def total(items):\n    return sum(items)\n" }] });
});
afterAll(() => boxes.close());

type Result = Record<string, unknown> & { error?: string; text?: string };
const call = async <I,>(t: { execute?: (input: I, options: never) => unknown }, input: I) =>
  (await t.execute!(input, { toolCallId: "call-1", messages: [] } as never)) as Result;

describe("Python syntax check in the box", () => {
  it("reports a new error after an edit, not an old one, and check finds it; nothing is written beside the file", async () => {
    const tools = createAgentTools({ sandbox: box });
    const broken = await call(tools.edit_file, { path: "app.py", oldText: "def total(items):", newText: "def total(items)" });
    expect(broken.error).toBeUndefined();
    expect(broken.syntax).toEqual({ diagnostics: [{ line: 1, column: 17, message: "SyntaxError: expected ':'" }] });
    expect(broken.text).toMatch(/Syntax check: 1 new syntax error \(the change was applied; fix them\):\n {2}line 1, column 17: SyntaxError: expected ':'$/);
    // The file still has that error: a later, unrelated edit reports nothing new.
    const unrelated = await call(tools.edit_file, { path: "app.py", oldText: "return sum(items)", newText: "return sum(items) + 0" });
    expect(unrelated.syntax).toEqual({ diagnostics: [] });
    expect((await call(tools.check, {})).text).toBe("Checked 1 file: 1 with syntax errors.\napp.py: 1 syntax error:\n  line 1, column 17: SyntaxError: expected ':'");
    const fixed = await call(tools.write_file, { path: "app.py", content: "def total(items):\n    return sum(items)\n", overwrite: true });
    expect(fixed.text).toMatch(/Syntax check: no new errors\.$/);
    expect((await box.readdir("")).map((e) => e.name).sort()).toEqual(["app.py"]);
    expect(text(await box.readFile("app.py"))).toBe("def total(items):\n    return sum(items)\n");
  });
});
