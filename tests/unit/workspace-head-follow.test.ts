import { describe, expect, it } from "vitest";
import { createHeadFeed } from "@/lib/client/head-feed";
import { createWorkspaceController, type ListingChange } from "@/lib/client/workspace-controller";
import { createWebContainerSync } from "@/lib/client/sandbox-sync";
import { findStaleEdits } from "@/lib/client/workspace-state";
import { createMemorySandbox } from "@/lib/sandbox/memory";
import type { FileChangeInput, ProjectSummary } from "@/lib/validation/projects";
import { createFakeHeadChannel } from "../fixtures/fake-head-channel";
import { createFakeProjectApi } from "../fixtures/fake-project-api";

const project: ProjectSummary = { id: "p1", name: "Demo", workspaceId: "w", headSnapshotId: null, updatedAt: "2026-01-01T00:00:00Z" };

async function until(condition: () => boolean, what: string) {
  for (let i = 0; i < 300; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** One tab of the IDE on a fake server whose head channel the test announces. */
async function setup() {
  const fake = createFakeProjectApi({ projects: [project], files: { "src/a.ts": "a1", "README.md": "# Demo\n", "old.txt": "moving" } });
  const channel = createFakeHeadChannel({ fake, projectId: "p1" });
  const errors: string[] = [];
  const ide = createWorkspaceController({
    projectId: "p1",
    initialListing: await fake.api.listing("p1"),
    api: fake.api,
    storage: null,
    notify: { error: (m) => errors.push(m), info: () => {} },
  });
  const changes: ListingChange[] = [];
  ide.onListingChanged((change) => changes.push(change));
  const stop = ide.followHead(createHeadFeed({ projectId: "p1", openEventSource: channel.open }));
  const listingCalls = () => fake.calls.filter((c) => c.method === "listing").length - 1;
  /** Another tab, person, agent or box saves; the server announces the new head. */
  const elsewhere = (changes: FileChangeInput[]) => {
    fake.saveElsewhere("p1", changes);
    channel.announce();
  };
  const held = () => ide.store.getState().listing.snapshotId;
  const caughtUp = () => until(() => held() === fake.head("p1"), "the listing to reach the head");
  const openLoaded = async (path: string) => {
    ide.openFile(path);
    await until(() => ide.store.getState().docs[path]?.kind === "text", `${path} to load`);
  };
  return { fake, channel, ide, errors, changes, stop, listingCalls, elsewhere, held, caughtUp, openLoaded };
}

const write = (path: string, content: string): FileChangeInput => ({ type: "write", path, content, encoding: "utf8" });
const paths = (ide: Awaited<ReturnType<typeof setup>>["ide"]) => ide.store.getState().listing.entries.map((e) => e.path);

describe("the workspace follows the project's head channel", () => {
  it("a clean editor follows a save made elsewhere; the tree gets new files and loses deleted ones", async () => {
    const { ide, fake, elsewhere, caughtUp, openLoaded, listingCalls } = await setup();
    await openLoaded("src/a.ts");
    await openLoaded("README.md");
    elsewhere([write("src/a.ts", "a2"), write("docs/new.md", "new"), { type: "delete", path: "README.md" }]);
    await caughtUp();
    await until(() => ide.getText("src/a.ts") === "a2", "the clean editor to reload");
    expect(ide.isDirty("src/a.ts")).toBe(false);
    expect(ide.store.getState().tabs).toEqual(["src/a.ts"]);
    expect(paths(ide)).toEqual(["docs", "docs/new.md", "old.txt", "src", "src/a.ts"]);
    expect(ide.store.getState().listing).toEqual(fake.listingNow("p1"));
    expect(listingCalls()).toBe(0);
  });

  it("a tab follows its file moved elsewhere, unsaved edits included", async () => {
    const { ide, channel, fake, held } = await setup();
    ide.openFile("old.txt");
    await until(() => ide.store.getState().docs["old.txt"]?.kind === "text", "old.txt");
    ide.editorChanged("old.txt", "my edit");
    // The server reports a file deleted in one place and added elsewhere with the same bytes as a move.
    const from = held();
    fake.saveElsewhere("p1", [{ type: "move", from: "old.txt", to: "new/place.txt" }]);
    const to = fake.listingNow("p1");
    const source = channel.sources[0]!;
    const entry = to.entries.find((e) => e.path === "new/place.txt")!;
    source.send("head", JSON.stringify({
      type: "head", from, to: to.snapshotId, author: null,
      changes: [{ op: "mkdir", path: "new" }, { op: "move", from: "old.txt", to: "new/place.txt", hash: entry.kind === "file" ? entry.hash : "", size: 6 }],
    }));
    await until(() => held() === to.snapshotId, "the move");
    expect(ide.store.getState().tabs).toEqual(["new/place.txt"]);
    expect(ide.store.getState().active).toBe("new/place.txt");
    expect(ide.getText("new/place.txt")).toBe("my edit");
    expect(ide.isDirty("new/place.txt")).toBe(true);
  });

  it("a modified editor keeps my text and is told its file changed elsewhere; take theirs or keep mine", async () => {
    const { ide, fake, elsewhere, caughtUp, openLoaded } = await setup();
    await openLoaded("src/a.ts");
    ide.editorChanged("src/a.ts", "mine");
    elsewhere([write("src/a.ts", "theirs")]);
    await caughtUp();
    const { docs, listing } = ide.store.getState();
    expect(ide.getText("src/a.ts")).toBe("mine");
    expect(findStaleEdits({ docs, listing, paths: ["src/a.ts"] })).toEqual(["src/a.ts"]);
    expect(await ide.readTheirs("src/a.ts")).toEqual({ kind: "text", text: "theirs" });

    // Saving as it is would overwrite theirs: the prompt comes first, no request is sent.
    const saves = fake.calls.filter((c) => c.method === "save").length;
    expect(await ide.saveActive()).toBe(false);
    expect(ide.store.getState().conflict).toMatchObject({ paths: ["src/a.ts"], snapshotId: fake.head("p1") });
    expect(fake.calls.filter((c) => c.method === "save")).toHaveLength(saves);
    ide.dismissConflict();

    expect(await ide.keepMineOver("src/a.ts")).toBe(true);
    expect(fake.readText("p1", "src/a.ts")).toBe("mine");
    expect(ide.isDirty("src/a.ts")).toBe(false);

    ide.editorChanged("src/a.ts", "mine again");
    elsewhere([write("src/a.ts", "theirs again")]);
    await caughtUp();
    ide.takeTheirs("src/a.ts");
    await until(() => ide.getText("src/a.ts") === "theirs again", "their text");
    expect(ide.isDirty("src/a.ts")).toBe(false);
  });

  it("a modified editor whose file was deleted elsewhere stays open with my text", async () => {
    const { ide, elsewhere, caughtUp, openLoaded } = await setup();
    await openLoaded("README.md");
    ide.editorChanged("README.md", "mine");
    elsewhere([{ type: "delete", path: "README.md" }]);
    await caughtUp();
    expect(ide.store.getState().tabs).toEqual(["README.md"]);
    expect(await ide.readTheirs("README.md")).toEqual({ kind: "deleted" });
    ide.takeTheirs("README.md");
    expect(ide.store.getState().tabs).toEqual([]);
  });

  it("applies my own save once: the save's answer moves the listing and the channel's echo is dropped", async () => {
    const { ide, fake, channel, changes, openLoaded, listingCalls } = await setup();
    await openLoaded("src/a.ts");
    ide.editorChanged("src/a.ts", "mine");
    expect(await ide.saveActive()).toBe(true);
    channel.announce();
    // A later move elsewhere arrives after the echo: once it is applied, the echo was handled.
    fake.saveElsewhere("p1", [write("later.txt", "x")]);
    channel.announce();
    await until(() => changes.length === 2, "the later move");
    expect(changes.map((c) => c.handled)).toEqual([["src/a.ts"], []]);
    expect(changes[1]!.changes).toEqual([{ op: "add", path: "later.txt", hash: expect.any(String), size: 1 }]);
    expect(ide.store.getState().listing).toEqual(fake.listingNow("p1"));
    expect(listingCalls()).toBe(0);
  });

  it("an event that does not chain with the listing held asks the server for the changes from there", async () => {
    const { ide, fake, channel, held, caughtUp, listingCalls } = await setup();
    const start = held();
    // Another save lands first (announced later), then mine is rebased on it: I hold the newer head.
    fake.saveElsewhere("p1", [write("theirs.txt", "t")]);
    expect(await ide.createEntry({ path: "mine.txt", kind: "file" })).toBe(true);
    const mine = held();
    // The channel now sends theirs (from my old base), which does not start where I am.
    channel.sources[0]!.send("head", JSON.stringify({ type: "head", from: start, to: "unknown-to-me", author: null, changes: [] }));
    await until(() => channel.sources.length === 2, "the stream to be opened again");
    expect(channel.sources[0]!.closed).toBe(true);
    expect(channel.sources[1]!.url).toBe(`/api/projects/p1/head?since=${mine}`);
    fake.saveElsewhere("p1", [write("after.txt", "a")]);
    channel.announce();
    await caughtUp();
    expect(ide.store.getState().listing).toEqual(fake.listingNow("p1"));
    expect(listingCalls()).toBe(0);
  });

  it("a reload event loads the listing whole, once", async () => {
    const { ide, fake, channel, caughtUp, listingCalls, openLoaded } = await setup();
    await openLoaded("src/a.ts");
    fake.saveElsewhere("p1", [write("src/a.ts", "reloaded")]);
    channel.sendRaw("reload", JSON.stringify({ type: "reload", head: fake.head("p1") }));
    channel.sendRaw("reload", JSON.stringify({ type: "reload", head: fake.head("p1") }));
    await caughtUp();
    await until(() => ide.getText("src/a.ts") === "reloaded", "the clean tab");
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(listingCalls()).toBe(1);
  });

  it("ignores events it does not handle, and stops when told", async () => {
    const { fake, channel, held, stop } = await setup();
    const before = held();
    channel.sendRaw("presence", JSON.stringify({ type: "presence", viewers: [] }));
    channel.sendRaw("head", "{broken");
    stop();
    expect(channel.openCount).toBe(0);
    fake.saveElsewhere("p1", [write("x.txt", "x")]);
    channel.announce();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(held()).toBe(before);
  });

  it("a WebContainer gets each change from the channel once, and its own saves are not mirrored back", async () => {
    const { ide, fake, channel, elsewhere, caughtUp } = await setup();
    const sandbox = createMemorySandbox({ files: [] });
    const reads: string[] = [];
    const sync = createWebContainerSync({
      getListing: () => ide.store.getState().listing,
      save: ({ changes, baseSnapshotId }) => ide.saveSandboxChanges({ changes, baseSnapshotId }),
      readFiles: async ({ files, snapshotId }) =>
        new Map(
          await Promise.all(
            files.map(async ({ path }) => {
              reads.push(path);
              return [path, await fake.api.readBytes("p1", path, snapshotId)] as const;
            }),
          ),
        ),
      notify: { error: (message) => reads.push(`error: ${message}`), info: () => {} },
      quietMs: 5,
      maxWaitMs: 20,
    });
    ide.onListingChanged((change) => sync.applyListing(change));
    sync.attach(sandbox);

    elsewhere([write("from-agent.txt", "agent")]);
    await caughtUp();
    await sync.whenWritten();
    expect(new TextDecoder().decode(await sandbox.readFile("from-agent.txt"))).toBe("agent");

    await sandbox.writeFile("built.txt", new TextEncoder().encode("by npm"));
    await until(() => fake.readText("p1", "built.txt") === "by npm", "the sandbox's save");
    channel.announce();
    await caughtUp();
    await sync.flush();
    expect(reads).toEqual(["from-agent.txt"]);
    sync.dispose();
  });

  it("a tab still loading when its file changed elsewhere ends on the new version", async () => {
    const { ide, fake, elsewhere, caughtUp } = await setup();
    const readBytes = fake.api.readBytes;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    fake.api.readBytes = async (...args) => {
      await gate;
      return readBytes(...args);
    };
    ide.openFile("src/a.ts");
    elsewhere([write("src/a.ts", "newer")]);
    await caughtUp();
    release();
    await until(() => ide.getText("src/a.ts") === "newer", "the newer version");
    expect(ide.isDirty("src/a.ts")).toBe(false);
  });

  it("after a 409, Reload theirs uses the listing the channel brought instead of loading it whole", async () => {
    const { ide, fake, channel, caughtUp, openLoaded, listingCalls } = await setup();
    await openLoaded("src/a.ts");
    // Their save is not announced yet when mine is sent: the server refuses mine.
    fake.saveElsewhere("p1", [write("src/a.ts", "theirs")]);
    ide.editorChanged("src/a.ts", "mine");
    expect(await ide.saveActive()).toBe(false);
    expect(ide.store.getState().conflict).toMatchObject({ paths: ["src/a.ts"], snapshotId: fake.head("p1") });
    channel.announce();
    await caughtUp();
    expect(await ide.reloadTheirs()).toBe(true);
    await until(() => ide.getText("src/a.ts") === "theirs", "their text");
    expect(ide.isDirty("src/a.ts")).toBe(false);
    expect(listingCalls()).toBe(0);
  });
});

