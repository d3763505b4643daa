import { describe, expect, it } from "vitest";
import { createWebContainerBackend } from "@/lib/sandbox";
import { SandboxError, type SandboxEvent } from "@/lib/sandbox/types";
import { createWebContainerSandbox, type PageEnvironment, type WebContainerSandboxOptions } from "@/lib/sandbox/webcontainer";
import { createFakeWebContainerApi, type FakeRuntimeOptions } from "../fixtures/webcontainer-api.fake";

// What the real runtime does that a friendlier fake would hide (lib/sandbox/webcontainer/FAKE.md):
// a PTY whose stdin never ends, kills that do not land, servers that open and close ports, crashes
// where nothing answers, a watch that sees node_modules unless told not to.

const isolated: PageEnvironment = { isSecureContext: true, crossOriginIsolated: true, hasSharedArrayBuffer: true };
const seed = [
  { path: "README.md", kind: "file" as const, content: "# hi\n" },
  { path: "logo.bin", kind: "file" as const, content: Uint8Array.from([0, 159, 146, 150, 255]) },
  { path: "src/components/a.ts", kind: "file" as const, content: "export const a = 1;\n" },
  { path: "src/components/b.ts", kind: "file" as const, content: "export const b = 2;\n" },
];
const waitLong = `node -e "setTimeout(() => {}, 30000)"`;

async function start(runtime: FakeRuntimeOptions = {}, options: Partial<WebContainerSandboxOptions> = {}) {
  const fake = createFakeWebContainerApi({ runtime });
  const sandbox = await createWebContainerSandbox({ files: seed, bootTimeoutMs: 1000, api: fake.module, page: isolated, ...options });
  const events: SandboxEvent[] = [];
  sandbox.onEvent((event) => events.push(event));
  return { fake, wc: fake.instance!, sandbox, events };
}

async function waitFor<T>(find: () => T | undefined, what: string, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);

describe("WebContainer exec on a pseudo-terminal", () => {
  it("gives a command that reads stdin an empty, ending one instead of the terminal", async () => {
    const { sandbox } = await start();
    const cat = await sandbox.exec("cat", { timeoutMs: 1500 });
    expect(cat).toMatchObject({ exitCode: 0, stdout: "" });
    const node = await sandbox.exec(`node -e "process.stdin.on('data', () => {}).on('end', () => console.log('end, tty:', process.stdin.isTTY))"`, { timeoutMs: 1500 });
    expect(node).toMatchObject({ exitCode: 0, stdout: "end, tty: false\n" });
    await sandbox.dispose();
  });

  it("runs programmatic commands in a quiet, non-interactive environment, the caller's env on top", async () => {
    const { sandbox, wc } = await start();
    const seen = await sandbox.exec('echo "$CI $npm_config_yes $NO_COLOR $FORCE_COLOR $npm_config_progress"');
    expect(seen.stdout).toBe("1 true 1 0 false\n");
    expect((await sandbox.exec('echo "$CI"', { env: { CI: "" } })).stdout).toBe("\n");
    expect(wc.spawns.at(-1)?.options.env).toMatchObject({ npm_config_yes: "true", npm_config_fund: "false" });
    const fromNode = await sandbox.exec(`node -e "process.stdout.write(process.env.GREETING)"`, { env: { GREETING: "to a child" } });
    expect(fromNode.stdout).toBe("to a child");
    await sandbox.dispose();
  });

  it("keeps only the last frame of a \\r-redrawn line, so spinners do not eat the output budget", async () => {
    const { sandbox } = await start({}, { limits: { outputBytes: 4096 } });
    const script = `for (let i = 0; i < 500; i++) process.stdout.write('\\r- installing ' + i); console.log('\\rinstalled'); console.log('next')`;
    const streamed: string[] = [];
    const result = await sandbox.exec(`node -e "${script}"`, { onStdout: (chunk) => streamed.push(chunk) });
    expect(result).toMatchObject({ exitCode: 0, stdout: "installed\nnext\n", truncated: false });
    expect(streamed.join("")).toBe(result.stdout);
    await sandbox.dispose();
  });

  it("keeps colour codes and \\r\\n pairs out of the text when the PTY splits them across pieces", async () => {
    const { sandbox } = await start({ outputChunkBytes: 3 });
    const result = await sandbox.exec(`node -e "console.log('\\x1b[32mgreen\\x1b[0m'); console.log('plain')"`);
    expect(result).toMatchObject({ exitCode: 0, stdout: "green\nplain\n" });
    await sandbox.dispose();
  });

  it("answers 124 and 130 even when kill reaches nothing (a hot loop), and stops waiting", async () => {
    const { sandbox } = await start({ kill: "nothing" });
    expect((await sandbox.exec(`node -e "setInterval(() => {}, 1000)"`, { timeoutMs: 300 })).exitCode).toBe(124);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    expect((await sandbox.exec(waitLong, { signal: controller.signal })).exitCode).toBe(130);
    const shell = await sandbox.openShell({ cols: 80, rows: 24 });
    shell.kill();
    expect(await shell.exit).toBe(130);
    await sandbox.dispose();
  });

  it("answers 124 when kill ends jsh but not the server it started, and says the server is left", async () => {
    const { sandbox, wc } = await start({ kill: "not-node" });
    const notices: string[] = [];
    const result = await sandbox.exec(`node -e "require('http').createServer().listen(3000)"`, { timeoutMs: 300, onNotice: (n) => notices.push(n) });
    expect(result.exitCode).toBe(124);
    expect(wc.openPorts.has(3000)).toBe(true);
    expect(notices).toEqual([expect.stringMatching(/port 3000[^]*reload/i)]);
    const unheard = await sandbox.exec(`node -e "require('http').createServer().listen(3002)"`, { timeoutMs: 300 });
    expect(unheard.stdout).toMatch(/still listens on port 3002[^]*Reload the page/);
    await sandbox.dispose();
  });

  it("says nothing about servers when the kill stopped them", async () => {
    const { sandbox, wc } = await start();
    const notices: string[] = [];
    const result = await sandbox.exec(`node -e "require('http').createServer().listen(3001)"`, { timeoutMs: 300, onNotice: (n) => notices.push(n) });
    expect(result.exitCode).toBe(124);
    expect(wc.openPorts.size).toBe(0);
    expect(notices).toEqual([]);
    await sandbox.dispose();
  });
});

