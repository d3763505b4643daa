import { afterEach, describe, expect, it } from "vitest";
import { runClientToolCall } from "@/lib/client/agent-client-tools";
import { backgroundOf } from "@/lib/client/background-servers";
import { createHeadFeed } from "@/lib/client/head-feed";
import { createProjectRuntime, type ProjectRuntime } from "@/lib/client/project-runtime";
import { runtimePreferenceKey } from "@/lib/client/runtime-preference";
import { createTerminalSession } from "@/lib/client/terminal-session";
import { createWorkspaceController } from "@/lib/client/workspace-controller";
import { createWebContainerBackend } from "@/lib/sandbox";
import { createMemorySandbox } from "@/lib/sandbox/memory";
import type { PageEnvironment } from "@/lib/sandbox/webcontainer";
import type { ProjectSummary } from "@/lib/validation/projects";
import { createFakeHeadChannel } from "../fixtures/fake-head-channel";
import { createFakeProjectApi } from "../fixtures/fake-project-api";
import { createFakeWebContainerApi, type FakeRuntimeOptions } from "../fixtures/webcontainer-api.fake";

// The project runtime on WebContainer (the strict fake, FAKE.md) as the IDE drives it: catching up
// before the agent's commands, servers that outlive the deadlines, crashes, project switches.

const project: ProjectSummary = { id: "p1", name: "Demo", workspaceId: "w", headSnapshotId: null, updatedAt: "2026-01-01T00:00:00Z" };
const isolated: PageEnvironment = { isSecureContext: true, crossOriginIsolated: true, hasSharedArrayBuffer: true };

async function until(condition: () => boolean, what: string) {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

const opened: ProjectRuntime[] = [];
afterEach(async () => {
  for (const runtime of opened.splice(0)) await runtime.dispose();
});

/** One page with the project open on WebContainer (preferred), the box behind it. */
async function openOnWebContainer({
  files = { "a.js": "one" } as Record<string, string>,
  runtime: runtimeOptions = {} as FakeRuntimeOptions,
  page = createFakeWebContainerApi({ runtime: runtimeOptions }),
} = {}) {
  const fake = createFakeProjectApi({ projects: [project], files });
  const notices: string[] = [];
  const notify = { error: (message: string) => notices.push(message), info: (message: string) => notices.push(message) };
  const controller = createWorkspaceController({ projectId: "p1", initialListing: await fake.api.listing("p1"), api: fake.api, storage: null, notify });
  const channel = createFakeHeadChannel({ fake, projectId: "p1" });
  controller.followHead(createHeadFeed({ projectId: "p1", openEventSource: channel.open }));
  const storage = new Map([[runtimePreferenceKey, "webcontainer"]]);
  let reloads = 0;
  const runtime = createProjectRuntime({
    projectId: "p1",
    controller,
    api: fake.api,
    notify,
    storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v), removeItem: (k) => void storage.delete(k) },
    bootTimeoutMs: 5000,
    backends: { box: async () => createMemorySandbox({ files: [] }), webcontainer: createWebContainerBackend({ api: page.module, page: isolated }) },
    reloadPage: () => void (reloads += 1),
  });
  opened.push(runtime);
  runtime.start();
  const state = () => runtime.getState();
  await until(() => state().runtime === "webcontainer" && state().webcontainer.state === "active", "WebContainer to take over");
  return { fake, controller, channel, page, wc: page.instance!, runtime, state, notices, reloads: () => reloads };
}

describe("catching up before the agent's commands", () => {
  it("asks only for the head's id when the page already holds it, and loads the listing when it does not", async () => {
    const { fake, runtime, state } = await openOnWebContainer();
    const listings = () => fake.calls.filter((call) => call.method === "listing").length;
    const before = listings();
    expect(await runtime.catchUp()).toBe(true);
    expect(listings()).toBe(before);
    expect(fake.calls.some((call) => call.method === "headSnapshotId")).toBe(true);

    // A save the head channel has not brought (yet): the listing is loaded and written into the sandbox.
    fake.saveElsewhere("p1", [{ type: "write", path: "from-agent.js", content: "two", encoding: "utf8" }]);
    expect(await runtime.catchUp()).toBe(true);
    expect(new TextDecoder().decode(await state().sandbox!.readFile("from-agent.js"))).toBe("two");
  });
});

