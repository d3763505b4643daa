import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { indexedDbDraftStore } from "@/lib/client/offline-draft-store";
import { indexedDbUploadStore } from "@/lib/client/offline-upload-store";
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
      uploadStore: indexedDbUploadStore({ factory }),
      notify: { error: (m) => errors.push(m), info: () => {} },
    });
    ide.start();
    return ide;
  };
  const storedUploads = () => indexedDbUploadStore({ factory }).loadAll(project.id);
  return { fake, errors, open, storedUploads, setDown: (value: boolean) => void (down = value) };
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

  // A PNG's first bytes: not text, so it is uploaded as base64, as an image from the file picker is.
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0xff, 0x00]);
  const picked = (name: string) => ({ files: [{ relativePath: name, file: new File([png], name, { type: "image/png" }) }], emptyDirs: [] });
  /** The store is written after the page counted the upload: wait for it. */
  const storedCount = async (stored: () => Promise<unknown[]>, count: number) => {
    for (let i = 0; i < 200 && (await stored()).length !== count; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await stored()).toHaveLength(count);
  };
  const savedBytes = async (fake: ReturnType<typeof setup>["fake"], path: string) => {
    const head = await fake.api.headSnapshotId(project.id);
    return head === null ? null : fake.api.readBytes(project.id, path, head).catch(() => null);
  };

  it("keeps an image uploaded while the server is away, says it waits, and saves it once the server is back", async () => {
    const { fake, errors, open, storedUploads, setDown } = setup();
    const ide = await open();
    setDown(true);
    expect(await ide.upload({ targetDir: "img", picked: picked("logo.png") })).toBe(false);
    expect(ide.connection.getState().state).toBe("offline");
    expect(ide.waitingUploads.getState()).toBe(1);
    await storedCount(storedUploads, 1);
    expect((await storedUploads()).map((u) => u.changes.map((c) => c.type === "write" && [c.path, c.encoding]))).toEqual([[["img/logo.png", "base64"]]]);
    expect(await savedBytes(fake, "img/logo.png")).toBeNull();

    setDown(false);
    ide.retryConnection();
    await until(() => ide.waitingUploads.getState() === 0, "the kept upload to be saved");
    expect(await savedBytes(fake, "img/logo.png")).toEqual(png);
    expect(ide.store.getState().listing.entries.some((e) => e.path === "img/logo.png")).toBe(true);
    expect(await storedUploads()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("forgets a deleted project's waiting uploads, and only its own", async () => {
    const store = indexedDbUploadStore({ factory: new IDBFactory() });
    const upload = (id: string) => ({ id, baseSnapshotId: null, changes: [{ type: "mkdir" as const, path: "d" }], createdAt: 1 });
    await store.put("p1", upload("u1"));
    await store.put("p10", upload("u2"));
    await store.clearProject("p1");
    expect(await store.loadAll("p1")).toEqual([]);
    expect((await store.loadAll("p10")).map((u) => u.id)).toEqual(["u2"]);
  });

  it("keeps an upload across a reload, and the reloaded page saves it when the server answers", async () => {
    const { fake, open, storedUploads, setDown } = setup();
    const ide = await open();
    setDown(true);
    await ide.upload({ targetDir: "", picked: picked("photo.png") });
    expect(ide.waitingUploads.getState()).toBe(1);
    await storedCount(storedUploads, 1);

    setDown(false);
    const reloaded = await open();
    await until(() => reloaded.store.getState().listing.entries.some((e) => e.path === "photo.png"), "the stored upload to be saved");
    expect(await savedBytes(fake, "photo.png")).toEqual(png);
    await until(() => reloaded.waitingUploads.getState() === 0, "nothing waiting");
    expect(await storedUploads()).toEqual([]);
  });

  it("an upload kept offline goes through the conflict rules: keep mine saves it, take theirs drops it", async () => {
    const other = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 0]);
    for (const choice of ["mine", "theirs"] as const) {
      const { fake, open, storedUploads, setDown } = setup();
      const ide = await open();
      setDown(true);
      await ide.upload({ targetDir: "", picked: picked("a.txt") });
      // Someone else saved the same path while this browser could not reach the server.
      await fake.saveElsewhere("p1", [{ type: "write", path: "a.txt", content: btoa(String.fromCharCode(...other)), encoding: "base64" }]);

      setDown(false);
      ide.retryConnection();
      await until(() => ide.store.getState().conflict !== null, "the conflict prompt");
      expect(ide.store.getState().conflict?.paths).toEqual(["a.txt"]);
      expect(await savedBytes(fake, "a.txt")).toEqual(other);
      if (choice === "mine") {
        expect(await ide.keepMine()).toBe(true);
        expect(await savedBytes(fake, "a.txt")).toEqual(png);
      } else {
        expect(await ide.reloadTheirs()).toBe(true);
        expect(await savedBytes(fake, "a.txt")).toEqual(other);
      }
      expect(ide.waitingUploads.getState()).toBe(0);
      await storedCount(storedUploads, 0);
    }
  });
});