describe("WebContainer servers", () => {
  it("reports a server's port opening and, when it stops, closing", async () => {
    const { sandbox, events, wc } = await start();
    await sandbox.exec(`node -e "const server = require('http').createServer().listen(4000); setTimeout(() => server.close(), 100)"`);
    expect(events.filter((e) => e.type === "server-ready" || e.type === "server-stopped")).toEqual([
      { type: "server-ready", port: 4000, url: wc.urlFor(4000) },
      { type: "server-stopped", port: 4000 },
    ]);
    await sandbox.dispose();
  });
});

describe("WebContainer interactive shell", () => {
  it("holds keys typed before jsh is ready and sends them once it says so", async () => {
    const { sandbox, wc } = await start({ shellReadyMs: 150 });
    const shell = await sandbox.openShell({ cols: 80, rows: 24 });
    let output = "";
    shell.onData((data) => (output += data));
    shell.write('echo A"mid"Z\r');
    await waitFor(() => (output.includes("AmidZ") ? true : undefined), "the early line's output");
    expect(wc.spawns.at(-1)).toMatchObject({ command: "jsh", args: ["--osc"] });
    shell.kill();
    await shell.exit;
    await sandbox.dispose();
  });
});

describe("WebContainer mount", () => {
  it("sends text files as strings and only binary files as bytes", async () => {
    const { wc, sandbox } = await start();
    const tree = wc.mounts[0]!;
    expect(tree["README.md"]).toEqual({ file: { contents: "# hi\n" } });
    expect((tree["logo.bin"] as { file: { contents: unknown } }).file.contents).toBeInstanceOf(Uint8Array);
    await sandbox.dispose();
  });
});

describe("WebContainer crash", () => {
  it("turns the runtime's error event into a crashed status and fails pending and later calls with what to do", async () => {
    const { sandbox, wc, events } = await start();
    const shell = await sandbox.openShell({ cols: 80, rows: 24 });
    const pending = failure(sandbox.exec(waitLong));
    await new Promise((r) => setTimeout(r, 50));
    wc.crash({ withError: "Out of memory" });
    const error = await pending;
    expect(error).toBeInstanceOf(SandboxError);
    expect(error).toMatchObject({ code: "EUNAVAILABLE", message: expect.stringMatching(/Out of memory[^]*reload[^]*offline box/i) });
    expect(sandbox.status()).toMatchObject({ state: "crashed", message: expect.stringMatching(/reload/i) });
    expect(events).toContainEqual({ type: "status", status: sandbox.status() });
    expect(await failure(sandbox.readFile("README.md"))).toMatchObject({ code: "EUNAVAILABLE" });
    expect(await shell.exit).toBe(1);
    await sandbox.dispose();
  });

  it("calls the runtime crashed when a call does not answer within the deadline", async () => {
    const { sandbox, wc } = await start({}, { bridgeTimeoutMs: 300 });
    wc.crash();
    const error = await failure(sandbox.readFile("README.md"));
    expect(error).toMatchObject({ code: "EUNAVAILABLE", message: expect.stringMatching(/stopped answering[^]*reload/i) });
    expect(sandbox.status()).toMatchObject({ state: "crashed" });
    expect(await failure(sandbox.exec("echo hi"))).toMatchObject({ code: "EUNAVAILABLE" });
    await sandbox.dispose();
  });
});

