import { describe, expect, it } from "vitest";
import { createHeadFeed } from "@/lib/client/head-feed";
import { createProjectRuntime, type ProjectRuntime, type ProjectRuntimeState } from "@/lib/client/project-runtime";
import { bootFailureKey, runtimePreferenceKey } from "@/lib/client/runtime-preference";
import { createWorkspaceController } from "@/lib/client/workspace-controller";
import { createWebContainerBackend, type Sandbox } from "@/lib/sandbox";
import { createBoxClient } from "@/lib/sandbox/box/client";
import { createMemorySandbox } from "@/lib/sandbox/memory";
import type { PageEnvironment } from "@/lib/sandbox/webcontainer";
import type { ProjectSummary } from "@/lib/validation/projects";
import { createFakeHeadChannel } from "../fixtures/fake-head-channel";
import { createFakeProjectApi } from "../fixtures/fake-project-api";
import { createFakeWebContainerApi, type FakeBootBehaviour } from "../fixtures/webcontainer-api.fake";

const project: ProjectSummary = { id: "p1", name: "Demo", workspaceId: "w", headSnapshotId: null, updatedAt: "2026-01-01T00:00:00Z" };
const isolated: PageEnvironment = { isSecureContext: true, crossOriginIsolated: true, hasSharedArrayBuffer: true };
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** localStorage as one browser keeps it, shared by every page (runtime) of a test. */
function browserStorage(entries: Record<string, string> = {}) {
  const map = new Map(Object.entries(entries));
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
  };
}

async function until(condition: () => boolean, what: string) {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 4));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** One open of the project in one page: the IDE's controller, a box, and the page's WebContainer. */
async function openProject({
  boot = "resolve",
  storage = browserStorage(),
  bootTimeoutMs = 5000,
  fakeApi,
  boxStarted = Promise.resolve(),
}: {
  boot?: FakeBootBehaviour;
  /** The box is ready once this resolves (a slow server). */
  boxStarted?: Promise<void>;
  storage?: ReturnType<typeof browserStorage>;
  bootTimeoutMs?: number;
  fakeApi?: ReturnType<typeof createFakeProjectApi>;
} = {}) {
  const fake = fakeApi ?? createFakeProjectApi({ projects: [project], files: { "a.js": "one", "src/b.js": "bee" } });
  const controller = createWorkspaceController({
    projectId: "p1",
    initialListing: await fake.api.listing("p1"),
    api: fake.api,
    storage: null,
    notify: { error: () => {}, info: () => {} },
  });
  // What the box saves on the server reaches the page through the head channel.
  const channel = createFakeHeadChannel({ fake, projectId: "p1" });
  controller.followHead(createHeadFeed({ projectId: "p1", openEventSource: channel.open }));
  const page = createFakeWebContainerApi({ boot });
  const boxes: Sandbox[] = [];
  let reloads = 0;
  const runtime = createProjectRuntime({
    projectId: "p1",
    controller,
    api: fake.api,
    notify: { error: () => {}, info: () => {} },
    storage,
    bootTimeoutMs,
    backends: {
      // The box as the server holds it: the project's files, commands counted.
      box: async () => {
        await boxStarted;
        const listing = await fake.api.listing("p1");
        const files = await Promise.all(
          listing.entries
            .filter((entry) => entry.kind === "file")
            .map(async (entry) => ({ path: entry.path, kind: "file" as const, content: await fake.api.readBytes("p1", entry.path, listing.snapshotId!) })),
        );
        const box = createMemorySandbox({ files });
        boxes.push(box);
        return box;
      },
      webcontainer: createWebContainerBackend({ api: page.module, page: isolated }),
    },
    reloadPage: () => void (reloads += 1),
  });
  const state = () => runtime.getState();
  runtime.start();
  return { fake, channel, controller, page, runtime, state, storage, boxes, reloads: () => reloads };
}

const onBox = (state: ProjectRuntimeState) => state.runtime === "box" && state.status.state === "ready" && state.sandbox !== null;
const onWebContainer = (state: ProjectRuntimeState) => state.runtime === "webcontainer" && state.webcontainer.state === "active";

