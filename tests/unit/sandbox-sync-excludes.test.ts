import { describe, expect, it } from "vitest";
import { requireEntryPath, requireFolderPath, resolveShellPath } from "@/lib/sandbox/paths";
import { isSyncExcluded } from "@/lib/sandbox/sync-excludes";

describe("isSyncExcluded", () => {
  it.each([
    ["node_modules", true],
    ["node_modules/react/index.js", true],
    ["packages/ui/node_modules/x.js", true],
    [".git/HEAD", true],
    ["dist/index.js", true],
    [".next/server/app.js", true],
    ["build/out.js", true],
    ["out/index.html", true],
    [".cache/x", true],
    [".turbo/log", true],
    [".vite/deps/a.js", true],
    [".parcel-cache/a", true],
    ["src/index.ts", false],
    ["distribution/a.ts", false],
    ["src/node_modules.ts", false],
    // Build output is left out only where build tools write it: at the root. Elsewhere it is source.
    ["src/build/x.js", false],
    ["src/build", false],
    ["docs/out/page.md", false],
    ["packages/app/dist/a.js", false],
    ["src/.cache/x", true],
    ["packages/app/.next/x", true],
    ["README.md", false],
  ])("%s → %s", (path, excluded) => {
    expect(isSyncExcluded(path)).toBe(excluded);
  });
});

describe("sandbox paths", () => {
  it.each([
    ["", ""],
    [".", ""],
    ["./", ""],
    ["src/", "src"],
    ["a//b/./c", "a/b/c"],
  ])("requireFolderPath(%j) → %j", (input, expected) => {
    expect(requireFolderPath(input)).toBe(expected);
  });

  it.each(["", ".", "../x", "/abs", "a\u0000b", "a\\b"])("requireEntryPath(%j) throws EINVAL", (input) => {
    expect(() => requireEntryPath(input)).toThrow(expect.objectContaining({ code: "EINVAL" }));
  });

  it.each([
    ["", "src", "src"],
    ["src", "..", ""],
    ["", "..", ""],
    ["src/lib", "../../..", ""],
    ["src", "/docs", "docs"],
    ["src", "~", ""],
    ["src", "~/docs", "docs"],
    ["src", "/home/projects/app/docs", "docs"],
    ["src", "./a/./b/", "src/a/b"],
  ])("resolveShellPath(cwd %j, %j) → %j", (cwd, arg, expected) => {
    expect(resolveShellPath({ cwd, arg, rootPath: "/home/projects/app" })).toBe(expected);
  });
});
