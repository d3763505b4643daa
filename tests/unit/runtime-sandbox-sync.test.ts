import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  createWebContainerSync,
  diffListings,
  diffOfChanges,
  hashBlob,
  planSandboxChanges,
  type ListingDiff,
  type SandboxEntry,
  type SandboxSaveResult,
} from "@/lib/client/sandbox-sync";
import type { PathChange } from "@/lib/head-channel/types";
import { createMemorySandbox } from "@/lib/sandbox/memory";
import { limits } from "@/lib/validation/limits";
import type { FileChangeInput, FileEntry, ProjectListing } from "@/lib/validation/projects";

const encode = (text: string) => new TextEncoder().encode(text);
const file = async (path: string, text: string): Promise<FileEntry> => ({
  path,
  kind: "file",
  size: encode(text).byteLength,
  hash: await hashBlob({ bytes: encode(text) }),
});
const dir = (path: string): FileEntry => ({ path, kind: "dir" });
const until = async (condition: () => boolean, what: string) => {
  for (let i = 0; i < 300; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`Timed out waiting for ${what}`);
};

describe("hashBlob", () => {
  it.each([[""], ["hello\n"], ["ünïcödé"]])("matches the object store's blob hash for %j", async (text) => {
    const bytes = encode(text);
    const expected = createHash("sha256").update(`blob ${bytes.byteLength}\0`).update(bytes).digest("hex");
    expect(await hashBlob({ bytes })).toBe(expected);
  });
});

describe("planSandboxChanges", () => {
  const listed = async () => [
    await file("same.txt", "same"),
    await file("edited.txt", "old"),
    await file("gone.txt", "bye"),
    dir("src"),
    await file("src/a.js", "a"),
    dir("old"),
    await file("old/x.js", "x"),
    dir("old/deep"),
    await file("was-file", "f"),
    dir("was-dir"),
  ];
  const sandboxState: Record<string, SandboxEntry> = {
    "same.txt": { kind: "file", bytes: encode("same") },
    "edited.txt": { kind: "file", bytes: encode("new") },
    "new.txt": { kind: "file", bytes: encode("fresh") },
    "image.bin": { kind: "file", bytes: new Uint8Array([0, 1, 2, 255]) },
    src: { kind: "dir" },
    "new-dir": { kind: "dir" },
    "was-file": { kind: "dir" },
    "was-dir": { kind: "file", bytes: encode("now a file") },
    "node_modules/pkg/index.js": { kind: "file", bytes: encode("ignored") },
    "huge.txt": { kind: "file", bytes: new Uint8Array(limits.fileMaxBytes + 1) },
  };
  const read = async (path: string) => sandboxState[path] ?? null;

  it.each<[string, string[], FileChangeInput[]]>([
    ["an unchanged file (the sandbox echoing a save)", ["same.txt"], []],
    ["an edited file", ["edited.txt"], [{ type: "write", path: "edited.txt", content: "new", encoding: "utf8" }]],
    ["a new file", ["new.txt"], [{ type: "write", path: "new.txt", content: "fresh", encoding: "utf8" }]],
    ["a binary file, as base64", ["image.bin"], [{ type: "write", path: "image.bin", content: "AAEC/w==", encoding: "base64" }]],
    ["a deleted file", ["gone.txt"], [{ type: "delete", path: "gone.txt" }]],
    ["a path gone from both", ["never.txt"], []],
    ["a deleted folder, without its contents", ["old", "old/deep", "old/x.js"], [{ type: "delete", path: "old" }]],
    ["a new folder", ["new-dir"], [{ type: "mkdir", path: "new-dir" }]],
    ["a folder that exists", ["src"], []],
    ["a file that became a folder", ["was-file"], [{ type: "delete", path: "was-file" }, { type: "mkdir", path: "was-file" }]],
    [
      "a folder that became a file",
      ["was-dir"],
      [
        { type: "delete", path: "was-dir" },
        { type: "write", path: "was-dir", content: "now a file", encoding: "utf8" },
      ],
    ],
    ["an excluded folder's file", ["node_modules/pkg/index.js"], []],
    [
      "a mix, deletes first, then folders, then files",
      ["new.txt", "gone.txt", "new-dir"],
      [
        { type: "delete", path: "gone.txt" },
        { type: "mkdir", path: "new-dir" },
        { type: "write", path: "new.txt", content: "fresh", encoding: "utf8" },
      ],
    ],
  ])("plans %s", async (_name, paths, expected) => {
    const listing: ProjectListing = { snapshotId: "s1", entries: await listed() };
    const plan = await planSandboxChanges({ paths, listing, read });
    expect(plan.changes).toEqual(expected);
    expect(plan.tooLarge).toEqual([]);
  });

  it("skips a file over the size limit and reports it", async () => {
    const plan = await planSandboxChanges({ paths: ["huge.txt"], listing: { snapshotId: null, entries: [] }, read });
    expect(plan).toEqual({ changes: [], tooLarge: ["huge.txt"] });
  });
});

