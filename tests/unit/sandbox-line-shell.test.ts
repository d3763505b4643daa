import { describe, expect, it } from "vitest";
import { createLineShell } from "@/lib/sandbox/line-shell";
import type { ExecOptions, ExecResult, FileStat } from "@/lib/sandbox/types";

type Call = { command: string; cwd: string | undefined };
type Script = (command: string, options: ExecOptions) => Promise<number>;

const folders = new Set(["", "src", "src/lib"]);
const stat = async (path: string): Promise<FileStat> => {
  if (folders.has(path)) return { kind: "dir", size: 0, mtimeMs: 0 };
  if (path === "README.md") return { kind: "file", size: 1, mtimeMs: 0 };
  throw Object.assign(new Error("missing"), { code: "ENOENT" });
};
const plainPrompt = (cwd: string) => `[${cwd}]$ `;

/** A shell over a scripted exec; `output()` is everything written so far with the cursor codes kept. */
function setup(script: Script = async (command, options) => (options.onStdout?.(`ran ${command}\n`), 0)) {
  const calls: Call[] = [];
  const exec = async (command: string, options: ExecOptions): Promise<ExecResult> => {
    calls.push({ command, cwd: options.cwd });
    const exitCode = await script(command, options);
    return { exitCode, stdout: "", stderr: "", durationMs: 0, truncated: false };
  };
  const shell = createLineShell({ exec, stat, prompt: plainPrompt });
  let output = "";
  shell.onData((data) => (output += data));
  const idle = () => new Promise((r) => setTimeout(r, 5));
  return { shell, calls, output: () => output, idle };
}

