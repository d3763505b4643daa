import { describe, expect, it } from "vitest";
import { runClientToolCall, type AgentBrowserRuntime } from "@/lib/client/agent-client-tools";
import { createWebContainerSync, hashBlob } from "@/lib/client/sandbox-sync";
import { createMemorySandbox } from "@/lib/sandbox/memory";
import type { FileChangeInput, FileEntry, ProjectListing } from "@/lib/validation/projects";

// With WebContainer active the agent's commands run in the browser and the browser saves what they
// wrote: the locks must hold there too. A real sync (the one the IDE uses) over a memory sandbox.

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

async function setup(initial: Record<string, string>) {
  const files = new Map(Object.entries(initial));
  let listing: ProjectListing = { snapshotId: "s1", entries: [] };
  let snapshot = 1;
  const relist = async () => {
    const dirs = new Set([...files.keys()].flatMap((path) => path.split("/").slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join("/"))));
    const entries: FileEntry[] = [
      ...[...dirs].map((path): FileEntry => ({ path, kind: "dir" })),
      ...(await Promise.all([...files].map(async ([path, text]): Promise<FileEntry> => ({ path, kind: "file", size: encode(text).byteLength, hash: await hashBlob({ bytes: encode(text) }) })))),
    ];
    listing = { snapshotId: `s${snapshot}`, entries };
  };
  await relist();
  const saves: FileChangeInput[][] = [];
  const sync = createWebContainerSync({
    getListing: () => listing,
    save: async ({ changes }) => {
      saves.push(changes);
      for (const change of changes) {
        if (change.type === "write") files.set(change.path, change.content);
        if (change.type === "delete") for (const path of [...files.keys()]) if (path === change.path || path.startsWith(change.path + "/")) files.delete(path);
      }
      snapshot += 1;
      await relist();
      return "saved";
    },
    readFiles: async ({ files: wanted }) => new Map(wanted.map(({ path }) => [path, encode(files.get(path)!)])),
    notify: { error: () => {}, info: () => {} },
    quietMs: 20,
    maxWaitMs: 100,
  });
  const sandbox = createMemorySandbox({ files: Object.entries(initial).map(([path, content]) => ({ path, kind: "file" as const, content })) });
  sync.attach(sandbox);
  const browser = (lockedPaths: string[]): AgentBrowserRuntime => ({
    state: "ready",
    sandbox,
    catchUp: async () => true,
    saveChanges: () => sync.flush(),
    holdSaves: () => sync.hold(),
    lockedPaths,
  });
  return { sandbox, saves, files, browser, dispose: () => sync.dispose() };
}

describe("agent commands in the browser keep locked files", () => {
  it("puts back what a command changed under locked paths before anything is saved, and says so", async () => {
    const { sandbox, saves, files, browser, dispose } = await setup({ "locked.txt": "mine\n", "src/keep.ts": "keep\n", "src/gone.ts": "gone\n", "a.txt": "a\n" });
    // Longer than the sync's longest wait, so an unheld sync would have saved the locked file already.
    const command = "echo agent > locked.txt; rm -r src; echo free > free.txt; sleep 0.3";
    const result = await runClientToolCall({ call: { toolCallId: "c1", toolName: "run_command", input: { command } }, browser: browser(["locked.txt", "src/keep.ts"]) });

    expect(result).toMatchObject({ state: "output-available", output: { exitCode: 0, refusedWrites: { paths: ["locked.txt", "src/keep.ts"], message: expect.stringContaining("locked") } } });
    expect(decode(await sandbox.readFile("locked.txt"))).toBe("mine\n");
    expect(decode(await sandbox.readFile("src/keep.ts"))).toBe("keep\n");
    expect(await sandbox.exists("src/gone.ts")).toBe(false);
    const saved = saves.flat();
    expect(saved.some((change) => "path" in change && (change.path === "locked.txt" || change.path.startsWith("src/keep")))).toBe(false);
    expect(files.get("locked.txt")).toBe("mine\n");
    expect(files.get("src/keep.ts")).toBe("keep\n");
    expect(files.get("free.txt")).toBe("free\n");
    expect(files.has("src/gone.ts")).toBe(false);
    dispose();
  });

  it("answers as before when nothing locked was touched", async () => {
    const { browser, dispose } = await setup({ "locked.txt": "mine\n" });
    const result = await runClientToolCall({ call: { toolCallId: "c1", toolName: "run_command", input: { command: "echo hi" } }, browser: browser(["locked.txt"]) });
    expect(result).toEqual({ state: "output-available", output: { exitCode: 0, stdout: "hi\n", stderr: "", durationMs: expect.any(Number) } });
    dispose();
  });
});
