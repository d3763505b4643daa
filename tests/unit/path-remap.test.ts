import { describe, expect, it } from "vitest";
import { pathsRemovedBy, remapMapKeys, remapPath, remapPathList, remapRecordKeys } from "@/lib/client/path-remap";

describe("remapPath", () => {
  it.each<[string, string, string, string | null]>([
    ["a.ts", "a.ts", "b.ts", "b.ts"],
    ["src/a.ts", "src", "lib", "lib/a.ts"],
    ["src/deep/a.ts", "src", "app/src", "app/src/deep/a.ts"],
    ["src", "src", "lib", "lib"],
    ["srcx/a.ts", "src", "lib", null],
    ["other.ts", "a.ts", "b.ts", null],
    ["a.tsx", "a.ts", "b.ts", null],
    ["docs/src/a.ts", "src", "lib", null],
  ])("%s after moving %s to %s is %s", (path, from, to, expected) => {
    expect(remapPath({ path, from, to })).toBe(expected);
  });
});

describe("applying a move to tabs and drafts", () => {
  it.each<[string, string, string, string[], string[]]>([
    ["a renamed file", "a.ts", "b.ts", ["x.ts", "a.ts"], ["x.ts", "b.ts"]],
    ["a moved folder", "src", "lib/src", ["src/a.ts", "README.md", "src/b/c.ts"], ["lib/src/a.ts", "README.md", "lib/src/b/c.ts"]],
    ["an unrelated move", "docs", "notes", ["src/a.ts"], ["src/a.ts"]],
  ])("%s keeps tab order", (_name, from, to, paths, expected) => {
    expect(remapPathList({ paths, from, to })).toEqual(expected);
  });

  it("re-keys a record and keeps the values", () => {
    const record = { "src/a.ts": 1, "src/b.ts": 2, "c.ts": 3 };
    expect(remapRecordKeys({ record, from: "src", to: "lib" })).toEqual({ "lib/a.ts": 1, "lib/b.ts": 2, "c.ts": 3 });
  });

  it("re-keys a map in place, even when a new key equals an old one", () => {
    const map = new Map([
      ["a", "first"],
      ["a/x.ts", "inside"],
      ["b", "other"],
    ]);
    remapMapKeys({ map, from: "a", to: "b/a" });
    expect(Object.fromEntries(map)).toEqual({ "b/a": "first", "b/a/x.ts": "inside", b: "other" });
  });
});

describe("pathsRemovedBy", () => {
  it.each<[string, string[], string[]]>([
    ["a.ts", ["a.ts", "a.tsx", "b.ts"], ["a.ts"]],
    ["src", ["src/a.ts", "src/b/c.ts", "srcx.ts"], ["src/a.ts", "src/b/c.ts"]],
  ])("deleting %s removes the right paths", (target, paths, expected) => {
    expect(pathsRemovedBy({ paths, target })).toEqual(expected);
  });
});