describe("diffListings", () => {
  const entry = (path: string, hash?: string): FileEntry => (hash ? { path, kind: "file", size: 1, hash } : dir(path));
  const previous: ProjectListing = {
    snapshotId: "s1",
    entries: [entry("same.txt", "h1"), entry("edited.txt", "h2"), entry("gone.txt", "h3"), entry("old"), entry("old/x.js", "h4"), entry("flip", "h5"), entry("mine.txt", "h6")],
  };
  const next: ProjectListing = {
    snapshotId: "s2",
    entries: [
      entry("same.txt", "h1"),
      entry("edited.txt", "h2b"),
      entry("new.txt", "h7"),
      entry("src"),
      entry("src/a.js", "h8"),
      entry("flip"),
      entry("mine.txt", "h6b"),
      entry("node_modules"),
      entry("node_modules/p.js", "h9"),
    ],
  };

  it.each<[string, readonly string[], ListingDiff]>([
    [
      "every change, deletes outermost only, excluded folders left out",
      [],
      { deletes: ["flip", "gone.txt", "old"], mkdirs: ["flip", "src"], writes: ["edited.txt", "mine.txt", "new.txt", "src/a.js"] },
    ],
    [
      "without what the save itself handled (and what is inside it)",
      ["mine.txt", "src", "old"],
      { deletes: ["flip", "gone.txt"], mkdirs: ["flip"], writes: ["edited.txt", "new.txt"] },
    ],
  ])("%s", (_name, handled, expected) => {
    expect(diffListings({ previous, next, handled })).toEqual(expected);
  });

  it("finds nothing between a listing and itself", () => {
    expect(diffListings({ previous: next, next })).toEqual({ deletes: [], mkdirs: [], writes: [] });
  });
});

describe("diffOfChanges: a change set of the head channel, for a sandbox", () => {
  const changes: PathChange[] = [
    { op: "delete", path: "old", kind: "dir" },
    { op: "delete", path: "old/x.js", kind: "file" },
    { op: "delete", path: "flip", kind: "file" },
    { op: "mkdir", path: "flip" },
    { op: "mkdir", path: "src" },
    { op: "add", path: "src/a.js", hash: "h8", size: 1 },
    { op: "change", path: "mine.txt", hash: "h6b", size: 1 },
    { op: "add", path: "node_modules/p.js", hash: "h9", size: 1 },
    { op: "move", from: "a/moved.txt", to: "b/moved.txt", hash: "h10", size: 1 },
  ];

  it.each<[string, readonly string[], ListingDiff]>([
    [
      "every change, deletes outermost only, a move read at its new path, excluded folders left out",
      [],
      { deletes: ["a/moved.txt", "flip", "old"], mkdirs: ["flip", "src"], writes: ["b/moved.txt", "mine.txt", "src/a.js"] },
    ],
    [
      "without what the save itself handled (and what is inside it)",
      ["mine.txt", "src", "a"],
      { deletes: ["flip", "old"], mkdirs: ["flip"], writes: ["b/moved.txt"] },
    ],
  ])("%s", (_name, handled, expected) => {
    expect(diffOfChanges({ changes, handled })).toEqual(expected);
  });
});

