import { afterEach, describe, expect, it } from "vitest";
import { runClientToolCall, type AgentBrowserRuntime } from "@/lib/client/agent-client-tools";
import { createWebContainerSync, hashBlob, watcherMissedMessage } from "@/lib/client/sandbox-sync";
import type { Sandbox, SandboxEvent } from "@/lib/sandbox/types";
import type { FileChangeInput, FileEntry, ProjectListing } from "@/lib/validation/projects";
import { createWebContainerSandbox, type PageEnvironment } from "@/lib/sandbox/webcontainer";
import { createFakeWebContainerApi, type FakeRuntimeOptions } from "../fixtures/webcontainer-api.fake";

// The browser-side workflows (Run, the agent's commands, the sync) against the strict fake
// (lib/sandbox/webcontainer/FAKE.md): a PTY whose stdin never ends, servers that open and close
// ports, watches that miss what a move did.

const isolated: PageEnvironment = { isSecureContext: true, crossOriginIsolated: true, hasSharedArrayBuffer: true };
const seed = [
  { path: "README.md", kind: "file" as const, content: "# hi\n" },
  { path: "src/components/a.ts", kind: "file" as const, content: "export const a = 1;\n" },
  { path: "src/components/b.ts", kind: "file" as const, content: "export const b = 2;\n" },
];

const started: Sandbox[] = [];
afterEach(async () => {
  for (const sandbox of started.splice(0)) await sandbox.dispose();
});

async function start(runtime: FakeRuntimeOptions = {}) {
  const fake = createFakeWebContainerApi({ runtime });
  const sandbox = await createWebContainerSandbox({ files: seed, bootTimeoutMs: 1000, api: fake.module, page: isolated });
  started.push(sandbox);
  return { fake, wc: fake.instance!, sandbox };
}

const browserOver = (sandbox: Sandbox): AgentBrowserRuntime => ({
  state: "ready",
  sandbox,
  catchUp: async () => true,
  saveChanges: async () => {},
});

describe("the agent's commands in WebContainer", () => {
  it("take stdin: the text reaches the command, which then sees it end", async () => {
    const { sandbox } = await start();
    const result = await runClientToolCall({
      call: { toolCallId: "c1", toolName: "run_command", input: { command: "cat", stdin: "yes\nmy-app\n", timeoutSeconds: 5 } },
      browser: browserOver(sandbox),
    });
    expect(result).toMatchObject({ state: "output-available", output: { exitCode: 0 } });
    expect(result.state === "output-available" && result.output.stdout).toContain("my-app");
  });

  it("run without a terminal to answer: a prompt gets end of input and the environment says CI", async () => {
    const { sandbox } = await start();
    const prompt = `node -e "process.stdin.on('data', (d) => console.log('got', String(d))); process.stdin.on('end', () => console.log('no answer, CI=' + process.env.CI))"`;
    const result = await runClientToolCall({
      call: { toolCallId: "c1", toolName: "run_command", input: { command: prompt, timeoutSeconds: 5 } },
      browser: browserOver(sandbox),
    });
    expect(result).toMatchObject({ state: "output-available", output: { exitCode: 0 } });
    expect(result.state === "output-available" && result.output.stdout).toContain("no answer, CI=1");
  });
});

const until = async (condition: () => boolean, what: string) => {
  for (let i = 0; i < 400; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`Timed out waiting for ${what}`);
};

/** The project on the "server", seeded like the sandbox, and a sync between them. */
async function syncOver(sandbox: Sandbox, { reconcileEveryMs = 60_000 } = {}) {
  const files = new Map(seed.map((entry) => [entry.path, entry.content]));
  const dirs = new Set(["src", "src/components"]);
  let listing: ProjectListing = { snapshotId: "s0", entries: [] };
  let snapshot = 0;
  const relist = async () => {
    const entries: FileEntry[] = [...dirs].map((path) => ({ path, kind: "dir" }));
    for (const [path, text] of files) {
      const bytes = new TextEncoder().encode(text);
      entries.push({ path, kind: "file", size: bytes.byteLength, hash: await hashBlob({ bytes }) });
    }
    listing = { snapshotId: `s${(snapshot += 1)}`, entries };
  };
  await relist();
  const saves: FileChangeInput[][] = [];
  const notices: string[] = [];
  const sync = createWebContainerSync({
    getListing: () => listing,
    save: async ({ changes }) => {
      saves.push(changes);
      for (const change of changes) {
        if (change.type === "write") files.set(change.path, change.content);
        if (change.type === "mkdir") dirs.add(change.path);
        if (change.type === "delete") {
          for (const path of [...files.keys()]) if (path === change.path || path.startsWith(change.path + "/")) files.delete(path);
          for (const path of [...dirs]) if (path === change.path || path.startsWith(change.path + "/")) dirs.delete(path);
        }
      }
      await relist();
      return "saved";
    },
    readFiles: async () => new Map(),
    notify: { error: (message) => notices.push(`error: ${message}`), info: (message) => notices.push(message) },
    quietMs: 20,
    maxWaitMs: 100,
    reconcileEveryMs,
  });
  sync.attach(sandbox);
  return { sync, files, dirs, saves, notices, relist };
}

