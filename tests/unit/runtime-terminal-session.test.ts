import { describe, expect, it } from "vitest";
import { createNewlineTranslator, createTerminalSession, describeRunEnd } from "@/lib/client/terminal-session";
import { createMemorySandbox } from "@/lib/sandbox/memory";
import type { Sandbox } from "@/lib/sandbox/types";

const plain = (text: string) => text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");
const until = async (condition: () => boolean, what: string) => {
  for (let i = 0; i < 400; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`Timed out waiting for ${what}`);
};

function setup(sandbox: Sandbox | null = createMemorySandbox({ files: [{ path: "hello.txt", kind: "file", content: "hi there\n" }] })) {
  const session = createTerminalSession();
  let screen = "";
  let clears = 0;
  session.setSandbox(sandbox);
  const detach = session.attach(
    {
      write: (data) => (screen += data),
      clear: () => {
        screen = "";
        clears += 1;
      },
    },
    { cols: 80, rows: 24 },
  );
  return { session, sandbox, detach, text: () => plain(screen), clears: () => clears };
}

describe("createNewlineTranslator", () => {
  it.each([
    [["a\nb\n"], "a\r\nb\r\n"],
    [["a\r\nb"], "a\r\nb"],
    [["a\r", "\nb"], "a\r\nb"],
    [["a", "\n", "\n"], "a\r\n\r\n"],
  ])("turns %j into %j", (chunks, expected) => {
    const translate = createNewlineTranslator();
    expect(chunks.map(translate).join("")).toBe(expected);
  });
});

describe("describeRunEnd", () => {
  it.each([
    [0, 1234, /Done in 1\.2 s \(exit 0\)/],
    [1, 300, /Exited with code 1 after 0\.3 s/],
    [124, 10_000, /Timed out after 10 s.*exit 124/],
    [130, 2000, /Stopped \(exit 130\)/],
  ])("exit %i after %i ms", (exitCode, durationMs, expected) => {
    expect(plain(describeRunEnd({ exitCode, durationMs }))).toMatch(expected);
  });
});

describe("createTerminalSession", () => {
  it("opens the shell once there is a sandbox and a screen, and passes keys to it", async () => {
    const { session, text } = setup();
    await until(() => session.getState().shell === "open", "the shell");
    session.input("cat hello.txt\r");
    await until(() => text().includes("hi there"), "the output");
    expect(text()).toMatch(/~ \$ cat hello\.txt\r\nhi there\r\n~ \$ $/);
  });

  it("runs a command from the Run button in the same screen, then gives back a prompt", async () => {
    const { session, text } = setup();
    await until(() => session.getState().shell === "open", "the shell");
    session.input("half typed");
    const exitCode = await session.run("echo from run");
    expect(exitCode).toBe(0);
    await until(() => text().endsWith("~ $ "), "the prompt");
    expect(text()).toContain("▶ echo from run\r\nfrom run\r\n");
    expect(text()).toMatch(/✓ Done in .* \(exit 0\)/);
    // The half-typed line was cleared, not run.
    expect(text()).not.toContain("half typed: command not found");
    expect(session.getState().running).toBeNull();
  });

  it("stops a run on Ctrl+C and drops other keys while it runs", async () => {
    const { session, text } = setup();
    await until(() => session.getState().shell === "open", "the shell");
    const run = session.run("echo start; sleep 30");
    await until(() => text().includes("start"), "the run to start");
    expect(session.getState().running).toBe("echo start; sleep 30");
    session.input("ignored");
    session.input("\x03");
    expect(await run).toBe(130);
    expect(text()).toContain("^C");
    expect(text()).toContain("■ Stopped (exit 130)");
    expect(text()).not.toContain("ignored");
  });

  it("reports a run stopped at its deadline", async () => {
    const { session, text } = setup();
    expect(await session.run("sleep 30", { timeoutMs: 150 })).toBe(124);
    expect(text()).toMatch(/Timed out after .* \(exit 124\)/);
  });

  it("shows a failing exit code", async () => {
    const { session, text } = setup();
    expect(await session.run("exit 3")).toBe(3);
    expect(text()).toContain("✗ Exited with code 3");
  });

  it("offers a new shell after the shell exits, and restart starts afresh", async () => {
    const { session, text, clears } = setup();
    await until(() => session.getState().shell === "open", "the shell");
    session.input("exit 2\r");
    await until(() => session.getState().shell === "exited", "the exit");
    expect(text()).toContain("[The shell exited with code 2. Press Enter to start a new one.]");
    session.input("\r");
    await until(() => session.getState().shell === "open", "a new shell");
    session.restart();
    expect(clears()).toBeGreaterThan(0);
    await until(() => session.getState().shell === "open" && text().endsWith("~ $ "), "the restarted shell");
  });

  it("has no shell and runs nothing without a sandbox", async () => {
    const { session } = setup(null);
    expect(session.getState().shell).toBe("waiting");
    expect(await session.run("echo hi")).toBeNull();
  });

  it("says why when the shell cannot open, and tries again on Enter", async () => {
    const sandbox = createMemorySandbox();
    let failures = 1;
    const flaky: Sandbox = {
      ...sandbox,
      openShell: async (size) => {
        if (failures-- > 0) throw new Error("no shell today");
        return sandbox.openShell(size);
      },
    };
    const { session, text } = setup(flaky);
    await until(() => session.getState().shell === "failed", "the failure");
    expect(text()).toContain("The terminal could not start: no shell today");
    session.input("\r");
    await until(() => session.getState().shell === "open", "the retry");
  });

  it("keeps the screen and says so when the runtime is switched, with a new shell in the new sandbox", async () => {
    const { session, text, clears } = setup();
    await until(() => session.getState().shell === "open", "the shell");
    session.input("cat hello.txt\r");
    await until(() => text().includes("hi there"), "the first sandbox's output");
    session.setSandbox(createMemorySandbox({ files: [{ path: "other.txt", kind: "file", content: "second\n" }] }), { note: "Switched to WebContainer" });
    await until(() => session.getState().shell === "open", "the new shell");
    session.input("cat other.txt\r");
    await until(() => text().includes("second"), "the new sandbox's output");
    expect(text()).toMatch(/hi there[^]*\[Switched to WebContainer\][^]*second/);
    expect(clears()).toBe(0);
  });

  it("keeps what was written before the screen attached", async () => {
    const session = createTerminalSession();
    session.setSandbox(createMemorySandbox());
    const run = session.run("echo early");
    await run;
    let screen = "";
    session.attach({ write: (data) => (screen += data), clear: () => {} }, { cols: 80, rows: 24 });
    expect(plain(screen)).toContain("early");
  });
});
