import { afterEach, describe, expect, it } from "vitest";
import { runClientToolCall, type AgentBrowserRuntime } from "@/lib/client/agent-client-tools";
import type { Sandbox } from "@/lib/sandbox/types";
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
