import { describe, expect, it } from "vitest";
import { savedTabsKey } from "@/lib/client/local-keys";
import { readSavedTabs, type FileMove } from "@/lib/client/saved-tabs";
import { createWorkspaceController } from "@/lib/client/workspace-controller";
import type { InitialFile } from "@/lib/client/workspace-state";
import type { ProjectSummary } from "@/lib/validation/projects";
import { createFakeProjectApi } from "../fixtures/fake-project-api";
import { memoryStorage } from "../fixtures/memory-storage";
import { until } from "../fixtures/until";

const project: ProjectSummary = { id: "p1", name: "Demo", workspaceId: "w", headSnapshotId: null, updatedAt: "2026-01-01T00:00:00Z" };
const files = { "a.ts": "a\n", "b.ts": "b\n", "c.ts": "c\n", "src/d.ts": "d\n" };

async function setup() {
  const fake = createFakeProjectApi({ projects: [project], files });
  const storage = memoryStorage();
  const moveCalls: [string, string][] = [];
  let moves: FileMove[] = [];
  /** The files read from the server, in order. */
  const reads: string[] = [];
  const api = { ...fake.api, readBytes: (id: string, path: string, snapshotId: string) => (reads.push(path), fake.api.readBytes(id, path, snapshotId)) };
  const open = async ({ userId = "u1", initialFile = null }: { userId?: string; initialFile?: InitialFile | null } = {}) => {
    const controller = createWorkspaceController({
      projectId: project.id,
      initialListing: await fake.api.listing(project.id),
      initialFile,
      api,
      storage,
      tabsKey: savedTabsKey({ projectId: project.id, userId }),
      movesSince: async (from, to) => {
        moveCalls.push([from, to]);
        return moves;
      },
      notify: { error: () => {}, info: () => {} },
    });
    const stop = controller.start();
    // Restoring is asynchronous (drafts come from IndexedDB); it is done once the tabs are kept again.
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { controller, stop };
  };
  return { fake, storage, open, reads, moveCalls, setMoves: (next: FileMove[]) => (moves = next) };
}

const tabsOf = (controller: Awaited<ReturnType<Awaited<ReturnType<typeof setup>>["open"]>>["controller"]) => {
  const { tabs, active } = controller.store.getState();
  return { tabs, active };
};

