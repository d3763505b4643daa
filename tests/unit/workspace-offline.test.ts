import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { indexedDbDraftStore } from "@/lib/client/offline-draft-store";
import type { ProjectApi } from "@/lib/client/project-api";
import { createWorkspaceController } from "@/lib/client/workspace-controller";
import type { ProjectSummary } from "@/lib/validation/projects";
import { createFakeProjectApi } from "../fixtures/fake-project-api";

const project: ProjectSummary = { id: "p1", name: "Demo", workspaceId: "w", headSnapshotId: null, updatedAt: "2026-01-01T00:00:00Z" };

async function until(condition: () => boolean, what = "condition") {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** The fake project API behind a switch: while down, every request fails as fetch does without a server. */
function setup() {
  const fake = createFakeProjectApi({ projects: [project], files: { "a.txt": "start\n" } });
  let down = false;
  const api = new Proxy(fake.api, {
    get(target, key: keyof ProjectApi) {
      const value = target[key];
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => (down ? Promise.reject(new TypeError("Failed to fetch")) : (value as (...a: unknown[]) => unknown)(...args));
    },
  });
  const factory = new IDBFactory();
  const errors: string[] = [];
  const open = async () => {
    const ide = createWorkspaceController({
      projectId: project.id,
      initialListing: await fake.api.listing(project.id),
      api,
      storage: null,
      draftStore: indexedDbDraftStore({ factory, legacy: null }),
      notify: { error: (m) => errors.push(m), info: () => {} },
    });
    ide.start();
    return ide;
  };
  return { fake, errors, open, setDown: (value: boolean) => void (down = value) };
}

type Controller = Awaited<ReturnType<ReturnType<typeof setup>["open"]>>;

async function openLoaded(ide: Controller, path: string) {
  ide.openFile(path);
  await until(() => ide.store.getState().docs[path]?.kind === "text", `${path} to load`);
}

describe("workspace controller offline", () => {
  it("keeps a save that cannot reach the server, and saves the latest text once the server is back", async () => {
    const { fake, errors, open, setDown } = setup();
    const ide = await open();
    await openLoaded(ide, "a.txt");
    setDown(true);
    ide.editorChanged("a.txt", "start\none");
    expect(await ide.saveActive()).toBe(false);
    expect(ide.connection.getState().state).toBe("offline");
    // The banner says it; no error toast for every attempt.
    expect(errors).toEqual([]);
    ide.editorChanged("a.txt", "start\none\ntwo");
    expect(await ide.saveActive()).toBe(false);
    ide.editorChanged("a.txt", "start\none\ntwo\nthree");
    expect(fake.readText("p1", "a.txt")).toBe("start\n");

    setDown(false);
    ide.retryConnection();
    await until(() => fake.readText("p1", "a.txt") === "start\none\ntwo\nthree", "the kept save");
    expect(ide.connection.getState().state).toBe("online");
    await until(() => ide.store.getState().docs["a.txt"]?.kind === "text" && !ide.isDirty("a.txt"), "a clean tab");
    expect(errors).toEqual([]);
  });

  it("keeps every keystroke in IndexedDB, so a reload after the server is back restores it", async () => {
    const { open, setDown } = setup();
    const ide = await open();
    await openLoaded(ide, "a.txt");
    setDown(true);
    let text = "start\n";
    for (const ch of "typed offline") {
      text += ch;
      ide.editorChanged("a.txt", text);
    }
    await ide.flushDrafts();

    setDown(false);
    const reloaded = await open();
    await until(() => reloaded.store.getState().docs["a.txt"]?.kind === "text", "the restored draft");
    expect(reloaded.getText("a.txt")).toBe("start\ntyped offline");
    expect(reloaded.isDirty("a.txt")).toBe(true);
  });

  it("saves kept offline go through the conflict rules: a file changed meanwhile asks, and nothing is lost", async () => {
    const { fake, open, setDown } = setup();
    const ide = await open();
    await openLoaded(ide, "a.txt");
    setDown(true);
    ide.editorChanged("a.txt", "mine, typed offline");
    expect(await ide.saveActive()).toBe(false);
    // Someone else saved the same file while this browser could not reach the server.
    await fake.saveElsewhere("p1", [{ type: "write", path: "a.txt", content: "theirs", encoding: "utf8" }]);

    setDown(false);
    ide.retryConnection();
    await until(() => ide.store.getState().conflict !== null, "the conflict prompt");
    expect(ide.store.getState().conflict?.paths).toEqual(["a.txt"]);
    expect(fake.readText("p1", "a.txt")).toBe("theirs");
    expect(ide.getText("a.txt")).toBe("mine, typed offline");
    expect(await ide.keepMine()).toBe(true);
    expect(fake.readText("p1", "a.txt")).toBe("mine, typed offline");
  });
});