describe("createWebContainerSync", () => {
  /** A project on the "server": a listing with real blob hashes, changed by saves. */
  function setup({ results = [] as SandboxSaveResult[] } = {}) {
    const files = new Map<string, string>([["index.js", "console.log(1)"]]);
    const dirs = new Set<string>();
    let snapshot = 1;
    let listing: ProjectListing = { snapshotId: "s1", entries: [] };
    const snapshots = new Map<string, Map<string, string>>();
    const reads: string[] = [];
    const relist = async () => {
      const snapshotId = `s${snapshot}`;
      snapshots.set(snapshotId, new Map(files));
      listing = {
        snapshotId,
        entries: [...[...dirs].map(dir), ...(await Promise.all([...files].map(([path, text]) => file(path, text))))],
      };
      return listing;
    };
    const saves: FileChangeInput[][] = [];
    const errors: string[] = [];
    const sync = createWebContainerSync({
      getListing: () => listing,
      save: async ({ changes }) => {
        saves.push(changes);
        const result = results.shift() ?? "saved";
        if (result !== "saved") return result;
        for (const change of changes) {
          if (change.type === "write") files.set(change.path, change.content);
          if (change.type === "delete") files.delete(change.path);
        }
        snapshot += 1;
        await relist();
        return "saved";
      },
      // One request for a change set's files, as the batched POST of the snapshot's content.
      readFiles: async ({ files: wanted, snapshotId }) => {
        reads.push(`${snapshotId}:${wanted.map((f) => f.path).join(",")}`);
        return new Map(
          wanted.map(({ path }) => {
            const text = snapshots.get(snapshotId)?.get(path);
            if (text === undefined) throw new Error(`"${path}" does not exist in this snapshot`);
            return [path, encode(text)];
          }),
        );
      },
      notify: { error: (message) => errors.push(message), info: (message) => errors.push(`info: ${message}`) },
      quietMs: 20,
      maxWaitMs: 200,
    });
    const sandbox = createMemorySandbox({ files: [{ path: "index.js", kind: "file", content: "console.log(1)" }] });
    /** The IDE saved: the server has it, then the sync is told. */
    const saveFromIde = async (changes: FileChangeInput[]) => {
      for (const change of changes) if (change.type === "write") files.set(change.path, change.content);
      snapshot += 1;
      await relist();
      sync.applySaved(changes);
    };
    /** Someone else (the agent's tool calls on the server) changed the project; the IDE reloads the listing. */
    const changeElsewhere = async (change: (state: { files: Map<string, string>; dirs: Set<string> }) => void) => {
      const previous = listing;
      change({ files, dirs });
      snapshot += 1;
      const next = await relist();
      sync.applyListing({ previous, next });
    };
    return { sync, sandbox, saves, errors, reads, saveFromIde, changeElsewhere, relist, text: (path: string) => files.get(path) };
  }

  it("writes saves made while booting once the sandbox is attached, in order", async () => {
    const { sync, sandbox, saveFromIde } = setup();
    await saveFromIde([{ type: "write", path: "a.txt", content: "one" }]);
    await saveFromIde([{ type: "write", path: "a.txt", content: "two" }]);
    sync.applySaved([{ type: "mkdir", path: "empty" }]);
    sync.attach(sandbox);
    await sync.whenWritten();
    expect(new TextDecoder().decode(await sandbox.readFile("a.txt"))).toBe("two");
    expect(await sandbox.stat("empty")).toMatchObject({ kind: "dir" });
    sync.dispose();
  });

  it("applies moves and deletes, and a delete of something already gone is fine", async () => {
    const { sync, sandbox, errors } = setup();
    sync.attach(sandbox);
    sync.applySaved([{ type: "write", path: "src/b.js", content: "b", encoding: "utf8" }]);
    sync.applySaved([{ type: "move", from: "src", to: "lib" }]);
    sync.applySaved([{ type: "delete", path: "index.js" }, { type: "delete", path: "not-there.js" }]);
    await sync.whenWritten();
    expect(await sandbox.exists("lib/b.js")).toBe(true);
    expect(await sandbox.exists("src")).toBe(false);
    expect(await sandbox.exists("index.js")).toBe(false);
    expect(errors).toEqual([]);
    sync.dispose();
  });

  it("saves what a command wrote as one snapshot, but not the echo of the IDE's own saves", async () => {
    const { sync, sandbox, saves, saveFromIde, relist, text } = setup();
    await relist();
    sync.attach(sandbox);
    await saveFromIde([{ type: "write", path: "index.js", content: "console.log(2)", encoding: "utf8" }]);
    await sync.whenWritten();
    await sync.flush();
    expect(saves).toEqual([]);

    await sandbox.exec("echo hi > out.txt; mkdir -p gen; echo x > gen/x.txt; mkdir -p node_modules/p; echo y > node_modules/p/y.js");
    await until(() => saves.length > 0, "the sandbox's changes to be saved");
    await sync.flush();
    expect(saves).toHaveLength(1);
    expect(saves[0]).toEqual([
      { type: "mkdir", path: "gen" },
      { type: "write", path: "gen/x.txt", content: "x\n", encoding: "utf8" },
      { type: "write", path: "out.txt", content: "hi\n", encoding: "utf8" },
    ]);
    expect(text("out.txt")).toBe("hi\n");
    sync.dispose();
  });

  it("reads again and retries when the save conflicts", async () => {
    const { sync, sandbox, saves, relist } = setup({ results: ["conflict"] });
    await relist();
    sync.attach(sandbox);
    await sandbox.writeFile("made.txt", "by the sandbox");
    await until(() => saves.length >= 2, "the retry");
    expect(saves[1]).toEqual([{ type: "write", path: "made.txt", content: "by the sandbox", encoding: "utf8" }]);
    sync.dispose();
  });

  it("writes changes saved elsewhere into the sandbox, read at their snapshot, without saving them back", async () => {
    const { sync, sandbox, saves, reads, errors, changeElsewhere, relist } = setup();
    await relist();
    sync.attach(sandbox);
    await changeElsewhere(({ files, dirs }) => {
      files.set("index.js", "console.log('agent')");
      files.set("src/util.js", "export const x = 1;");
      dirs.add("src");
      dirs.add("empty");
    });
    await sync.whenWritten();
    expect(new TextDecoder().decode(await sandbox.readFile("index.js"))).toBe("console.log('agent')");
    expect(new TextDecoder().decode(await sandbox.readFile("src/util.js"))).toBe("export const x = 1;");
    expect(await sandbox.stat("empty")).toMatchObject({ kind: "dir" });
    // Both files in one request, not one each.
    expect(reads).toEqual(["s2:index.js,src/util.js"]);

    await changeElsewhere(({ files, dirs }) => {
      files.delete("src/util.js");
      dirs.delete("src");
    });
    await sync.whenWritten();
    expect(await sandbox.exists("src")).toBe(false);

    // The sandbox reported every write and delete; they match the listing, so nothing is saved.
    await new Promise((r) => setTimeout(r, 40));
    await sync.flush();
    expect(saves).toEqual([]);
    expect(errors).toEqual([]);
    sync.dispose();
  });

  it("leaves out the paths the save itself handled", async () => {
    const { sync, sandbox, reads, relist } = setup();
    const previous = await relist();
    sync.attach(sandbox);
    await sandbox.writeFile("made.txt", "by the sandbox, newer than the save");
    const next: ProjectListing = { snapshotId: "s9", entries: [...previous.entries, await file("made.txt", "by the sandbox")] };
    sync.applyListing({ previous, next, handled: ["made.txt"] });
    await sync.whenWritten();
    expect(reads).toEqual([]);
    expect(new TextDecoder().decode(await sandbox.readFile("made.txt"))).toBe("by the sandbox, newer than the save");
    sync.dispose();
  });

  it("keeps changes made elsewhere while it boots, in order with the IDE's saves", async () => {
    const { sync, sandbox, saveFromIde, changeElsewhere, relist } = setup();
    await relist();
    await changeElsewhere(({ files }) => files.set("a.txt", "agent"));
    await saveFromIde([{ type: "write", path: "a.txt", content: "ide" }]);
    sync.attach(sandbox);
    await sync.whenWritten();
    expect(new TextDecoder().decode(await sandbox.readFile("a.txt"))).toBe("ide");
    sync.dispose();
  });

  it("reports a file it could not read and writes the others", async () => {
    const { sync, sandbox, errors, relist } = setup();
    const previous = await relist();
    sync.attach(sandbox);
    const next: ProjectListing = { snapshotId: previous.snapshotId, entries: [...previous.entries, await file("lost.txt", "?")] };
    sync.applyListing({ previous, next });
    await sync.whenWritten();
    expect(errors).toEqual([expect.stringContaining('"lost.txt"')]);
    expect(await sandbox.exists("index.js")).toBe(true);
    sync.dispose();
  });

  it("never saves the agent's scratch files", async () => {
    const { sync, sandbox, saves, relist } = setup();
    await relist();
    sync.attach(sandbox);
    await sandbox.writeFile(".agent/snippet-1.mjs", "console.log(1)");
    await new Promise((r) => setTimeout(r, 40));
    await sync.flush();
    expect(saves).toEqual([]);
    sync.dispose();
  });
});