async function dispose(...runtimes: ProjectRuntime[]) {
  for (const runtime of runtimes) await runtime.dispose();
}

describe("project runtime: the box serves while WebContainer boots in the background", () => {
  it("runs commands in the box at once, then switches to WebContainer seeded with the project and the saves made meanwhile", async () => {
    const { runtime, state, page, controller, boxes } = await openProject({ boot: "hang" });
    await until(() => onBox(state()), "the box");
    expect(state().webcontainer.state).toBe("booting");
    const result = await state().sandbox!.exec("echo from the box");
    expect(result).toMatchObject({ exitCode: 0, stdout: "from the box\n" });

    // Saved while WebContainer boots: it must still get this.
    controller.openFile("a.js");
    await until(() => controller.store.getState().docs["a.js"]?.kind === "text", "a.js to load");
    controller.editorChanged("a.js", "two");
    await controller.saveActive();

    await until(() => page.bootCalls === 1, "the boot to start");
    page.finishBoot();
    await until(() => onWebContainer(state()), "the switch to WebContainer");
    const wc = state().sandbox!;
    expect(wc.kind).toBe("webcontainer");
    expect(text(await wc.readFile("a.js"))).toBe("two");
    expect(text(await wc.readFile("src/b.js"))).toBe("bee");
    expect(state().switchNote).toMatch(/Switched to WebContainer/);
    expect(boxes[0]!.status().state).toBe("disposed");
    expect(page.bootCalls).toBe(1);
    await dispose(runtime);
  });

  it("lets a box command run to its end, and hands WebContainer the files it saved", async () => {
    const { runtime, state, page, fake, channel } = await openProject({ boot: "hang" });
    await until(() => onBox(state()), "the box");
    const box = state().sandbox!;
    const command = box.exec("sleep 0.2; echo finished");
    // The box saves what its command wrote as a snapshot on the server, as the real one does.
    fake.saveElsewhere("p1", [{ type: "write", path: "out.txt", content: "from the box" }]);
    channel.announce();

    await until(() => page.bootCalls === 1, "the boot to start");
    page.finishBoot();
    await until(() => state().webcontainer.state === "switching", "WebContainer to be ready");
    expect(state().sandbox).toBe(box);
    expect(await command).toMatchObject({ exitCode: 0, stdout: "finished\n" });

    await until(() => onWebContainer(state()), "the switch after the command");
    await runtime.whenSynced();
    expect(text(await state().sandbox!.readFile("out.txt"))).toBe("from the box");
    await dispose(runtime);
  });

  it.each<[string, FakeBootBehaviour, string]>([
    ["never finishes", "hang", "timeout"],
    ["fails", "reject", "network"],
  ])("stays on the box when the boot %s, remembers it, and the next open does not boot", async (_case, boot, reason) => {
    const first = await openProject({ boot, bootTimeoutMs: 50 });
    await until(() => first.state().webcontainer.state === "unavailable", "WebContainer to be given up");
    expect(first.state().webcontainer).toMatchObject({ reason, remembered: false, retry: "reload", message: expect.stringMatching(/offline box/) });
    // The boot may be given up before the box has finished starting (50 ms on a loaded machine).
    await until(() => onBox(first.state()), "the box to serve");
    expect(JSON.parse(first.storage.getItem(bootFailureKey)!)).toMatchObject({ reason });
    expect((await first.state().sandbox!.exec("echo still here")).stdout).toBe("still here\n");

    const second = await openProject({ boot: "resolve", storage: first.storage });
    await until(() => onBox(second.state()), "the box on the next open");
    expect(second.state().webcontainer).toMatchObject({ state: "unavailable", reason, remembered: true, retry: "boot" });
    expect(second.page.bootCalls).toBe(0);
    await dispose(first.runtime, second.runtime);
  });

  it("Try again boots in this page when it has not tried, and reloads a page whose own boot hung", async () => {
    const storage = browserStorage({ [bootFailureKey]: JSON.stringify({ reason: "timeout", message: "did not start", at: "2026-12-01T00:00:00Z" }) });
    const skipped = await openProject({ boot: "resolve", storage });
    await until(() => onBox(skipped.state()), "the box");
    skipped.runtime.retryWebContainer();
    expect(storage.getItem(bootFailureKey)).toBeNull();
    await until(() => onWebContainer(skipped.state()), "WebContainer after Try again");
    expect(skipped.reloads()).toBe(0);

    const hung = await openProject({ boot: "hang", bootTimeoutMs: 50, storage });
    await until(() => hung.state().webcontainer.state === "unavailable", "the boot to be given up");
    expect(storage.getItem(bootFailureKey)).not.toBeNull();
    hung.runtime.retryWebContainer();
    expect(hung.reloads()).toBe(1);
    expect(storage.getItem(bootFailureKey)).toBeNull();
    expect(hung.page.bootCalls).toBe(1);
    await dispose(skipped.runtime, hung.runtime);
  });

  it("stops waiting for WebContainer when the person chooses the box, and remembers the choice", async () => {
    const { runtime, state, page, storage } = await openProject({ boot: "hang" });
    await until(() => onBox(state()), "the box");
    runtime.switchRuntime("box");
    expect(state()).toMatchObject({ preferred: "box", webcontainer: { state: "off" } });
    expect(storage.getItem(runtimePreferenceKey)).toBe("box");
    await until(() => page.bootCalls === 1, "the boot to start");
    page.finishBoot();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(state().runtime).toBe("box");

    const next = await openProject({ boot: "resolve", storage });
    await until(() => onBox(next.state()), "the box on the next open");
    expect(next.state().webcontainer.state).toBe("off");
    expect(next.page.bootCalls).toBe(0);
    await dispose(runtime, next.runtime);
  });

  it("keeps WebContainer when it is ready before the box, and closes the late box", async () => {
    let serverAnswers!: () => void;
    const { runtime, state, boxes } = await openProject({ boxStarted: new Promise((resolve) => (serverAnswers = resolve)) });
    await until(() => onWebContainer(state()), "WebContainer");
    serverAnswers();
    await until(() => boxes.length === 1 && boxes[0]!.status().state === "disposed", "the late box to be closed");
    expect(onWebContainer(state())).toBe(true);
    await dispose(runtime);
  });

  it("gives the project to the box at once when the person leaves WebContainer", async () => {
    const { runtime, state } = await openProject();
    await until(() => onWebContainer(state()), "WebContainer");
    runtime.switchRuntime("box");
    await until(() => onBox(state()), "the box");
    expect(state().switchNote).toMatch(/offline box/);
    await dispose(runtime);
  });
});

