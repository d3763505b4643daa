import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { draftKey, loadDrafts, writeDraft, type Draft } from "@/lib/client/drafts";
import { createDraftKeeper } from "@/lib/client/draft-keeper";
import { indexedDbDraftStore, type DraftStore } from "@/lib/client/offline-draft-store";
import { memoryStorage } from "../fixtures/memory-storage";

const draft = (content: string, baseHash: string | null = "h1"): Draft => ({ content, baseHash, updatedAt: 1 });

// A fresh database per test: fake-indexeddb keeps one per factory.
const fresh = (legacy: ReturnType<typeof memoryStorage> | null = null) => indexedDbDraftStore({ factory: new IDBFactory(), legacy });

describe("IndexedDB draft store", () => {
  it("round-trips drafts of one project only", async () => {
    const store = fresh();
    expect(await store.put("p1", "src/a.ts", draft("A"))).toBe(true);
    await store.put("p1", "b.ts", draft("B", null));
    await store.put("p2", "src/a.ts", draft("other"));
    await store.put("p10", "c.ts", draft("prefix of p1 is not p1"));
    expect(await store.loadAll("p1")).toEqual({ "src/a.ts": draft("A"), "b.ts": draft("B", null) });
  });

  it("keeps the latest of many writes fired without waiting, in call order", async () => {
    const store = fresh();
    const writes = Array.from({ length: 50 }, (_, i) => store.put("p1", "a.ts", draft("x".repeat(i + 1))));
    await Promise.all(writes);
    expect((await store.loadAll("p1"))["a.ts"]?.content).toBe("x".repeat(50));
  });

  it("holds a file far beyond localStorage's 5 MB", async () => {
    const store = fresh();
    const big = "y".repeat(8 * 1024 * 1024);
    expect(await store.put("p1", "big.txt", draft(big))).toBe(true);
    expect((await store.loadAll("p1"))["big.txt"]?.content.length).toBe(big.length);
  });

  it("removes one draft, and all drafts of a project", async () => {
    const store = fresh();
    await store.put("p1", "a.ts", draft("A"));
    await store.put("p1", "b.ts", draft("B"));
    await store.put("p2", "a.ts", draft("kept"));
    await store.remove("p1", "a.ts");
    expect(Object.keys(await store.loadAll("p1"))).toEqual(["b.ts"]);
    await store.clearProject("p1");
    expect(await store.loadAll("p1")).toEqual({});
    expect(await store.loadAll("p2")).toEqual({ "a.ts": draft("kept") });
  });

  it("keeps a draft written at once as the page went away over the older write it overtook", async () => {
    const legacy = memoryStorage();
    const factory = new IDBFactory();
    const store = indexedDbDraftStore({ factory, legacy });
    const late = store.put("p1", "a.ts", { ...draft("half typed"), updatedAt: 10 });
    expect(store.putNow("p1", "a.ts", { ...draft("all typed"), updatedAt: 20 })).toBe(true);
    await late;
    // The next page finds the text typed last.
    const next = indexedDbDraftStore({ factory, legacy });
    expect((await next.loadAll("p1"))["a.ts"]?.content).toBe("all typed");
  });

  it("lets a later write or removal supersede a draft written as the page went away", async () => {
    const legacy = memoryStorage();
    const store = fresh(legacy);
    store.putNow("p1", "a.ts", { ...draft("rescued"), updatedAt: 10 });
    store.putNow("p1", "b.ts", { ...draft("rescued"), updatedAt: 10 });
    // The page came back (back/forward cache): typing went on in one file, the other was saved.
    await store.put("p1", "a.ts", { ...draft("typed after"), updatedAt: 30 });
    await store.remove("p1", "b.ts");
    expect(loadDrafts({ projectId: "p1", storage: legacy })).toEqual({});
    expect(await store.loadAll("p1")).toEqual({ "a.ts": { ...draft("typed after"), updatedAt: 30 } });
  });

  it("keeps the newer of a rescued draft and one IndexedDB finished with later", async () => {
    const legacy = memoryStorage();
    writeDraft({ projectId: "p1", path: "a.ts", draft: { ...draft("older"), updatedAt: 5 }, storage: legacy });
    const factory = new IDBFactory();
    await indexedDbDraftStore({ factory, legacy: null }).put("p1", "a.ts", { ...draft("newer"), updatedAt: 9 });
    expect((await indexedDbDraftStore({ factory, legacy }).loadAll("p1"))["a.ts"]?.content).toBe("newer");
    expect(loadDrafts({ projectId: "p1", storage: legacy })).toEqual({});
  });

  it("moves the drafts an older page kept in localStorage into IndexedDB", async () => {
    const legacy = memoryStorage();
    writeDraft({ projectId: "p1", path: "old.ts", draft: draft("from localStorage"), storage: legacy });
    writeDraft({ projectId: "p2", path: "other.ts", draft: draft("another project"), storage: legacy });
    const store = fresh(legacy);
    expect(await store.loadAll("p1")).toEqual({ "old.ts": draft("from localStorage") });
    expect(loadDrafts({ projectId: "p1", storage: legacy })).toEqual({});
    expect(Object.keys(loadDrafts({ projectId: "p2", storage: legacy }))).toEqual(["other.ts"]);
    // Moved, not copied: a second load finds them in IndexedDB.
    expect(await store.loadAll("p1")).toEqual({ "old.ts": draft("from localStorage") });
  });

  it("skips records it cannot read", async () => {
    const factory = new IDBFactory();
    const store = indexedDbDraftStore({ factory, legacy: null });
    await store.put("p1", "good.ts", draft("ok"));
    const db = await new Promise<IDBDatabase>((resolve) => {
      const request = factory.open("ide-drafts", 1);
      request.onsuccess = () => resolve(request.result);
    });
    await new Promise<void>((resolve) => {
      const tx = db.transaction("drafts", "readwrite");
      tx.objectStore("drafts").put({ projectId: "p1", path: "bad.ts", content: 3 });
      tx.oncomplete = () => resolve();
    });
    db.close();
    expect(await store.loadAll("p1")).toEqual({ "good.ts": draft("ok") });
  });

  it("keeps drafts in localStorage where IndexedDB cannot be opened", async () => {
    const legacy = memoryStorage();
    const refusing = {
      open: () => {
        const request = { error: new DOMException("denied", "SecurityError") } as unknown as IDBOpenDBRequest;
        queueMicrotask(() => request.onerror?.(new Event("error")));
        return request;
      },
    } as unknown as IDBFactory;
    const store = indexedDbDraftStore({ factory: refusing, legacy });
    expect(await store.put("p1", "a.ts", draft("A"))).toBe(true);
    expect(legacy.map.has(draftKey({ projectId: "p1", path: "a.ts" }))).toBe(true);
    expect(await store.loadAll("p1")).toEqual({ "a.ts": draft("A") });
    expect(await indexedDbDraftStore({ factory: refusing, legacy: null }).put("p1", "a.ts", draft("A"))).toBe(false);
  });
});

describe("draft keeper as the page goes away", () => {
  it("writes the latest text at once when the writes in flight would be cut off by a reload", async () => {
    const legacy = memoryStorage();
    const factory = new IDBFactory();
    const real = indexedDbDraftStore({ factory, legacy });
    // The page is unloading: asynchronous writes started now never finish.
    const cutOff: DraftStore = { ...real, put: () => new Promise<boolean>(() => {}) };
    let text = "start\n";
    const keeper = createDraftKeeper({ projectId: "p1", store: cutOff, source: () => ({ content: text, baseHash: "h1" }), onRefused: () => {} });
    for (const ch of "// draft") {
      text += ch;
      keeper.schedule("a.ts");
    }
    keeper.rescue();
    const next = indexedDbDraftStore({ factory, legacy });
    expect((await next.loadAll("p1"))["a.ts"]?.content).toBe("start\n// draft");
  });
});
