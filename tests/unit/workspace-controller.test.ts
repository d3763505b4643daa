import { describe, expect, it } from "vitest";
import { loadDrafts } from "@/lib/client/drafts";
import { createWorkspaceController, type ListingChange } from "@/lib/client/workspace-controller";
import type { ProjectSummary } from "@/lib/validation/projects";
import { createFakeProjectApi } from "../fixtures/fake-project-api";
import { memoryStorage } from "../fixtures/memory-storage";
import { until } from "../fixtures/until";

const project: ProjectSummary = { id: "p1", name: "Demo", workspaceId: "w", headSnapshotId: null, updatedAt: "2026-01-01T00:00:00Z" };

async function setup(files: Record<string, string | Uint8Array> = { "src/a.ts": "export const a = 1;\n", "README.md": "# Demo\n" }) {
  const fake = createFakeProjectApi({ projects: [project], files });
  const storage = memoryStorage();
  const errors: string[] = [];
  const open = async () => {
    const controller = createWorkspaceController({
      projectId: project.id,
      initialListing: await fake.api.listing(project.id),
      api: fake.api,
      storage,
      notify: { error: (m) => errors.push(m), info: () => {} },
    });
    controller.start();
    return controller;
  };
  return { fake, storage, errors, open, ide: await open() };
}

type Controller = Awaited<ReturnType<typeof setup>>["ide"];
const doc = (ide: Controller, path: string) => ide.store.getState().docs[path];

async function openLoaded(ide: Controller, path: string) {
  ide.openFile(path);
  await until(() => doc(ide, path)?.kind !== "loading", `${path} to load`);
}