// A Vite + React starter as far as the fake goes: its dev script is a node server (FAKE.md: npm).
const starter = {
  "package.json": JSON.stringify({ name: "starter", scripts: { dev: "node dev-server.js" } }),
  "dev-server.js": `const http = require("http");
console.log("VITE v5 ready");
http.createServer().listen(5173, () => console.log("  Local: http://localhost:5173/"));
setInterval(() => console.log("hmr update"), 50);
`,
  "src/main.jsx": "export default 1;\n",
};
const pastDeadline = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("dev servers started by the agent or by Run", () => {
  it("npm install && npm run dev: the agent's command answers once the server is ready and the server outlives the deadline", async () => {
    const { state, wc } = await openOnWebContainer({ files: starter });
    const browser = { state: "ready" as const, sandbox: state().sandbox, catchUp: async () => true, saveChanges: async () => {} };
    const result = await runClientToolCall({
      call: { toolCallId: "c1", toolName: "run_command", input: { command: "npm install && npm run dev", timeoutSeconds: 1 } },
      browser,
    });
    expect(result).toMatchObject({ state: "output-available", output: { exitCode: 0 } });
    const output = result.state === "output-available" ? result.output : null;
    expect(output?.stdout).toContain("added 20 packages");
    expect(output?.stdout).toContain("Local: http://localhost:5173/");
    expect(output?.note).toContain("Still running in the background: it opened port 5173");
    expect(state().background).toMatchObject([{ command: "npm install && npm run dev", port: 5173 }]);
    expect(state().server).toMatchObject({ port: 5173 });

    await pastDeadline(1200);
    expect(wc.openPorts.has(5173)).toBe(true);
    expect(state().background).toHaveLength(1);
  });

  it("Run's command keeps its server and its output going past the 10 s deadline, and Stop ends both", async () => {
    const { state, runtime, wc } = await openOnWebContainer({ files: starter });
    const output: string[] = [];
    const result = await state().sandbox!.exec("node dev-server.js", { timeoutMs: 300, onStdout: (chunk) => output.push(chunk) });
    expect(backgroundOf(result)).toMatchObject({ port: 5173 });
    await pastDeadline(400);
    const seen = output.length;
    await until(() => output.length > seen, "output after the deadline");
    expect(wc.openPorts.has(5173)).toBe(true);

    runtime.stopBackground(state().background[0]!.id);
    await until(() => state().background.length === 0, "the server to stop");
    await until(() => !wc.openPorts.has(5173), "its port to close");
    expect(state().servers).toEqual([]);
    expect(state().stoppedServer).toMatchObject({ port: 5173 });
  });

  it("a command that opens no port still ends at its deadline", async () => {
    const { state } = await openOnWebContainer();
    const result = await state().sandbox!.exec(`node -e "setInterval(() => {}, 1000)"`, { timeoutMs: 200 });
    expect(result.exitCode).toBe(124);
    expect(backgroundOf(result)).toBeNull();
  });

  it("a server whose port closes is stopped, and the preview learns it stopped while another one stays choosable", async () => {
    const files = {
      "short.js": `const s = require("http").createServer().listen(4000); setTimeout(() => s.close(), 300);`,
      "long.js": `require("http").createServer().listen(4001);`,
    };
    const { state } = await openOnWebContainer({ files });
    expect(backgroundOf(await state().sandbox!.exec("node long.js", { timeoutMs: 5000 }))).toMatchObject({ port: 4001 });
    expect(backgroundOf(await state().sandbox!.exec("node short.js", { timeoutMs: 5000 }))).toMatchObject({ port: 4000 });
    expect(state().servers.map((server) => server.port)).toEqual([4001, 4000]);
    await until(() => state().stoppedServer?.port === 4000, "the closed port to be reported");
    expect(state().servers.map((server) => server.port)).toEqual([4001]);
    // The preview is not moved to the other server by itself: it says this one stopped.
    expect(state().server).toBeNull();
    await until(() => state().background.length === 1, "the closed server's process to end");
  });

  it("a project switch stops every server started for the old project", async () => {
    const { state, runtime, wc } = await openOnWebContainer({ files: starter });
    await state().sandbox!.exec("npm run dev", { timeoutMs: 5000 });
    expect(wc.openPorts.has(5173)).toBe(true);
    await runtime.dispose();
    await until(() => !wc.openPorts.has(5173) && wc.processes.size === 0, "the old project's processes to end");
  });
});

