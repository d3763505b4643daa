import { afterEach, describe, expect, it } from "vitest";
import { createHeadFeed } from "@/lib/client/head-feed";
import { createProjectRuntime, type ProjectRuntime } from "@/lib/client/project-runtime";
import { runtimePreferenceKey } from "@/lib/client/runtime-preference";
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
