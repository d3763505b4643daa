import { describe, expect, it } from "vitest";
import { readSeedFiles } from "@/lib/client/sandbox-seed";
import { createWorkspaceController, type SavedChanges } from "@/lib/client/workspace-controller";
import type { ProjectSummary } from "@/lib/validation/projects";
import { createFakeProjectApi } from "../fixtures/fake-project-api";
import { until } from "../fixtures/until";

const project: ProjectSummary = { id: "p1", name: "Demo", workspaceId: "w", headSnapshotId: null, updatedAt: "2026-01-01T00:00:00Z" };

async function setup() {
  const fake = createFakeProjectApi({ projects: [project], files: { "a.js": "one", "b.js": "bee" } });
  const errors: string[] = [];
  const ide = createWorkspaceController({
    projectId: "p1",
    initialListing: await fake.api.listing("p1"),
    api: fake.api,
    storage: null,
    notify: { error: (m) => errors.push(m), info: () => {} },
  });
  const saved: SavedChanges[] = [];
  ide.onSaved((event) => saved.push(event));
  const openLoaded = async (path: string) => {
    ide.openFile(path);
    await until(() => ide.store.getState().docs[path]?.kind === "text", `${path} to load`);
  };
  return { fake, ide, saved, errors, openLoaded };
}

describe("workspace controller, for the runtime", () => {
  it.each([
    ["an editor save", async (ide: Awaited<ReturnType<typeof setup>>["ide"]) => {
      ide.openFile("a.js");
      await until(() => ide.store.getState().docs["a.js"]?.kind === "text", "a.js");
      ide.editorChanged("a.js", "two");
      await ide.saveActive();
    }, [{ type: "write", path: "a.js", content: "two", encoding: "utf8" }]],
    ["a new folder", (ide: Awaited<ReturnType<typeof setup>>["ide"]) => ide.createEntry({ path: "lib", kind: "dir" }), [{ type: "mkdir", path: "lib" }]],
    ["a move", (ide: Awaited<ReturnType<typeof setup>>["ide"]) => ide.moveEntry({ from: "b.js", to: "c.js" }), [{ type: "move", from: "b.js", to: "c.js" }]],
    ["a delete", (ide: Awaited<ReturnType<typeof setup>>["ide"]) => ide.deleteEntry({ path: "b.js" }), [{ type: "delete", path: "b.js" }]],
  ] as const)("tells listeners about %s", async (_name, act, changes) => {
    const { ide, saved } = await setup();
    await act(ide);
    expect(saved).toEqual([{ changes, origin: "ide" }]);
  });

  it("saves a sandbox's changes as one snapshot and reloads clean tabs, keeping dirty ones", async () => {
    const { fake, ide, saved, openLoaded } = await setup();
    await openLoaded("a.js");
    await openLoaded("b.js");
    ide.editorChanged("b.js", "my edit");
    const result = await ide.saveSandboxChanges({
      changes: [
        { type: "write", path: "a.js", content: "from npm", encoding: "utf8" },
        { type: "write", path: "out.txt", content: "hi", encoding: "utf8" },
      ],
      baseSnapshotId: ide.store.getState().listing.snapshotId,
    });
    expect(result).toBe("saved");
    expect(saved.map((s) => s.origin)).toEqual(["sandbox"]);
    expect(ide.store.getState().listing.snapshotId).toBe(fake.head("p1"));
    await until(() => ide.getText("a.js") === "from npm", "the clean tab to reload");
    expect(ide.getText("b.js")).toBe("my edit");
    expect(ide.isDirty("b.js")).toBe(true);
  });

  it("returns a conflict instead of prompting", async () => {
    const { fake, ide } = await setup();
    const base = ide.store.getState().listing.snapshotId;
    fake.saveElsewhere("p1", [{ type: "write", path: "a.js", content: "elsewhere" }]);
    const result = await ide.saveSandboxChanges({ changes: [{ type: "write", path: "a.js", content: "sandbox" }], baseSnapshotId: base });
    expect(result).toBe("conflict");
    expect(ide.store.getState().conflict).toBeNull();
  });

  it("reloads the listing after the server saved a box command's files, without touching drafts", async () => {
    const { fake, ide, openLoaded } = await setup();
    await openLoaded("a.js");
    ide.editorChanged("a.js", "unsaved");
    fake.saveElsewhere("p1", [
      { type: "write", path: "out.txt", content: "hi\n" },
      { type: "write", path: "a.js", content: "written by a command" },
    ]);
    expect(await ide.refreshListing()).toBe(true);
    expect(ide.store.getState().listing.entries.map((e) => e.path)).toContain("out.txt");
    expect(ide.getText("a.js")).toBe("unsaved");
    expect(ide.isDirty("a.js")).toBe(true);
  });

  it("reads every file of a listing to seed a sandbox, folders included", async () => {
    const { fake } = await setup();
    fake.saveElsewhere("p1", [{ type: "mkdir", path: "empty" }, { type: "write", path: "node_modules/x/i.js", content: "held" }]);
    const progress: number[] = [];
    const seed = await readSeedFiles({ api: fake.api, projectId: "p1", listing: fake.listingNow("p1"), onProgress: (done) => progress.push(done) });
    const decoded = seed.map((entry) => (entry.kind === "dir" ? `${entry.path}/` : `${entry.path}=${new TextDecoder().decode(entry.content as Uint8Array)}`));
    // What the project holds reaches the sandbox, node_modules too (only a sandbox's own writes there are left out).
    expect(decoded.sort()).toEqual(["a.js=one", "b.js=bee", "empty/", "node_modules/", "node_modules/x/", "node_modules/x/i.js=held"]);
    expect(progress).toEqual([1, 2, 3]);
  });
});