describe("a server its kill does not reach", () => {
  it("ends with its project: the instance is torn down, and the next project boots a fresh one", async () => {
    const page = createFakeWebContainerApi({ runtime: { kill: "not-node" } });
    const first = await openOnWebContainer({ files: starter, page });
    await first.state().sandbox!.exec("npm run dev", { timeoutMs: 5000 });
    expect(first.wc.openPorts.has(5173)).toBe(true);
    await first.runtime.dispose();
    await until(() => first.wc.tornDown, "the instance to be torn down");
    expect(first.wc.openPorts.has(5173)).toBe(false);

    const second = await openOnWebContainer({ page });
    expect(second.wc).not.toBe(first.wc);
    expect((await second.state().sandbox!.exec("ls")).stdout).toContain("a.js");
  });
});

describe("a crashed WebContainer", () => {
  it("is said to be crashed, and the box can take over the project", async () => {
    const { state, runtime, wc } = await openOnWebContainer({ files: starter });
    await state().sandbox!.exec("npm run dev", { timeoutMs: 5000 });
    wc.crash({ withError: "Out of memory" });
    await until(() => state().status.state === "crashed", "the crash to be noticed");
    expect(state().status).toMatchObject({ state: "crashed", message: expect.stringContaining("Out of memory") });

    runtime.fallBackToBox();
    await until(() => state().runtime === "box" && state().status.state === "ready", "the box to take over");
    expect(state().webcontainer).toMatchObject({ state: "unavailable", retry: "reload", message: expect.stringContaining("offline box runs the project") });
    expect(state().background).toEqual([]);
    expect((await state().sandbox!.exec("echo on the box")).stdout).toBe("on the box\n");
  });

  it("Restart reloads the page, whose new boot is the only one the dead instance does not block", async () => {
    const { state, runtime, wc, reloads } = await openOnWebContainer();
    wc.crash({ withError: "The iframe was removed" });
    await until(() => state().status.state === "crashed", "the crash to be noticed");
    runtime.restartAfterCrash();
    expect(reloads()).toBe(1);
  });
});

describe("a dev server's --open", () => {
  it("shows the page asked for in the preview, once its server listens, and says where another address goes", async () => {
    const { state, wc, notices } = await openOnWebContainer({ files: starter });
    // vite --open asks before its port has been reported.
    wc.emitOpen("http://localhost:5173/about?tab=1");
    expect(state().openInPreview).toBeNull();
    await state().sandbox!.exec("npm run dev", { timeoutMs: 5000 });
    expect(state().openInPreview).toMatchObject({ url: wc.urlFor(5173), path: "about?tab=1" });

    wc.emitOpen("https://vitejs.dev/guide/");
    expect(notices).toEqual([expect.stringContaining("asked to open https://vitejs.dev/guide/")]);
  });
});

describe("what a command changed while a server runs", () => {
  it("is compared and saved when the command answers, even when the watcher never started", async () => {
    const { state, fake } = await openOnWebContainer({ files: starter, runtime: { watch: "fails" } });
    await state().sandbox!.exec("echo generated > made.txt && npm run dev", { timeoutMs: 5000 });
    await until(() => fake.readText("p1", "made.txt") === "generated\n", "the file the command wrote to be saved");
  });
});

describe("Run in the terminal", () => {
  it("runs without a person at the keys (CI, end of input), and a dev server it starts goes on with its output in the terminal", async () => {
    const files = { ...starter, "ask.js": `process.stdin.on("end", () => console.log("no answer, CI=" + process.env.CI)); process.stdin.resume();` };
    const { state } = await openOnWebContainer({ files });
    const session = createTerminalSession();
    session.setSandbox(state().sandbox);
    const screen: string[] = [];
    session.attach({ write: (data) => screen.push(data), clear: () => {} }, { cols: 100, rows: 30 });

    expect(await session.run("node ask.js", { timeoutMs: 5000 })).toBe(0);
    expect(screen.join("")).toContain("no answer, CI=1");

    expect(await session.run("npm run dev", { timeoutMs: 500 })).toBe(0);
    expect(screen.join("")).toContain("Running in the background: a server on port 5173");
    expect(session.getState().running).toBeNull();
    const shown = screen.join("").split("hmr update").length;
    await until(() => screen.join("").split("hmr update").length > shown + 1, "the server's later output in the terminal");
    session.dispose();
  });
});
