import { describe, expect, it } from "vitest";
import { createOutlineTool, formatFileOutline, outlineText } from "@/lib/agent/tools/outline";
import { createMemorySandbox } from "@/lib/sandbox/memory";

const typescriptSource = `import x from "y";
/** Greets. */
export async function greet(name: string): Promise<string> {
  return name;
}
export const DEFAULT = "hi";
export const add = (a: number, b: number): number => a + b;
export class Greeter<T> extends Base {
  private name = "x";
  constructor(n: string) {
    super();
  }
  greet(): string {
    return "";
  }
}
export interface Options {
  loud?: boolean;
}
export type Id = string | number;
export enum Color { Red, Green }
export default greet;
`;

const pythonSource = `"""Module doc.
def not_a_function():
"""
import os
MAX = 3

@decorator
def main(argv):
    def inner():
        pass
    return 0

class Store(Base):
    count = 0

    def __init__(self, path):
        self.path = path

    async def load(self) -> None:  # reads it
        if self.path:
            def nested(): pass

if __name__ == "__main__":
    main([])
`;

const project: Record<string, string> = {
  "src/greet.ts": typescriptSource,
  "src/legacy.js": "function helper(a, b) {\n  return a;\n}\nmodule.exports = { helper };\n",
  "tool.py": pythonSource,
  "README.md": "# Title\ntext\n## Usage\n```sh\n# not a heading\n```\n### Deep ###\n",
  "styles.css": "body {}\n",
};

function setup(files = project) {
  const sandbox = createMemorySandbox({ files: Object.entries(files).map(([path, content]) => ({ path, kind: "file" as const, content })) });
  const outline = createOutlineTool({ sandbox });
  return async (path: string) => (await outline.execute!({ path }, { toolCallId: "call-1", messages: [] })) as { text?: string; error?: string };
}

describe("outline", () => {
  it("lists a TypeScript file's top-level declarations with line numbers, class members under their class", async () => {
    const outline = await outlineText({ path: "src/greet.ts", text: typescriptSource });
    expect(outline).toMatchObject({ language: "typescript", totalLines: 22 });
    expect(formatFileOutline(outline!)).toBe(
      [
        "src/greet.ts (22 lines)",
        "   3  export async function greet(name: string): Promise<string>",
        "   6  export const DEFAULT",
        "   7  export const add = (a: number, b: number): number =>",
        "   8  export class Greeter<T> extends Base",
        "   9    private name",
        "  10    constructor(n: string)",
        "  13    greet(): string",
        "  17  export interface Options",
        "  18    loud?: boolean",
        "  20  export type Id = string | number",
        "  21  export enum Color",
        "  22  export default greet",
      ].join("\n"),
    );
  });

  it("outlines CommonJS JavaScript", async () => {
    const outline = await outlineText({ path: "src/legacy.js", text: project["src/legacy.js"]! });
    expect(outline?.entries).toEqual([
      { line: 1, text: "function helper(a, b)" },
      { line: 4, text: "module.exports = { helper }" },
    ]);
  });

  it("scans Python by indentation: top-level defs, classes with their methods, constants; not docstrings or nested defs", async () => {
    const outline = await outlineText({ path: "tool.py", text: pythonSource });
    expect(outline?.entries).toEqual([
      { line: 5, text: "MAX" },
      { line: 8, text: "def main(argv)" },
      {
        line: 13,
        text: "class Store(Base)",
        children: [
          { line: 16, text: "def __init__(self, path)" },
          { line: 19, text: "async def load(self) -> None" },
        ],
      },
      { line: 23, text: 'if __name__ == "__main__"' },
    ]);
  });

  it("lists Markdown headings outside code fences", async () => {
    expect((await outlineText({ path: "README.md", text: project["README.md"]! }))?.entries).toEqual([
      { line: 1, text: "# Title" },
      { line: 3, text: "## Usage" },
      { line: 7, text: "### Deep" },
    ]);
  });

  it("outlines a folder's source files on one line each, bounded", async () => {
    const outline = setup();
    const result = await outline(".");
    expect(result.text).toBe(
      [
        "README.md: 1 # Title · 3 ## Usage · 7 ### Deep",
        'tool.py: 5 MAX · 8 def main(argv) · 13 class Store(Base) · 23 if __name__ == "__main__"',
        "src/greet.ts: 3 export async function greet(name: string): Promise<string> · 6 export const DEFAULT · " +
          "7 export const add = (a: number, b: number): number => · 8 export class Greeter<T> extends Base · 17 export interface Options · " +
          "20 export type Id = string | number · 21 export enum Color · 22 export default greet",
        "src/legacy.js: 1 function helper(a, b) · 4 module.exports = { helper }",
      ].join("\n"),
    );
    expect((await outline("src")).text?.split("\n").map((line) => line.split(":")[0])).toEqual(["src/greet.ts", "src/legacy.js"]);
  });

  it("stops a large folder's outline and says so", async () => {
    const many = Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`m/f${String(i).padStart(2, "0")}.md`, `# H${i}\n`]));
    const result = await setup(many)("m");
    expect(result.text?.split("\n")).toHaveLength(61);
    expect(result.text).toMatch(/\[… stopped after 60 files; outline a subfolder or a file for the rest\]$/);
  });

  it("says what to do for a file kind it cannot outline, or a missing path", async () => {
    const outline = setup();
    expect((await outline("styles.css")).error).toMatch(/^No outline for styles\.css: outlines cover \.ts .*Use read_file or search\.$/);
    expect(await outline("missing.ts")).toEqual({ error: "missing.ts does not exist" });
  });
});