describe("the box client counts the commands it runs", () => {
  /** A server answering /box/exec with an event stream that the test ends. */
  function scriptedServer() {
    const open: Array<ReadableStreamDefaultController<Uint8Array>> = [];
    const fetch = async () =>
      new Response(
        new ReadableStream<Uint8Array>({ start: (controller) => void open.push(controller) }),
        { headers: { "content-type": "text/event-stream" } },
      );
    const finish = (index: number) => {
      const result = { type: "result", exitCode: 0, stdout: "", stderr: "", durationMs: 1, truncated: false, snapshotId: null, changedPaths: [] };
      open[index]!.enqueue(new TextEncoder().encode(`data: ${JSON.stringify(result)}\n\n`));
      open[index]!.close();
    };
    return { fetch: fetch as typeof globalThis.fetch, finish, requests: () => open.length };
  }

  it("from the Run button and the terminal alike, until each one ends", async () => {
    const server = scriptedServer();
    const box = createBoxClient({ projectId: "p1", fetch: server.fetch });
    const counts: number[] = [];
    box.onEvent((event) => {
      if (event.type === "commands") counts.push(event.running);
    });
    const run = box.exec("python3 main.py");
    const shell = await box.openShell({ cols: 80, rows: 24 });
    shell.write("ls\r");
    await until(() => server.requests() === 2, "both commands to reach the server");
    expect(counts).toEqual([1, 2]);
    server.finish(0);
    await run;
    expect(counts).toEqual([1, 2, 1]);
    server.finish(1);
    await until(() => counts.length === 4, "the shell's command to end");
    expect(counts).toEqual([1, 2, 1, 0]);
    await box.dispose();
  });
});

