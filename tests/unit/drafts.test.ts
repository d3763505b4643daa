import { describe, expect, it } from "vitest";
import { clearProjectDrafts, loadDrafts, moveDrafts, removeDraft, writeDraft, type Draft } from "@/lib/client/drafts";
import { memoryStorage } from "../fixtures/memory-storage";

const draft = (content: string, baseHash: string | null = "h1"): Draft => ({ content, baseHash, updatedAt: 1 });

describe("drafts", () => {
  it("round-trips drafts of one project only", () => {
    const storage = memoryStorage();
    writeDraft({ projectId: "p1", path: "src/a.ts", draft: draft("A"), storage });
    writeDraft({ projectId: "p1", path: "b.ts", draft: draft("B", null), storage });
    writeDraft({ projectId: "p2", path: "src/a.ts", draft: draft("other"), storage });
    expect(loadDrafts({ projectId: "p1", storage })).toEqual({ "src/a.ts": draft("A"), "b.ts": draft("B", null) });
  });

  it.each<[string, string]>([
    ["not JSON", "{oops"],
    ["no content", JSON.stringify({ baseHash: "h" })],
    ["content of the wrong type", JSON.stringify({ content: 3 })],
  ])("skips an entry that is %s", (_name, raw) => {
    const storage = memoryStorage({ "ide:draft:v1:p1:x.ts": raw });
    expect(loadDrafts({ projectId: "p1", storage })).toEqual({});
  });

  it("removes a draft", () => {
    const storage = memoryStorage();
    writeDraft({ projectId: "p1", path: "a.ts", draft: draft("A"), storage });
    removeDraft({ projectId: "p1", path: "a.ts", storage });
    expect(loadDrafts({ projectId: "p1", storage })).toEqual({});
  });

  it("reports a refused write", () => {
    const storage = {
      ...memoryStorage(),
      setItem: () => {
        throw new DOMException("full", "QuotaExceededError");
      },
    };
    expect(writeDraft({ projectId: "p1", path: "a.ts", draft: draft("A"), storage })).toBe(false);
  });

  it.each<[string, string, string, string[], string[]]>([
    ["a renamed file", "a.ts", "b.ts", ["a.ts", "c.ts"], ["b.ts", "c.ts"]],
    ["a moved folder", "src", "lib/src", ["src/a.ts", "src/x/y.ts", "srcx.ts"], ["lib/src/a.ts", "lib/src/x/y.ts", "srcx.ts"]],
  ])("follows %s", (_name, from, to, before, after) => {
    const storage = memoryStorage();
    for (const path of before) writeDraft({ projectId: "p1", path, draft: draft(path), storage });
    moveDrafts({ projectId: "p1", from, to, storage });
    const drafts = loadDrafts({ projectId: "p1", storage });
    expect(Object.keys(drafts).sort()).toEqual([...after].sort());
    // Contents travel with their file: each draft's content is the path it was written under.
    expect(Object.values(drafts).map((d) => d.content).sort()).toEqual([...before].sort());
  });
});

describe("clearProjectDrafts", () => {
  it("removes one project's drafts and keeps the others'", () => {
    const storage = memoryStorage();
    writeDraft({ projectId: "p1", path: "a.ts", draft: draft("A"), storage });
    writeDraft({ projectId: "p1", path: "src/b.ts", draft: draft("B"), storage });
    writeDraft({ projectId: "p10", path: "a.ts", draft: draft("other"), storage });
    clearProjectDrafts({ projectId: "p1", storage });
    expect(loadDrafts({ projectId: "p1", storage })).toEqual({});
    expect(Object.keys(loadDrafts({ projectId: "p10", storage }))).toEqual(["a.ts"]);
  });
});
