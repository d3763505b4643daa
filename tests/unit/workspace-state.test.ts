import { describe, expect, it } from "vitest";
import {
  findStaleEdits,
  initialWorkspaceState,
  reconcileOpenDocs,
  workspaceReducer,
  type OpenDoc,
  type WorkspaceAction,
  type WorkspaceState,
} from "@/lib/client/workspace-state";
import type { ProjectListing } from "@/lib/validation/projects";

const listing = (files: Record<string, string>): ProjectListing => ({
  snapshotId: "s1",
  entries: Object.entries(files).map(([path, hash]) => ({ path, kind: "file", size: 1, hash })),
});
const text = (baseHash: string | null, dirty = false): OpenDoc => ({ kind: "text", baseHash, savedText: "", dirty, revision: 1 });
const binary = (hash: string): OpenDoc => ({ kind: "binary", hash, size: 1, type: { label: "Binary file", mime: "application/octet-stream", image: false } });

function run(actions: WorkspaceAction[], state = initialWorkspaceState({ listing: listing({}) })): WorkspaceState {
  return actions.reduce(workspaceReducer, state);
}
const open = (...paths: string[]): WorkspaceAction[] => paths.map((path) => ({ type: "open", path }));

describe("tabs", () => {
  it.each<[string, WorkspaceAction[], string[], string | null]>([
    ["opening adds and activates", open("a", "b"), ["a", "b"], "b"],
    ["reopening does not duplicate", open("a", "b", "a"), ["a", "b"], "a"],
    ["closing the active tab activates its right neighbour", [...open("a", "b", "c"), { type: "activate", path: "b" }, { type: "close", path: "b" }], ["a", "c"], "c"],
    ["closing the last tab activates the left one", [...open("a", "b"), { type: "close", path: "b" }], ["a"], "a"],
    ["closing another tab keeps the active one", [...open("a", "b"), { type: "close", path: "a" }], ["b"], "b"],
    ["closing everything", [...open("a"), { type: "close", path: "a" }], [], null],
    ["a background open keeps the active tab", [...open("a"), { type: "open", path: "b", activate: false }], ["a", "b"], "a"],
    ["deleting a folder closes the tabs inside", [...open("src/a", "x", "src/b/c"), { type: "removed", path: "src" }], ["x"], "x"],
  ])("%s", (_name, actions, tabs, active) => {
    const state = run(actions);
    expect(state.tabs).toEqual(tabs);
    expect(state.active).toBe(active);
    expect(Object.keys(state.docs).sort()).toEqual([...tabs].sort());
  });
});

describe("moves keep tabs and their documents", () => {
  it.each<[string, string, string, string[], string]>([
    ["renaming the active file", "src/a.ts", "src/b.ts", ["src/b.ts", "README.md"], "src/b.ts"],
    ["moving its folder", "src", "lib/src", ["lib/src/a.ts", "README.md"], "lib/src/a.ts"],
    ["moving something else", "docs", "notes", ["src/a.ts", "README.md"], "src/a.ts"],
  ])("%s", (_name, from, to, tabs, active) => {
    const state = run([...open("src/a.ts", "README.md"), { type: "activate", path: "src/a.ts" }]);
    const dirty = workspaceReducer(state, { type: "dirtyChanged", path: "src/a.ts", dirty: true });
    const withDoc = { ...dirty, docs: { ...dirty.docs, "src/a.ts": text("h1", true) } };
    const moved = workspaceReducer(withDoc, { type: "moved", from, to });
    expect(moved.tabs).toEqual(tabs);
    expect(moved.active).toBe(active);
    expect(moved.docs[active]).toEqual(text("h1", true));
  });
});

describe("loading documents", () => {
  it("bumps the revision each time the text is replaced, so the editor reloads it", () => {
    const loaded = { type: "docLoaded", path: "a", doc: { kind: "text", baseHash: "h", savedText: "x", dirty: false } } as const;
    const state = run([...open("a"), loaded, loaded]);
    expect(state.docs.a).toMatchObject({ kind: "text", revision: 2 });
  });

  it("ignores a load that finishes after the tab was closed", () => {
    const state = run([...open("a"), { type: "close", path: "a" }, { type: "docLoaded", path: "a", doc: binary("h") as Extract<OpenDoc, { kind: "binary" }> }]);
    expect(state.docs).toEqual({});
  });
});

describe("reconcileOpenDocs", () => {
  it.each<[string, OpenDoc, Record<string, string>, "close" | "reload" | "keep"]>([
    ["a clean file unchanged on the server", text("h1"), { f: "h1" }, "keep"],
    ["a clean file changed on the server", text("h1"), { f: "h2" }, "reload"],
    ["a clean file deleted on the server", text("h1"), {}, "close"],
    ["a dirty file changed on the server", text("h1", true), { f: "h2" }, "keep"],
    ["a dirty file deleted on the server", text("h1", true), {}, "keep"],
    ["a binary file changed", binary("h1"), { f: "h2" }, "reload"],
    ["a binary file deleted", binary("h1"), {}, "close"],
    ["a failed load of an existing file", { kind: "error", message: "x" }, { f: "h1" }, "reload"],
    ["a loading file", { kind: "loading" }, {}, "keep"],
  ])("%s: %s", (_name, doc, files, expected) => {
    const { close, reload } = reconcileOpenDocs({ docs: { f: doc }, listing: listing(files) });
    expect(close.includes("f") ? "close" : reload.includes("f") ? "reload" : "keep").toBe(expected);
  });
});

describe("findStaleEdits", () => {
  it.each<[string, OpenDoc, Record<string, string>, boolean]>([
    ["based on the current blob", text("h1", true), { f: "h1" }, false],
    ["based on an older blob", text("h1", true), { f: "h2" }, true],
    ["the file was deleted on the server", text("h1", true), {}, true],
    ["a new file someone else created meanwhile", text(null, true), { f: "h9" }, true],
    ["a new file nobody else created", text(null, true), {}, false],
  ])("%s → stale: %s", (_name, doc, files, stale) => {
    expect(findStaleEdits({ docs: { f: doc }, listing: listing(files), paths: ["f"] })).toEqual(stale ? ["f"] : []);
  });
});