describe("open tabs across reloads", () => {
  it("reopens the same tabs in order with the same one active, and each editor's view", async () => {
    const { open } = await setup();
    const first = await open();
    for (const path of ["c.ts", "a.ts", "b.ts"]) first.controller.openFile(path);
    first.controller.activate("a.ts");
    first.controller.editorViewChanged("a.ts", { line: 12, column: 3, scrollTop: 200, scrollLeft: 0 });
    first.stop();

    const second = await open();
    expect(tabsOf(second.controller)).toEqual({ tabs: ["c.ts", "a.ts", "b.ts"], active: "a.ts" });
    await until(() => second.controller.store.getState().docs["b.ts"]?.kind === "text", "the restored tabs to load");
    expect(second.controller.takeEditorView("a.ts")).toEqual({ line: 12, column: 3, scrollTop: 200, scrollLeft: 0 });
    // Handed over once: switching tabs later keeps the editor's own view.
    expect(second.controller.takeEditorView("a.ts")).toBeUndefined();
  });

  it("keeps each person's tabs apart", async () => {
    const { open } = await setup();
    const mine = await open();
    mine.controller.openFile("a.ts");
    mine.stop();
    const theirs = await open({ userId: "u2" });
    expect(tabsOf(theirs.controller)).toEqual({ tabs: [], active: null });
  });

  it("does not replace the saved tabs before restoring them", async () => {
    const { open, storage } = await setup();
    const first = await open();
    first.controller.openFile("b.ts");
    first.stop();
    const key = savedTabsKey({ projectId: "p1", userId: "u1" });
    const second = createWorkspaceController({
      projectId: "p1",
      initialListing: first.controller.store.getState().listing,
      api: createFakeProjectApi({ projects: [project], files }).api,
      storage,
      tabsKey: key,
      notify: { error: () => {}, info: () => {} },
    });
    second.openFile("c.ts");
    expect(readSavedTabs({ storage, key })?.tabs).toEqual(["b.ts"]);
  });

  it("drops the tab of a file deleted meanwhile and follows one renamed meanwhile", async () => {
    const { open, fake, moveCalls, setMoves } = await setup();
    const first = await open();
    for (const path of ["a.ts", "b.ts", "src/d.ts"]) first.controller.openFile(path);
    first.controller.editorViewChanged("src/d.ts", { line: 4, column: 1, scrollTop: 0, scrollLeft: 0 });
    first.stop();
    const before = fake.head("p1")!;
    await fake.saveElsewhere("p1", [
      { type: "delete", path: "b.ts" },
      { type: "move", from: "src/d.ts", to: "lib/d.ts" },
    ]);
    setMoves([{ from: "src/d.ts", to: "lib/d.ts" }]);

    const second = await open();
    expect(moveCalls).toEqual([[before, fake.head("p1")]]);
    expect(tabsOf(second.controller)).toEqual({ tabs: ["a.ts", "lib/d.ts"], active: "lib/d.ts" });
    expect(second.controller.takeEditorView("lib/d.ts")).toMatchObject({ line: 4 });
  });

  it("asks for moves only when a saved tab's file is missing", async () => {
    const { open, fake, moveCalls } = await setup();
    const first = await open();
    first.controller.openFile("a.ts");
    first.stop();
    await fake.saveElsewhere("p1", [{ type: "write", path: "a.ts", content: "changed\n", encoding: "utf8" }]);
    const second = await open();
    expect(moveCalls).toEqual([]);
    expect(tabsOf(second.controller).tabs).toEqual(["a.ts"]);
  });

  it("follows a rename made while the page is open, view included", async () => {
    const { open, storage } = await setup();
    const first = await open();
    first.controller.openFile("c.ts");
    first.controller.editorViewChanged("c.ts", { line: 9, column: 2, scrollTop: 90, scrollLeft: 0 });
    await first.controller.moveEntry({ from: "c.ts", to: "renamed.ts" });
    first.stop();
    expect(readSavedTabs({ storage, key: savedTabsKey({ projectId: "p1", userId: "u1" }) })).toMatchObject({
      tabs: ["renamed.ts"],
      active: "renamed.ts",
      views: { "renamed.ts": { line: 9 } },
    });
  });

  it("shows the file the page came with at once, then brings the other saved tabs back around it", async () => {
    const { open, fake, reads } = await setup();
    const first = await open();
    for (const path of ["c.ts", "a.ts", "b.ts"]) first.controller.openFile(path);
    first.controller.activate("a.ts");
    await until(() => reads.length === 3, "the first visit's tabs to load");
    first.stop();

    const listing = await fake.api.listing(project.id);
    const controller = createWorkspaceController({
      projectId: project.id,
      initialListing: listing,
      initialFile: { path: "a.ts", text: "a\n" },
      api: fake.api,
      storage: null,
      notify: { error: () => {}, info: () => {} },
    });
    // Before anything runs in the browser: open, active and loaded, as the server rendered it.
    expect(tabsOf(controller)).toEqual({ tabs: ["a.ts"], active: "a.ts" });
    expect(controller.store.getState().docs["a.ts"]).toMatchObject({ kind: "text", dirty: false, savedText: "a\n" });
    expect(controller.getText("a.ts")).toBe("a\n");

    const second = await open({ initialFile: { path: "a.ts", text: "a\n" } });
    expect(tabsOf(second.controller)).toEqual({ tabs: ["c.ts", "a.ts", "b.ts"], active: "a.ts" });
    await until(() => second.controller.store.getState().docs["b.ts"]?.kind === "text", "the restored tabs to load");
    // The two other tabs were fetched; the one the page came with was not.
    expect(reads.slice(3).sort()).toEqual(["b.ts", "c.ts"]);
  });

  it("puts this browser's unsaved edits over the text the page came with", async () => {
    const { open } = await setup();
    const first = await open();
    first.controller.openFile("a.ts");
    await until(() => first.controller.store.getState().docs["a.ts"]?.kind === "text", "a.ts to load");
    first.controller.editorChanged("a.ts", "typed before the reload\n");
    await first.controller.flushDrafts();
    first.stop();

    const second = await open({ initialFile: { path: "a.ts", text: "a\n" } });
    await until(() => second.controller.getText("a.ts") === "typed before the reload\n", "the draft to replace the page's text");
    expect(second.controller.store.getState().docs["a.ts"]).toMatchObject({ kind: "text", dirty: true, savedText: "a\n" });
  });

  it("ignores a page's file that the listing does not hold", async () => {
    const { fake } = await setup();
    const controller = createWorkspaceController({
      projectId: project.id,
      initialListing: await fake.api.listing(project.id),
      initialFile: { path: "gone.ts", text: "x" },
      api: fake.api,
      storage: null,
      notify: { error: () => {}, info: () => {} },
    });
    expect(tabsOf(controller)).toEqual({ tabs: [], active: null });
  });
});
