import { describe, expect, it } from "vitest";
import { buildFileTree, collectAllPaths, flattenVisibleRows, type TreeNode } from "@/lib/client/file-tree";
import type { FileEntry } from "@/lib/validation/projects";

const file = (path: string): FileEntry => ({ path, kind: "file", size: 1, hash: `h:${path}` });
const dir = (path: string): FileEntry => ({ path, kind: "dir" });

/** A compact picture of a tree: "dir/" for folders, children indented by two spaces. */
function outline(nodes: readonly TreeNode[], indent = ""): string[] {
  return nodes.flatMap((n) =>
    n.kind === "dir" ? [`${indent}${n.name}/`, ...outline(n.children, indent + "  ")] : [`${indent}${n.name}`],
  );
}

describe("buildFileTree", () => {
  it.each<[string, FileEntry[], string[]]>([
    ["an empty listing", [], []],
    ["files at the root, sorted by name", [file("b.ts"), file("a.ts")], ["a.ts", "b.ts"]],
    ["folders before files", [file("z.ts"), dir("src"), file("src/a.ts")], ["src/", "  a.ts", "z.ts"]],
    ["parents implied by a file path", [file("a/b/c.ts")], ["a/", "  b/", "    c.ts"]],
    ["an empty folder", [dir("empty")], ["empty/"]],
    ["numbers in natural order", [file("f10.ts"), file("f2.ts"), file("f1.ts")], ["f1.ts", "f2.ts", "f10.ts"]],
    ["case-insensitive order", [file("b.ts"), file("A.ts"), file("a.ts")], ["A.ts", "a.ts", "b.ts"]],
    [
      "entries in any order",
      [file("src/app/page.tsx"), dir("src"), dir("src/app"), file("README.md"), dir("public")],
      ["public/", "src/", "  app/", "    page.tsx", "README.md"],
    ],
  ])("builds %s", (_name, entries, expected) => {
    expect(outline(buildFileTree({ entries }))).toEqual(expected);
  });

  it("keeps size and hash on file nodes and full paths on every node", () => {
    const [src] = buildFileTree({ entries: [file("src/a.ts")] });
    expect(src).toMatchObject({ kind: "dir", path: "src", name: "src" });
    expect(src?.kind === "dir" && src.children[0]).toEqual({ kind: "file", name: "a.ts", path: "src/a.ts", size: 1, hash: "h:src/a.ts" });
  });
});

describe("flattenVisibleRows", () => {
  const nodes = buildFileTree({ entries: [file("a/b/c.ts"), file("a/d.ts"), file("e.ts")] });

  it.each<[string, string[], string[]]>([
    ["all collapsed", [], ["0 a", "0 e.ts"]],
    ["one level open", ["a"], ["0 a", "1 b", "1 d.ts", "0 e.ts"]],
    ["nested open", ["a", "a/b"], ["0 a", "1 b", "2 c.ts", "1 d.ts", "0 e.ts"]],
    ["a child open under a closed parent stays hidden", ["a/b"], ["0 a", "0 e.ts"]],
  ])("%s", (_name, expanded, expected) => {
    const rows = flattenVisibleRows({ nodes, expanded: new Set(expanded) });
    expect(rows.map((r) => `${r.depth} ${r.node.name}`)).toEqual(expected);
  });
});

describe("collectAllPaths", () => {
  it("includes implied folders", () => {
    expect([...collectAllPaths({ entries: [file("a/b/c.ts"), dir("x")] })].sort()).toEqual(["a", "a/b", "a/b/c.ts", "x"]);
  });
});