describe("WebContainer file events", () => {
  it("never watches node_modules, so an install does not flood the page", async () => {
    const { sandbox, wc, events } = await start();
    await sandbox.exec("mkdir -p node_modules/pkg/lib && echo x > node_modules/pkg/lib/index.js && echo y > keep.txt");
    await waitFor(() => events.find((e) => e.type === "file" && e.path === "keep.txt"), "keep.txt");
    // The folder itself appears at the top; nothing inside it crosses the bridge.
    expect(wc.fs.delivered.filter((path) => path.startsWith("node_modules/"))).toEqual([]);
    await sandbox.dispose();
  });

  it("reports a file rewritten many times in a burst once or twice, not per write", async () => {
    const { sandbox, events } = await start();
    await sandbox.exec(Array.from({ length: 40 }, (_, i) => `echo ${i} > burst.txt`).join("; "));
    await waitFor(() => events.find((e) => e.type === "file" && e.path === "burst.txt"), "burst.txt");
    await new Promise((r) => setTimeout(r, 300));
    expect(events.filter((e) => e.type === "file" && e.path === "burst.txt").length).toBeLessThanOrEqual(2);
    await sandbox.dispose();
  });

  it("keeps reporting inside a top-level folder that was removed and made again", async () => {
    const { sandbox, events } = await start();
    await sandbox.exec("rm -r src && mkdir src");
    await new Promise((r) => setTimeout(r, 200));
    await sandbox.exec("echo x > src/late.ts");
    await waitFor(() => events.find((e) => e.type === "file" && e.path === "src/late.ts"), "src/late.ts");
    // What went with the old folder is reported gone, once.
    expect(events.filter((e) => e.type === "file" && e.change === "deleted")).toEqual([{ type: "file", change: "deleted", path: "src/components", kind: "dir" }]);
    await sandbox.dispose();
  });

  it("reports every file of a folder moved by a process, though the watch sends only the two folder events", async () => {
    const { sandbox, events } = await start();
    await sandbox.exec("mv src/components src/ui");
    await waitFor(() => events.find((e) => e.type === "file" && e.path === "src/ui/b.ts"), "src/ui/b.ts");
    const files = events.flatMap((e) => (e.type === "file" ? [`${e.change} ${e.kind} ${e.path}`] : []));
    expect(files).toEqual(
      expect.arrayContaining(["deleted dir src/components", "created dir src/ui", "created file src/ui/a.ts", "created file src/ui/b.ts"]),
    );
    await sandbox.dispose();
  });
});

describe("WebContainer boot settings", () => {
  it("says what Try again does after a boot timed out: reload the page, since this page cannot boot again", async () => {
    const fake = createFakeWebContainerApi({ boot: "hang" });
    const backend = createWebContainerBackend({ api: fake.module, page: isolated });
    const sandbox = await backend.start({ files: seed, bootTimeoutMs: 50 });
    expect(sandbox.status()).toMatchObject({ state: "unavailable", reason: "timeout", message: expect.stringMatching(/Try again[^]*reloading the page/) });
    expect(backend.canBootInPage()).toBe(false);
  });

  it("configures the API key before booting", async () => {
    const fake = createFakeWebContainerApi();
    const sandbox = await createWebContainerSandbox({ files: seed, bootTimeoutMs: 1000, api: fake.module, page: isolated, apiKey: "wc_api_test" });
    expect(fake.calls).toEqual(["configureAPIKey:wc_api_test", "boot"]);
    await sandbox.dispose();
  });

  it.each([
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "credentialless"],
    ["Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "credentialless"],
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", "require-corp"],
  ])("boots %s with the COEP its page was served with", async (userAgent, coep) => {
    const fake = createFakeWebContainerApi();
    const sandbox = await createWebContainerSandbox({ files: seed, bootTimeoutMs: 1000, api: fake.module, page: { ...isolated, userAgent } });
    expect(fake.instance?.bootOptions.coep).toBe(coep);
    const { default: nextConfig } = await import("@/next.config");
    const rules = (await nextConfig.headers!()).filter((rule) => rule.source === "/:path*");
    const served = rules
      .filter((rule) => (rule.has ?? []).every((condition) => condition.type === "header" && new RegExp(condition.value!).test(userAgent)))
      .flatMap((rule) => rule.headers)
      .filter((header) => header.key === "Cross-Origin-Embedder-Policy")
      .at(-1)?.value;
    expect(served).toBe(coep);
    await sandbox.dispose();
  });
});