describe("workspace controller", () => {
  it("opens, edits and saves a file, then forgets its draft", async () => {
    const { ide, fake, storage } = await setup();
    await openLoaded(ide, "src/a.ts");
    expect(ide.getText("src/a.ts")).toBe("export const a = 1;\n");

    ide.editorChanged("src/a.ts", "export const a = 2;\n");
    await ide.flushDrafts();
    expect(doc(ide, "src/a.ts")).toMatchObject({ dirty: true });
    expect(loadDrafts({ projectId: "p1", storage })["src/a.ts"]?.content).toBe("export const a = 2;\n");

    expect(await ide.saveActive()).toBe(true);
    expect(fake.readText("p1", "src/a.ts")).toBe("export const a = 2;\n");
    expect(doc(ide, "src/a.ts")).toMatchObject({ dirty: false });
    expect(loadDrafts({ projectId: "p1", storage })).toEqual({});
    expect(ide.store.getState().listing.snapshotId).toBe(fake.head("p1"));
  });

  it("restores drafts after a reload as dirty tabs", async () => {
    const { ide, open } = await setup();
    await openLoaded(ide, "src/a.ts");
    ide.editorChanged("src/a.ts", "draft text");
    await ide.flushDrafts();

    const reloaded = await open();
    // The draft store answers asynchronously (IndexedDB in the browser).
    await until(() => reloaded.store.getState().tabs.length > 0, "the draft's tab");
    expect(reloaded.store.getState().tabs).toEqual(["src/a.ts"]);
    await until(() => doc(reloaded, "src/a.ts")?.kind === "text");
    expect(reloaded.getText("src/a.ts")).toBe("draft text");
    expect(doc(reloaded, "src/a.ts")).toMatchObject({ dirty: true, savedText: "export const a = 1;\n" });
  });

  it("saves several files as one snapshot with Save all", async () => {
    const { ide, fake } = await setup();
    await openLoaded(ide, "src/a.ts");
    await openLoaded(ide, "README.md");
    ide.editorChanged("src/a.ts", "A");
    ide.editorChanged("README.md", "R");
    await ide.saveAll();
    const saves = fake.calls.filter((c) => c.method === "save");
    expect(saves).toHaveLength(1);
    expect(fake.readText("p1", "src/a.ts")).toBe("A");
    expect(fake.readText("p1", "README.md")).toBe("R");
  });

  it("queues saves so quick repeated saves of one file never conflict with each other", async () => {
    const { ide, fake } = await setup();
    await openLoaded(ide, "src/a.ts");
    ide.editorChanged("src/a.ts", "one");
    const first = ide.saveActive();
    ide.editorChanged("src/a.ts", "two");
    const second = ide.saveActive();
    expect(await Promise.all([first, second])).toEqual([true, true]);
    expect(fake.readText("p1", "src/a.ts")).toBe("two");
    expect(ide.store.getState().conflict).toBeNull();
  });

  describe("a save that conflicts with another browser's save", () => {
    async function conflicted() {
      const ctx = await setup();
      await openLoaded(ctx.ide, "src/a.ts");
      ctx.fake.saveElsewhere("p1", [{ type: "write", path: "src/a.ts", content: "theirs", encoding: "utf8" }]);
      ctx.ide.editorChanged("src/a.ts", "mine");
      expect(await ctx.ide.saveActive()).toBe(false);
      expect(ctx.ide.store.getState().conflict).toMatchObject({ paths: ["src/a.ts"] });
      return ctx;
    }

    it("keeps mine: saves my text on top of theirs", async () => {
      const { ide, fake } = await conflicted();
      expect(await ide.keepMine()).toBe(true);
      expect(fake.readText("p1", "src/a.ts")).toBe("mine");
      expect(doc(ide, "src/a.ts")).toMatchObject({ dirty: false });
      expect(ide.store.getState().conflict).toBeNull();
    });

    it("reloads theirs: drops my draft and shows their text", async () => {
      const { ide, fake, storage } = await conflicted();
      await ide.flushDrafts();
      await ide.reloadTheirs();
      await until(() => ide.getText("src/a.ts") === "theirs", "their text");
      expect(doc(ide, "src/a.ts")).toMatchObject({ dirty: false });
      expect(loadDrafts({ projectId: "p1", storage })).toEqual({});
      expect(fake.readText("p1", "src/a.ts")).toBe("theirs");
    });
  });

  it("spots an edit made elsewhere that a later save's listing revealed", async () => {
    const { ide, fake } = await setup();
    await openLoaded(ide, "src/a.ts");
    await openLoaded(ide, "README.md");
    ide.editorChanged("src/a.ts", "mine");
    fake.saveElsewhere("p1", [{ type: "write", path: "src/a.ts", content: "theirs", encoding: "utf8" }]);
    // Saving another file rebases on the server and brings back a listing that includes their edit.
    ide.editorChanged("README.md", "readme");
    expect(await ide.saveFiles(["README.md"])).toBe(true);
    // Saving a.ts on that listing would silently overwrite theirs; the client flags it instead.
    expect(await ide.saveFiles(["src/a.ts"])).toBe(false);
    expect(ide.store.getState().conflict?.paths).toEqual(["src/a.ts"]);
    expect(fake.readText("p1", "src/a.ts")).toBe("theirs");
  });

  it("reloads a clean open file that changed on the server", async () => {
    const { ide, fake } = await setup();
    await openLoaded(ide, "src/a.ts");
    await openLoaded(ide, "README.md");
    fake.saveElsewhere("p1", [{ type: "write", path: "src/a.ts", content: "theirs", encoding: "utf8" }]);
    ide.editorChanged("README.md", "readme");
    await ide.saveFiles(["README.md"]);
    await until(() => ide.getText("src/a.ts") === "theirs", "the reload");
    expect(doc(ide, "src/a.ts")).toMatchObject({ dirty: false, revision: 2 });
  });

  it("keeps the tab and the draft of a renamed folder's file under the new path", async () => {
    const { ide, fake, storage } = await setup();
    await openLoaded(ide, "src/a.ts");
    ide.editorChanged("src/a.ts", "unsaved");
    await ide.flushDrafts();
    expect(await ide.moveEntry({ from: "src", to: "lib" })).toBe(true);
    const state = ide.store.getState();
    expect(state.tabs).toEqual(["lib/a.ts"]);
    expect(state.active).toBe("lib/a.ts");
    expect(doc(ide, "lib/a.ts")).toMatchObject({ kind: "text", dirty: true });
    expect(ide.getText("lib/a.ts")).toBe("unsaved");
    await ide.flushDrafts();
    expect(Object.keys(loadDrafts({ projectId: "p1", storage }))).toEqual(["lib/a.ts"]);
    expect(fake.readText("p1", "lib/a.ts")).toBe("export const a = 1;\n");
    expect(await ide.saveActive()).toBe(true);
    expect(fake.readText("p1", "lib/a.ts")).toBe("unsaved");
  });

  it("deleting a folder closes its tabs and discards their drafts", async () => {
    const { ide, storage } = await setup();
    await openLoaded(ide, "src/a.ts");
    ide.editorChanged("src/a.ts", "unsaved");
    await ide.flushDrafts();
    expect(await ide.deleteEntry({ path: "src" })).toBe(true);
    expect(ide.store.getState().tabs).toEqual([]);
    expect(loadDrafts({ projectId: "p1", storage })).toEqual({});
  });

  it("creates a file and opens it", async () => {
    const { ide, fake } = await setup();
    expect(await ide.createEntry({ path: "src/new.ts", kind: "file" })).toBe(true);
    expect(ide.store.getState().active).toBe("src/new.ts");
    expect(fake.readText("p1", "src/new.ts")).toBe("");
  });

  it("shows a binary file as binary, naming its type, and keeps its bytes for a preview or download", async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
    const { ide } = await setup({ "logo.png": bytes });
    await openLoaded(ide, "logo.png");
    expect(doc(ide, "logo.png")).toEqual({ kind: "binary", hash: expect.any(String), size: 9, type: { label: "PNG image", mime: "image/png", image: true } });
    expect(ide.getBytes("logo.png")).toEqual(bytes);
    await ide.moveEntry({ from: "logo.png", to: "img/logo.png" });
    expect(ide.getBytes("img/logo.png")).toEqual(bytes);
    ide.closeTab("img/logo.png");
    expect(ide.getBytes("img/logo.png")).toBeNull();
  });

  it("reports a failed structural change and leaves the state alone", async () => {
    const { ide, errors } = await setup();
    expect(await ide.moveEntry({ from: "missing.ts", to: "x.ts" })).toBe(false);
    expect(errors).toEqual(['"missing.ts" does not exist']);
  });

  describe("the listing after a save: the save's change set applied, not a listing fetched", () => {
    // The first load (setup) fetched the listing; only what came after counts.
    const listingCalls = (fake: Awaited<ReturnType<typeof setup>>["fake"]) =>
      fake.calls.filter((c) => c.method === "listing").length - 1;

    it("applies a rebased save's change set, which carries the other writer's change too", async () => {
      const { ide, fake } = await setup();
      fake.saveElsewhere("p1", [{ type: "write", path: "other.txt", content: "theirs", encoding: "utf8" }, { type: "delete", path: "README.md" }]);
      expect(await ide.createEntry({ path: "docs/new.md", kind: "file" })).toBe(true);
      expect(ide.store.getState().listing).toEqual(fake.listingNow("p1"));
      expect(ide.store.getState().listing.entries.map((e) => e.path)).toEqual(["docs", "docs/new.md", "other.txt", "src", "src/a.ts"]);
      expect(listingCalls(fake)).toBe(0);
    });

    it("takes the saved file's new hash from the change set", async () => {
      const { ide, fake } = await setup();
      await openLoaded(ide, "src/a.ts");
      ide.editorChanged("src/a.ts", "mine");
      expect(await ide.saveActive()).toBe(true);
      const saved = fake.listingNow("p1").entries.find((e) => e.path === "src/a.ts");
      expect(doc(ide, "src/a.ts")).toMatchObject({ kind: "text", baseHash: saved?.kind === "file" ? saved.hash : "missing", dirty: false });
      expect(ide.store.getState().listing).toEqual(fake.listingNow("p1"));
      expect(listingCalls(fake)).toBe(0);
    });

    it("loads the listing whole after a save on another base than the one it holds", async () => {
      const { ide, fake } = await setup();
      const base = fake.head("p1");
      fake.saveElsewhere("p1", [{ type: "write", path: "other.txt", content: "theirs", encoding: "utf8" }]);
      expect(await ide.refreshListing()).toBe(true);
      expect(await ide.saveSandboxChanges({ baseSnapshotId: base, changes: [{ type: "write", path: "out.txt", content: "box", encoding: "utf8" }] })).toBe("saved");
      expect(ide.store.getState().listing).toEqual(fake.listingNow("p1"));
      expect(listingCalls(fake)).toBe(2);
    });
  });

  describe("listing changes, for a sandbox that follows the project", () => {
    const paths = (change: ListingChange) => change.next.entries.map((entry) => entry.path);

    it("reports a reload that found changes made elsewhere, with nothing handled", async () => {
      const { ide, fake } = await setup();
      const changes: ListingChange[] = [];
      ide.onListingChanged((change) => changes.push(change));
      fake.saveElsewhere("p1", [{ type: "write", path: "agent.txt", content: "from the agent", encoding: "utf8" }]);
      expect(await ide.refreshListing()).toBe(true);
      expect(changes).toHaveLength(1);
      expect(changes[0]!.handled).toEqual([]);
      expect(paths(changes[0]!)).toContain("agent.txt");
      expect(changes[0]!.previous.entries.map((entry) => entry.path)).not.toContain("agent.txt");
    });

    it("stays quiet when a reload finds the same snapshot", async () => {
      const { ide } = await setup();
      const changes: ListingChange[] = [];
      ide.onListingChanged((change) => changes.push(change));
      expect(await ide.refreshListing()).toBe(true);
      expect(changes).toEqual([]);
    });

    it.each<[string, (ide: Controller) => Promise<boolean>, string[]]>([
      ["an editor save", async (ide) => {
        await openLoaded(ide, "src/a.ts");
        ide.editorChanged("src/a.ts", "mine");
        return ide.saveActive();
      }, ["src/a.ts"]],
      ["a move", (ide) => ide.moveEntry({ from: "src", to: "lib" }), ["src", "lib"]],
      [
        "a sandbox's save",
        (ide) =>
          ide
            .saveSandboxChanges({ changes: [{ type: "write", path: "out.txt", content: "x", encoding: "utf8" }], baseSnapshotId: ide.store.getState().listing.snapshotId })
            .then((result) => result === "saved"),
        ["out.txt"],
      ],
    ])("reports %s with its own paths handled and others' changes it brought", async (_name, act, handled) => {
      const { ide, fake } = await setup();
      const changes: ListingChange[] = [];
      ide.onListingChanged((change) => changes.push(change));
      // Saved elsewhere meanwhile: the save is rebased on it and its listing brings it along.
      fake.saveElsewhere("p1", [{ type: "write", path: "agent.txt", content: "from the agent", encoding: "utf8" }]);
      expect(await act(ide)).toBe(true);
      expect(changes).toHaveLength(1);
      expect(changes[0]!.handled).toEqual(handled);
      expect(paths(changes[0]!)).toContain("agent.txt");
    });

    it("stops reporting once unsubscribed", async () => {
      const { ide, fake } = await setup();
      const changes: ListingChange[] = [];
      const unsubscribe = ide.onListingChanged((change) => changes.push(change));
      unsubscribe();
      fake.saveElsewhere("p1", [{ type: "write", path: "agent.txt", content: "x", encoding: "utf8" }]);
      await ide.refreshListing();
      expect(changes).toEqual([]);
    });
  });
});
