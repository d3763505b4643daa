import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BoxSandbox } from "@/lib/sandbox/box/host";
import type { ShellSession } from "@/lib/sandbox/types";
import { boxFactory } from "@/tests/fixtures/box-helpers";

/** The box's terminal is one shell session, as bash is; the agent's commands stay fresh shells. */
const boxes = boxFactory();
let box: BoxSandbox;

beforeAll(async () => {
  box = await boxes.start({ files: new Map([["src/index.js", "console.log(1)\n"]]), limits: { commandTimeoutMs: 2000 } });
});
afterAll(() => boxes.close());

/** Types `line` into the shell and resolves with what it printed up to the next prompt. */
function typer(shell: ShellSession) {
  let screen = "";
  shell.onData((data) => (screen += data));
  const plain = () => screen.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "").replace(/\r/g, "");
  return async (line: string, shell_ = shell) => {
    const before = plain().length;
    shell_.write(`${line}\r`);
    await expect.poll(() => /\$ $/.test(plain().slice(before + line.length + 1)), { timeout: 20_000 }).toBe(true);
    const out = plain().slice(before + line.length + 1);
    return { out: out.replace(/[^\n]*\$ $/, ""), prompt: /([^\n]*)\$ $/.exec(out)![1]!.trim() };
  };
}

describe("the box terminal", () => {
  it("keeps variables, $?, functions and the folder between lines, and stays in the project", async () => {
    const shell = await box.openShell({ cols: 80, rows: 24 });
    const type = typer(shell);
    await type("export FOO=bar");
    expect((await type("echo $FOO")).out).toBe("bar\n");
    await type("X=1");
    expect((await type("echo x=$X")).out).toBe("x=1\n");
    await type("false");
    expect((await type("echo $?")).out).toBe("1\n");
    expect((await type("echo $?")).out).toBe("0\n");
    await type("greet() { echo \"hi $1\"; }");
    expect((await type("greet you")).out).toBe("hi you\n");
    expect((await type("cd /project/src")).prompt).toBe("~/src");
    expect((await type("pwd")).out).toBe("/project/src\n");
    expect((await type("cd ..")).prompt).toBe("~");
    expect((await type("cd src && cat index.js")).out).toBe("console.log(1)\n");
    expect((await type("cd /project")).prompt).toBe("~");
    const outside = await type("cd /");
    expect(outside.out).toMatch(/outside the project; the terminal stays in \/project/);
    expect((await type("echo $?")).out).toBe("1\n");
    expect((await type("pwd")).out).toBe("/project\n");
    expect((await type("cd /usr")).out).toMatch(/cd: .*\/usr|outside the project/);
    expect((await type("pwd")).out).toBe("/project\n");
    await type("unset FOO");
    expect((await type("echo \"[$FOO]\"")).out).toBe("[]\n");
    shell.kill();
  });

  it("keeps each terminal's shell apart, and the agent's commands start fresh", async () => {
    const one = await box.openShell({ cols: 80, rows: 24 });
    const two = await box.openShell({ cols: 80, rows: 24 });
    await typer(one)("export ONLY_ONE=1");
    expect((await typer(two)("echo \"[$ONLY_ONE]\"")).out).toBe("[]\n");
    expect((await box.exec("echo \"[$ONLY_ONE]\"")).stdout).toBe("[]\n");
    one.kill();
    two.kill();
  });

  it("gives a terminal line a long deadline that Ctrl+C still cuts, while exec keeps its short one", async () => {
    const short = await box.exec("sleep 3; echo late");
    expect(short.exitCode).toBe(124);
    const shell = await box.openShell({ cols: 80, rows: 24 });
    const type = typer(shell);
    expect((await type("sleep 3; echo late")).out).toBe("late\n");
    let screen = "";
    shell.onData((data) => (screen += data));
    shell.write("sleep 600\r");
    await expect.poll(() => box.busy).toBe(true);
    shell.write("\x03");
    await expect.poll(() => /\$ $/.test(screen.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "")), { timeout: 10_000 }).toBe(true);
    expect((await type("echo $?")).out).toBe("130\n");
    shell.kill();
  });
});
