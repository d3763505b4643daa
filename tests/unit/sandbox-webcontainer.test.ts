import { describe, expect, it } from "vitest";
import { SandboxError, type SandboxEvent, type SandboxStatus } from "@/lib/sandbox/types";
import { createWebContainerSandbox, type PageEnvironment } from "@/lib/sandbox/webcontainer";
import { createTerminalTextCleaner } from "@/lib/sandbox/webcontainer/terminal-text";
import { PreviewMessageType } from "@webcontainer/api";
import { runSandboxContract } from "../contract/sandbox-contract";
import { createFakeWebContainerApi } from "../fixtures/webcontainer-api.fake";

const isolated: PageEnvironment = { isSecureContext: true, crossOriginIsolated: true, hasSharedArrayBuffer: true };
const files = [{ path: "README.md", kind: "file" as const, content: "# hi\n" }];

runSandboxContract(
  "webcontainer (fake runtime)",
  async ({ files, limits }) => {
    const fake = createFakeWebContainerApi();
    const sandbox = await createWebContainerSandbox({ files, limits, bootTimeoutMs: 2000, api: fake.module, page: isolated });
    return { sandbox };
  },
  { mergesStderr: true },
);

async function waitFor<T>(find: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 2000;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("createWebContainerSandbox: when WebContainer cannot run", () => {
  it("gives up on a hung boot after bootTimeoutMs and never boots again on this page", async () => {
    const fake = createFakeWebContainerApi({ boot: "hang" });
    const statuses: SandboxStatus[] = [];
    const started = Date.now();
    const first = await createWebContainerSandbox({ files, bootTimeoutMs: 100, api: fake.module, page: isolated, onStatus: (s) => statuses.push(s) });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(first.status()).toMatchObject({ state: "unavailable", reason: "timeout", message: expect.stringMatching(/offline box/) });
    expect(statuses.map((s) => s.state)).toEqual(["booting", "unavailable"]);
    const error = await first.readFile("README.md").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxError);
    expect((error as SandboxError).code).toBe("EUNAVAILABLE");

    const again = Date.now();
    const second = await createWebContainerSandbox({ files, bootTimeoutMs: 100, api: fake.module, page: isolated });
    expect(Date.now() - again).toBeLessThan(50);
    expect(second.status()).toMatchObject({ state: "unavailable", reason: "timeout" });
    expect(fake.bootCalls).toBe(1);
  });

  it("uses a boot that finishes after the timeout for the next sandbox", async () => {
    const fake = createFakeWebContainerApi({ boot: "hang" });
    const first = await createWebContainerSandbox({ files, bootTimeoutMs: 50, api: fake.module, page: isolated });
    expect(first.status()).toMatchObject({ reason: "timeout" });
    fake.finishBoot();
    await new Promise((r) => setTimeout(r, 10));
    const second = await createWebContainerSandbox({ files, bootTimeoutMs: 50, api: fake.module, page: isolated });
    expect(second.status()).toEqual({ state: "ready" });
    expect(fake.bootCalls).toBe(1);
    await second.dispose();
  });

  it("reports not_isolated without booting when the page lacks COOP/COEP", async () => {
    const fake = createFakeWebContainerApi();
    const sandbox = await createWebContainerSandbox({ files, bootTimeoutMs: 100, api: fake.module, page: { ...isolated, crossOriginIsolated: false } });
    expect(sandbox.status()).toMatchObject({ state: "unavailable", reason: "not_isolated", message: expect.stringMatching(/COOP\/COEP[^]*offline box/) });
    expect(fake.bootCalls).toBe(0);
  });

  it("reads crossOriginIsolated from the page by default (false under Node)", async () => {
    const fake = createFakeWebContainerApi();
    const sandbox = await createWebContainerSandbox({ files, bootTimeoutMs: 100, api: fake.module });
    expect(sandbox.status()).toMatchObject({ reason: "not_isolated" });
  });

  it.each([
    [{ ...isolated, isSecureContext: false }, /HTTPS/],
    [{ ...isolated, hasSharedArrayBuffer: false }, /SharedArrayBuffer/],
  ])("reports unsupported_browser for %j", async (page, message) => {
    const fake = createFakeWebContainerApi();
    const sandbox = await createWebContainerSandbox({ files, bootTimeoutMs: 100, api: fake.module, page });
    expect(sandbox.status()).toMatchObject({ state: "unavailable", reason: "unsupported_browser", message: expect.stringMatching(message) });
    expect(fake.bootCalls).toBe(0);
  });

  it("reports network when boot rejects, with the cause, and does not retry", async () => {
    const fake = createFakeWebContainerApi({ boot: "reject", rejectWith: new Error("Failed to fetch") });
    const sandbox = await createWebContainerSandbox({ files, bootTimeoutMs: 1000, api: fake.module, page: isolated });
    expect(sandbox.status()).toMatchObject({ state: "unavailable", reason: "network", message: expect.stringMatching(/Failed to fetch[^]*offline box/) });
    await createWebContainerSandbox({ files, bootTimeoutMs: 1000, api: fake.module, page: isolated });
    expect(fake.bootCalls).toBe(1);
  });

  it("rejects a seed that breaks the limits before booting", async () => {
    const fake = createFakeWebContainerApi();
    const many = [1, 2, 3].map((i) => ({ path: `f${i}.txt`, kind: "file" as const, content: "x" }));
    await expect(createWebContainerSandbox({ files: many, limits: { projectFiles: 2 }, bootTimeoutMs: 100, api: fake.module, page: isolated })).rejects.toMatchObject({ code: "ELIMIT" });
    expect(fake.bootCalls).toBe(0);
  });
});