describe("createLineShell", () => {
  it("shows the prompt, runs a line and shows output with \\r\\n", async () => {
    const { shell, calls, output, idle } = setup();
    expect(output()).toBe("[]$ ");
    shell.write("echo hi\r");
    await idle();
    expect(calls).toEqual([{ command: "echo hi", cwd: "" }]);
    expect(output()).toBe("[]$ echo hi\r\nran echo hi\r\n[]$ ");
  });

  it("shows a notice about the run (waiting for a sandbox) dimmed, on its own line before the output", async () => {
    const { shell, output, idle } = setup(async (command, options) => {
      options.onNotice?.("All sandboxes are busy; waiting for one (1 in line)…");
      options.onStdout?.("hi\n");
      return 0;
    });
    shell.write("echo hi\r");
    await idle();
    expect(output()).toBe("[]$ echo hi\r\n\x1b[2mAll sandboxes are busy; waiting for one (1 in line)…\x1b[0m\r\nhi\r\n[]$ ");
  });

  it.each([
    ["backspace", "echo hx\x7fi\r", "echo hi"],
    ["left arrow then insert", "echo hi\x1b[D\x1b[DX\r", "echo Xhi"],
    ["home and end", "cho\x1b[He\x1b[F!\r", "echo!"],
    ["Ctrl+A, Ctrl+E", "b\x01a\x05c\r", "abc"],
    ["Ctrl+U kills to the start", "junk\x15echo ok\r", "echo ok"],
    ["delete under the cursor", "echo hix\x1b[D\x1b[3~\r", "echo hi"],
    ["pasted text with the Enter", "echo pasted\r", "echo pasted"],
  ])("edits with %s", async (_name, keys, command) => {
    const { shell, calls, idle } = setup();
    shell.write(keys);
    await idle();
    expect(calls.map((c) => c.command)).toEqual([command]);
  });

  it("treats a pasted \\r\\n as one Enter", async () => {
    const { shell, output, idle } = setup();
    shell.write("a\r\nb\r\n");
    await idle();
    await idle();
    expect(output()).toBe("[]$ a\r\nran a\r\n[]$ b\r\nran b\r\n[]$ ");
  });

  it("recalls history with up and down", async () => {
    const { shell, calls, idle } = setup();
    shell.write("first\r");
    await idle();
    shell.write("second\r");
    await idle();
    shell.write("\x1b[A\x1b[A\x1b[A\x1b[B\r");
    await idle();
    expect(calls.map((c) => c.command)).toEqual(["first", "second", "second"]);
  });

  it("keeps keys typed while a command runs and replays them at the next prompt", async () => {
    let finish!: () => void;
    const { shell, calls, idle } = setup(async (command) => {
      if (command === "slow") await new Promise<void>((r) => (finish = r));
      return 0;
    });
    shell.write("slow\r");
    await idle();
    shell.write("next\r");
    await idle();
    expect(calls.map((c) => c.command)).toEqual(["slow"]);
    finish();
    await idle();
    expect(calls.map((c) => c.command)).toEqual(["slow", "next"]);
  });

  it("aborts the running command on Ctrl+C and prints ^C", async () => {
    const { shell, output, idle } = setup(
      (_command, options) =>
        new Promise((resolve) => options.signal!.addEventListener("abort", () => resolve(130), { once: true })),
    );
    shell.write("sleep 100\r");
    await idle();
    shell.write("\x03");
    await idle();
    expect(output()).toMatch(/\^C\r\n\[\]\$ $/);
  });

  it("drops the line on Ctrl+C at the prompt", async () => {
    const { shell, calls, output, idle } = setup();
    shell.write("half typed\x03");
    await idle();
    expect(output()).toMatch(/half typed\^C\r\n\[\]\$ $/);
    shell.write("\r");
    await idle();
    expect(calls).toEqual([]);
  });

  it("changes folder with cd, checked by stat, and runs commands there", async () => {
    const { shell, calls, output, idle } = setup();
    shell.write("cd src/lib\r");
    await idle();
    expect(output()).toMatch(/\[src\/lib\]\$ $/);
    shell.write("cd ..\rls\r");
    await idle();
    expect(calls).toEqual([{ command: "ls", cwd: "src" }]);
    shell.write("cd missing\r");
    await idle();
    expect(output()).toContain("cd: no such file or directory: missing\r\n[src]$ ");
    shell.write("cd /README.md\r");
    await idle();
    expect(output()).toContain("cd: not a directory: /README.md");
    folders.add("my dir");
    shell.write("cd '/my dir'\r");
    await idle();
    expect(output()).toMatch(/\[my dir\]\$ $/);
    shell.write("cd\r");
    await idle();
    expect(output()).toMatch(/\[\]\$ $/);
  });

  it.each([
    ["clear", "clear\r"],
    ["Ctrl+L", "\x0c"],
  ])("clears the screen with %s", async (_name, keys) => {
    const { shell, output, calls, idle } = setup();
    shell.write(keys);
    await idle();
    expect(output()).toContain("\x1b[2J");
    expect(output()).toMatch(/\[\]\$ $/);
    expect(calls).toEqual([]);
  });

  it.each([
    ["exit 3", 3],
    ["exit", 0],
  ])("ends with `%s`", async (line, code) => {
    const { shell } = setup();
    shell.write(line + "\r");
    await expect(shell.exit).resolves.toBe(code);
  });

  it("ends with Ctrl+D on an empty line, and when killed", async () => {
    const first = setup();
    first.shell.write("\x04");
    await expect(first.shell.exit).resolves.toBe(0);
    const second = setup();
    second.shell.kill();
    await expect(second.shell.exit).resolves.toBe(130);
  });

  it("turns \\n into \\r\\n across chunks without doubling \\r", async () => {
    const { shell, output, idle } = setup(async (_command, options) => {
      for (const chunk of ["a\r", "\nb\n", "c\r\n", "d"]) options.onStdout!(chunk);
      options.onStderr!("oops\n");
      return 1;
    });
    shell.write("run\r");
    await idle();
    expect(output()).toBe("[]$ run\r\na\r\nb\r\nc\r\ndoops\r\n[]$ ");
  });

  it("starts the prompt on a fresh line after output without a newline", async () => {
    const { shell, output, idle } = setup(async (_command, options) => (options.onStdout!("no newline"), 0));
    shell.write("x\r");
    await idle();
    expect(output()).toBe("[]$ x\r\nno newline\r\n[]$ ");
  });

  it("prints a transport failure and keeps going", async () => {
    const { shell, output, calls, idle } = setup(async (command) => {
      if (command === "boom") throw new Error("connection lost");
      return 0;
    });
    shell.write("boom\r");
    await idle();
    expect(output()).toContain("connection lost");
    shell.write("after\r");
    await idle();
    expect(calls.map((c) => c.command)).toEqual(["boom", "after"]);
  });

  it("with a backend session, sends every line (cd too) to the backend's shell and follows the folder it reports", async () => {
    const seen: Array<{ command: string; session: string | undefined }> = [];
    const exec = async (command: string, options: ExecOptions): Promise<ExecResult> => {
      seen.push({ command, session: options.session });
      return { exitCode: 0, stdout: "", stderr: "", durationMs: 0, truncated: false, cwd: command === "cd /project/src" ? "src" : undefined };
    };
    const shell = createLineShell({ exec, session: "t1", prompt: plainPrompt });
    let output = "";
    shell.onData((d) => (output += d));
    shell.write("cd /project/src\r");
    await new Promise((r) => setTimeout(r, 5));
    shell.write("export FOO=bar\r");
    await new Promise((r) => setTimeout(r, 5));
    expect(seen).toEqual([
      { command: "cd /project/src", session: "t1" },
      { command: "export FOO=bar", session: "t1" },
    ]);
    expect(output).toContain("[src]$ export FOO=bar");
  });

  it("hands output written before anyone listened to the first listener", () => {
    const shell = createLineShell({ exec: async () => ({ exitCode: 0, stdout: "", stderr: "", durationMs: 0, truncated: false }), stat });
    let output = "";
    shell.onData((d) => (output += d));
    expect(output).toContain("~");
  });
});
