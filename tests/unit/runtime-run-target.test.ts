import { describe, expect, it } from "vitest";
import { parseRuntimeChoice, readBootTimeoutMs } from "@/lib/client/runtime-preference";
import { runTargetForFile } from "@/lib/client/run-target";

describe("runTargetForFile", () => {
  it.each([
    ["hello.js", "box", "node hello.js"],
    ["src/app.mjs", "box", "node src/app.mjs"],
    ["lib/old.cjs", "webcontainer", "node lib/old.cjs"],
    ["main.py", "box", "python3 main.py"],
    ["scripts/build.sh", "box", "bash scripts/build.sh"],
    ["scripts/build.sh", "webcontainer", "bash scripts/build.sh"],
    ["my folder/it's.js", "box", `node 'my folder/it'\\''s.js'`],
    ["UPPER.JS", "box", "node UPPER.JS"],
  ] as const)("runs %s in the %s with `%s`", (path, runtime, command) => {
    expect(runTargetForFile({ path, runtime })).toMatchObject({ kind: "command", command });
  });

  it.each([["package.json"], ["src/App.jsx"], ["src/main.tsx"], ["src/api.ts"], ["src/App.vue"], ["src/index.css"]])(
    "starts the dev server for %s in WebContainer when the project has a package.json",
    (path) => {
      expect(runTargetForFile({ path, runtime: "webcontainer", hasPackageJson: true })).toMatchObject({
        kind: "command",
        command: "npm install && npm run dev",
        label: expect.stringMatching(/dev server/),
        timeoutMs: 300_000,
      });
    },
  );

  it("leaves Node files and pages to node and the preview in such a project, and the box without npm", () => {
    expect(runTargetForFile({ path: "server.js", runtime: "webcontainer", hasPackageJson: true })).toMatchObject({ command: "node server.js" });
    expect(runTargetForFile({ path: "index.html", runtime: "webcontainer", hasPackageJson: true })).toMatchObject({ kind: "preview" });
    expect(runTargetForFile({ path: "src/App.jsx", runtime: "box", hasPackageJson: true })).toMatchObject({ kind: "unsupported", reason: expect.stringMatching(/needs WebContainer .* switch the runtime to WebContainer/) });
    expect(runTargetForFile({ path: "src/App.jsx", runtime: "webcontainer", hasPackageJson: false })).toMatchObject({ kind: "unsupported" });
  });

  it.each([["index.html"], ["pages/about.htm"], ["Site/Index.HTML"]])("previews %s", (path) => {
    expect(runTargetForFile({ path, runtime: "box" })).toMatchObject({ kind: "preview", path });
    expect(runTargetForFile({ path, runtime: "webcontainer" })).toMatchObject({ kind: "preview", path });
  });

  it.each([
    [null, "box", /Open a file/],
    ["main.py", "webcontainer", /Python runs only in the offline box/],
    ["src/index.ts", "box", /TypeScript is not run directly/],
    ["App.jsx", "box", /JSX needs a build step/],
    ["package.json", "box", /JSON/],
    ["style.css", "box", /stylesheet/],
    ["Makefile", "box", /without an extension/],
    [".bashrc", "box", /without an extension/],
    ["photo.png", "box", /Only \.js, \.mjs, \.cjs, \.py, \.sh or \.html files/],
  ] as const)("refuses %s in the %s and says why", (path, runtime, reason) => {
    const target = runTargetForFile({ path, runtime });
    expect(target.kind).toBe("unsupported");
    expect(target.kind === "unsupported" && target.reason).toMatch(reason);
  });
});

describe("runtime preference", () => {
  it.each([
    ["box", "box"],
    ["webcontainer", "webcontainer"],
    [null, "webcontainer"],
    ["docker", "webcontainer"],
  ] as const)("reads %s as %s", (stored, expected) => {
    expect(parseRuntimeChoice(stored)).toBe(expected);
  });

  const storage = (value: string | null) => ({ getItem: () => value });
  it.each([
    [null, undefined, 20_000],
    ["3000", undefined, 3000],
    ["3000", "9000", 3000],
    [null, "9000", 9000],
    ["nonsense", "9000", 9000],
    ["5", undefined, 20_000],
    ["99999999", undefined, 20_000],
  ] as const)("boot timeout: override %s, build value %s → %i ms", (override, buildValue, expected) => {
    expect(readBootTimeoutMs({ storage: storage(override), buildValue })).toBe(expected);
  });
});