describe("createWebContainerSandbox: one runtime per page", () => {
  it("boots once with the page's COEP, lends the instance to one sandbox at a time and clears it between them", async () => {
    const fake = createFakeWebContainerApi();
    const first = await createWebContainerSandbox({ files, bootTimeoutMs: 1000, api: fake.module, page: isolated });
    expect(fake.instance?.bootOptions).toMatchObject({ coep: "credentialless" });
    await first.writeFile("left-behind.txt", "x");
    const busy = await createWebContainerSandbox({ files, bootTimeoutMs: 1000, api: fake.module, page: isolated });
    expect(busy.status()).toMatchObject({ state: "unavailable", reason: "error", message: expect.stringMatching(/already running/) });

    await first.dispose();
    const next = await createWebContainerSandbox({ files: [{ path: "other.txt", kind: "file", content: "o" }], bootTimeoutMs: 1000, api: fake.module, page: isolated });
    expect(next.status()).toEqual({ state: "ready" });
    expect(await next.readdir("")).toEqual([{ name: "other.txt", kind: "file" }]);
    expect(fake.bootCalls).toBe(1);
    await next.dispose();
  });
});

describe("createWebContainerSandbox: runtime events", () => {
  async function booted() {
    const fake = createFakeWebContainerApi();
    const sandbox = await createWebContainerSandbox({ files, bootTimeoutMs: 1000, api: fake.module, page: isolated });
    const events: SandboxEvent[] = [];
    sandbox.onEvent((e) => events.push(e));
    return { fake, sandbox, events, wc: fake.instance! };
  }

  it("turns server-ready, port close and preview errors into sandbox events, ignoring malformed ones", async () => {
    const { wc, events, sandbox } = await booted();
    wc.emitServerReady(5173, wc.urlFor(5173));
    wc.emitServerReady(-1, "not a url");
    wc.emitPort(5173, "close", wc.urlFor(5173));
    wc.emitPort(5173, "open", wc.urlFor(5173));
    wc.emitPreviewMessage({
      type: PreviewMessageType.UncaughtException,
      message: "ReferenceError: x is not defined",
      stack: undefined,
      previewId: "p",
      port: 5173,
      pathname: "/",
      search: "",
      hash: "",
    });
    expect(events).toEqual([
      { type: "server-ready", port: 5173, url: wc.urlFor(5173) },
      { type: "server-stopped", port: 5173 },
      { type: "server-error", message: "ReferenceError: x is not defined (port 5173/)" },
    ]);
    // The page booted credentialless (a Chrome-like default), and the preview URL says so.
    expect(wc.urlFor(5173)).toMatch(/local-credentialless/);
    await sandbox.dispose();
    wc.emitServerReady(3000, "https://late.example");
    expect(events.filter((e) => e.type === "server-ready")).toHaveLength(1);
  });

  it("reports what processes write, but nothing under node_modules, build output or caches", async () => {
    const { sandbox, events } = await booted();
    await sandbox.exec(
      "mkdir -p node_modules/react .next/cache build out .turbo src && echo x > node_modules/react/index.js && echo x > .next/cache/a && echo x > build/b && echo x > out/c && echo x > .turbo/d && echo y > src/keep.ts",
    );
    await waitFor(() => events.find((e) => e.type === "file" && e.path === "src/keep.ts"), "src/keep.ts");
    await new Promise((r) => setTimeout(r, 50));
    const paths = events.flatMap((e) => (e.type === "file" ? [e.path] : []));
    expect([...new Set(paths)].sort()).toEqual(["src", "src/keep.ts"]);
    await sandbox.dispose();
  });

  it("reports a folder removed by a process as one deletion with its kind", async () => {
    const { sandbox, events } = await booted();
    await sandbox.writeFile("gone/a.txt", "a");
    await waitFor(() => events.find((e) => e.type === "file" && e.path === "gone/a.txt"), "gone/a.txt");
    await sandbox.exec("rm -r gone");
    const deleted = await waitFor(() => events.find((e) => e.type === "file" && e.change === "deleted"), "a deletion");
    expect(deleted).toEqual({ type: "file", change: "deleted", path: "gone", kind: "dir" });
    await sandbox.dispose();
  });

  it("runs an interactive jsh on a PTY and kills it on dispose", async () => {
    const { sandbox, fake } = await booted();
    const shell = await sandbox.openShell({ cols: 80, rows: 24 });
    let output = "";
    shell.onData((d) => (output += d));
    shell.write("echo from-pty\r");
    await waitFor(() => (/from-pty\r\n/.test(output.replace(/^.*echo from-pty/, "")) ? true : undefined), "PTY output");
    await sandbox.dispose();
    await shell.exit;
    expect(fake.instance!.processes.size).toBe(0);
  });
});

describe("createTerminalTextCleaner", () => {
  it.each([
    [["\x1b[32mgreen\x1b[0m\r\n"], "green\n"],
    [["a\r", "\nb\r\n"], "a\nb\n"],
    [["\x1b]654;interactive\x07ready\r\n"], "ready\n"],
    [["half \x1b[3", "1mred\x1b[0m"], "half red"],
    [["progress 10%\rprogress 100%\r\n"], "progress 100%\n"],
    [["10%", "\r20%\r", "\n", "half"], "20%\nhalf"],
  ])("cleans %j into %j", (chunks, expected) => {
    const cleaner = createTerminalTextCleaner();
    expect(chunks.map((c) => cleaner.push(c)).join("") + cleaner.flush()).toBe(expected);
  });
});
