import { describe, expect, it } from "vitest";
import { savedTabsKey } from "@/lib/client/local-keys";
import { readSavedTabs, type FileMove } from "@/lib/client/saved-tabs";
import { createWorkspaceController } from "@/lib/client/workspace-controller";
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
  const open = async ({ userId = "u1" }: { userId?: string } = {}) => {
    const controller = createWorkspaceController({
      projectId: project.id,
      initialListing: await fake.api.listing(project.id),
      api: fake.api,
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
  return { fake, storage, open, moveCalls, setMoves: (next: FileMove[]) => (moves = next) };
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
});