/** The sandbox as a watcher that reports a move only as its two folder events would leave it. */
function onlyFolderEvents(sandbox: Sandbox): Sandbox {
  return {
    ...sandbox,
    onEvent: (listener: (event: SandboxEvent) => void) =>
      sandbox.onEvent((event) => {
        if (event.type !== "file" || event.kind === "dir") listener(event);
      }),
  };
}

describe("the sync with WebContainer's watcher", () => {
  it("keeps a moved folder's files: the folder it names is read and compared with the project", async () => {
    const { sandbox } = await start();
    const { sync, files, dirs } = await syncOver(onlyFolderEvents(sandbox));
    expect((await sandbox.exec("mv src/components src/ui")).exitCode).toBe(0);
    await until(() => files.has("src/ui/a.ts") && files.has("src/ui/b.ts") && !dirs.has("src/components"), "the moved files saved");
    expect(files.get("src/ui/b.ts")).toBe("export const b = 2;\n");
    expect([...files.keys()].filter((path) => path.startsWith("src/components"))).toEqual([]);
    sync.dispose();
  });

  it("after a command, finds what a watcher that never started missed, saves it and says so", async () => {
    const { sandbox } = await start({ watch: "fails" });
    const { sync, files, saves, notices } = await syncOver(sandbox);
    expect((await sandbox.exec("mkdir out-of-sight && echo made > out-of-sight/made.txt && rm README.md")).exitCode).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(saves).toEqual([]);
    expect(await sync.reconcile()).toEqual(["README.md", "out-of-sight", "out-of-sight/made.txt"]);
    expect(files.get("out-of-sight/made.txt")).toBe("made\n");
    expect(files.has("README.md")).toBe(false);
    expect(notices).toEqual([watcherMissedMessage]);
    sync.dispose();
  });

  it("compares the project periodically while idle, so a missed change is saved without a command ending", async () => {
    const { sandbox, wc } = await start({ watch: "fails" });
    const { sync, files } = await syncOver(sandbox, { reconcileEveryMs: 50 });
    expect(await sync.reconcile()).toEqual([]);
    // Written behind the sandbox's back, as a process still running would; the same size as before.
    await wc.fs.writeFile("src/components/a.ts", "export const a = 9;\n");
    await until(() => files.get("src/components/a.ts") === "export const a = 9;\n", "the periodic comparison to save the edit");
    sync.dispose();
  });

  it("does not save back a difference the sandbox has because a change could not be written into it", async () => {
    const { sandbox } = await start({ watch: "fails" });
    const refusing: Sandbox = {
      ...sandbox,
      writeFile: async (path, data) => {
        if (path === "huge.bin") throw new Error("the runtime is out of memory");
        return sandbox.writeFile(path, data);
      },
    };
    const { sync, files, saves, notices, relist } = await syncOver(refusing);
    // A save in the IDE: the project has the file, the sandbox could not take it.
    files.set("huge.bin", "x".repeat(1000));
    await relist();
    sync.applySaved([{ type: "write", path: "huge.bin", content: "x".repeat(1000), encoding: "utf8" }]);
    await sync.whenWritten();
    expect(notices).toEqual([expect.stringContaining('did not get the change to "huge.bin"')]);
    expect(await sync.reconcile()).toEqual([]);
    expect(saves).toEqual([]);
    expect(files.has("huge.bin")).toBe(true);
    sync.dispose();
  });
});
