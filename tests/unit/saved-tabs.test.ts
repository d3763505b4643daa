import { describe, expect, it } from "vitest";
import { savedTabsKey } from "@/lib/client/local-keys";
import { forgetSavedTabs, readSavedTabs, restoreSavedTabs, writeSavedTabs, type FileMove, type SavedTabs } from "@/lib/client/saved-tabs";
import { memoryStorage } from "../fixtures/memory-storage";

const view = (line: number) => ({ line, column: 1, scrollTop: line * 10, scrollLeft: 0 });
const saved = (tabs: string[], active: string | null, views: SavedTabs["views"] = {}): SavedTabs => ({ snapshotId: "s1", tabs, active, views });
const key = savedTabsKey({ projectId: "p1", userId: "u1" });

describe("saved tabs in storage", () => {
  it("round-trips one person's tabs of one project", () => {
    const storage = memoryStorage();
    const tabs = saved(["a.ts", "b.ts"], "b.ts", { "b.ts": view(40) });
    expect(writeSavedTabs({ storage, key, saved: tabs })).toBe(true);
    expect(readSavedTabs({ storage, key })).toEqual(tabs);
    expect(readSavedTabs({ storage, key: savedTabsKey({ projectId: "p1", userId: "u2" }) })).toBeNull();
    expect(readSavedTabs({ storage, key: savedTabsKey({ projectId: "p2", userId: "u1" }) })).toBeNull();
  });

  it.each<[string, string]>([
    ["not JSON", "{oops"],
    ["without tabs", JSON.stringify({ snapshotId: null, active: null, views: {} })],
    ["with a path that is not a string", JSON.stringify({ snapshotId: null, tabs: [3], active: null, views: {} })],
    ["with a negative line", JSON.stringify({ snapshotId: null, tabs: ["a"], active: "a", views: { a: { ...view(1), line: -1 } } })],
    ["with too many tabs", JSON.stringify({ snapshotId: null, tabs: Array.from({ length: 51 }, (_, i) => `f${i}`), active: null, views: {} })],
  ])("ignores an entry %s", (_name, raw) => {
    expect(readSavedTabs({ storage: memoryStorage({ [key]: raw }), key })).toBeNull();
  });

  it("writes at most 50 tabs, views of kept tabs only, and no active tab that is not among them", () => {
    const storage = memoryStorage();
    const tabs = Array.from({ length: 60 }, (_, i) => `f${i}`);
    writeSavedTabs({ storage, key, saved: saved(tabs, "f55", { f1: view(2), f55: view(3) }) });
    expect(readSavedTabs({ storage, key })).toEqual(saved(tabs.slice(0, 50), null, { f1: view(2) }));
  });

  it("reports a write the browser refused", () => {
    const storage = {
      ...memoryStorage(),
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    expect(writeSavedTabs({ storage, key, saved: saved([], null) })).toBe(false);
  });

  it("forgets every person's tabs of a deleted project and nothing else", () => {
    const storage = memoryStorage();
    for (const k of [key, savedTabsKey({ projectId: "p1", userId: "u2" }), savedTabsKey({ projectId: "p10", userId: "u1" })])
      writeSavedTabs({ storage, key: k, saved: saved(["a"], "a") });
    forgetSavedTabs({ storage, projectId: "p1" });
    expect([...storage.map.keys()]).toEqual([savedTabsKey({ projectId: "p10", userId: "u1" })]);
  });
});

describe("restoreSavedTabs", () => {
  const files = new Set(["a.ts", "b.ts", "c.ts", "src/d.ts", "lib/d.ts", "e.ts"]);

  it.each<[string, SavedTabs | null, FileMove[], string[], { tabs: string[]; active: string | null }]>([
    ["nothing saved, no drafts", null, [], [], { tabs: [], active: null }],
    ["the saved order and active tab", saved(["c.ts", "a.ts", "b.ts"], "a.ts"), [], [], { tabs: ["c.ts", "a.ts", "b.ts"], active: "a.ts" }],
    ["a deleted file's tab is dropped", saved(["a.ts", "gone.ts", "b.ts"], "a.ts"), [], [], { tabs: ["a.ts", "b.ts"], active: "a.ts" }],
    ["a deleted active tab passes to its right-hand neighbour", saved(["a.ts", "gone.ts", "b.ts"], "gone.ts"), [], [], { tabs: ["a.ts", "b.ts"], active: "b.ts" }],
    ["…or the left one at the end", saved(["a.ts", "b.ts", "gone.ts"], "gone.ts"), [], [], { tabs: ["a.ts", "b.ts"], active: "b.ts" }],
    ["a renamed file's tab follows it", saved(["old.ts", "b.ts"], "old.ts"), [{ from: "old.ts", to: "e.ts" }], [], { tabs: ["e.ts", "b.ts"], active: "e.ts" }],
    ["a moved folder takes its tabs", saved(["lib/x/d.ts"], "lib/x/d.ts"), [{ from: "lib/x", to: "src" }], [], { tabs: ["src/d.ts"], active: "src/d.ts" }],
    ["moves chain in order", saved(["x.ts"], null), [{ from: "x.ts", to: "y.ts" }, { from: "y.ts", to: "c.ts" }], [], { tabs: ["c.ts"], active: "c.ts" }],
    ["a move onto an open tab leaves one tab", saved(["old.ts", "e.ts"], "e.ts"), [{ from: "old.ts", to: "e.ts" }], [], { tabs: ["e.ts"], active: "e.ts" }],
    ["a deleted file with a draft stays", saved(["gone.ts", "a.ts"], "gone.ts"), [], ["gone.ts"], { tabs: ["gone.ts", "a.ts"], active: "gone.ts" }],
    ["drafts not saved as tabs come after, sorted", saved(["b.ts"], "b.ts"), [], ["new/z.ts", "a.ts"], { tabs: ["b.ts", "a.ts", "new/z.ts"], active: "b.ts" }],
    ["drafts alone open with the first active", null, [], ["c.ts", "a.ts"], { tabs: ["a.ts", "c.ts"], active: "a.ts" }],
    ["every tab gone", saved(["x.ts", "y.ts"], "x.ts"), [], [], { tabs: [], active: null }],
  ])("%s", (_name, savedTabs, moves, draftPaths, expected) => {
    expect(restoreSavedTabs({ saved: savedTabs, files, moves, draftPaths })).toMatchObject(expected);
  });

  it("keeps the views of restored tabs, following moves", () => {
    const restored = restoreSavedTabs({
      saved: saved(["old.ts", "gone.ts", "a.ts"], "a.ts", { "old.ts": view(7), "gone.ts": view(8), "a.ts": view(9) }),
      files,
      moves: [{ from: "old.ts", to: "e.ts" }],
    });
    expect(restored.views).toEqual({ "e.ts": view(7), "a.ts": view(9) });
  });
});
