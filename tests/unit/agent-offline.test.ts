import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildJsProgram, printLastExpression, splitValue, topLevelDeclarations, valueMarker } from "@/lib/agent/code-cell";
import { classifyOfflinePrompt, runOfflineAgentTurn, toJsValueSource } from "@/lib/agent/offline-agent";
import { agentStateSchema, createInitialAgentState, type AgentState } from "@/lib/agent/state";
import { createMemorySandbox } from "@/lib/sandbox/memory";
import type { ExecOptions, ExecResult, Sandbox } from "@/lib/sandbox/types";

const run = promisify(execFile);

type Exec = (command: string, options?: ExecOptions) => Promise<ExecResult>;

/** A memory sandbox whose exec is replaced; it records the command and the snippet file it names. */
function sandboxWithExec(exec: (command: string, snippet: string) => Promise<Partial<ExecResult>>) {
  const sandbox = createMemorySandbox();
  const calls: { command: string; snippet: string }[] = [];
  const fakeExec: Exec = async (command) => {
    const file = command.split(" ")[1]!;
    const snippet = new TextDecoder().decode(await sandbox.readFile(file));
    calls.push({ command, snippet });
    return { exitCode: 0, stdout: "", stderr: "", durationMs: 1, truncated: false, ...(await exec(command, snippet)) };
  };
  return { sandbox: Object.assign(sandbox, { exec: fakeExec }) as Sandbox, calls, memory: sandbox };
}

/** Runs the snippet for real with the host's node / python3 (what the box does). */
let hostDir = "";
async function hostRun(command: string, snippet: string): Promise<Partial<ExecResult>> {
  const [bin, file] = command.split(" ") as [string, string];
  const target = path.join(hostDir, path.basename(file));
  await writeFile(target, snippet);
  try {
    const { stdout, stderr } = await run(bin, [target], { timeout: 20_000 });
    return { stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { exitCode: typeof e.code === "number" ? e.code : 1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

beforeAll(async () => {
  hostDir = await mkdtemp(path.join(tmpdir(), "agent-offline-"));
});
afterAll(async () => {
  await rm(hostDir, { recursive: true, force: true });
});

describe("printLastExpression", () => {
  it.each([
    ["const a = 5; const b = 10; a + b;", "15"],
    ["console.log('hi'); 1 + 1", "2"],
    ["({ a: 1 })", "{ a: 1 }"],
    ["let x = [1, 2]\nx.map((v) => v * 2)", "[ 2, 4 ]"],
    ["await Promise.resolve('done')", "'done'"],
    ["const s = 'a\\\\nb'; s", "'a\\\\nb'"],
    ["// comment only\n3 // trailing", "3"],
  ])("%j shows %s", async (code, value) => {
    const { stdout } = await hostRun("node x.mjs", printLastExpression(code));
    expect(splitValue(stdout!).value).toBe(value);
  });

  it.each([["const a = 1;"], ["function f() {}"], ["'use strict'"], ["if (true) { 1 }"], ["syntax error here ("], [""]])(
    "%j is left as is",
    (code) => {
      expect(printLastExpression(code)).toBe(code);
    },
  );

  it("prints nothing for an undefined value", async () => {
    const { stdout } = await hostRun("node x.mjs", printLastExpression("console.log('x')"));
    expect(splitValue(stdout!)).toEqual({ printed: "x\n", value: null });
  });
});

describe("helpers", () => {
  it.each([
    ["const a = 1, { b, c: [d] } = o; function f() {} class K {} import x, { y as z } from 'm';", ["a", "b", "d", "f", "K", "x", "z"]],
    ["a + b", []],
  ])("topLevelDeclarations(%j)", (code, names) => {
    expect([...topLevelDeclarations(code)].sort()).toEqual([...names].sort());
  });

  it.each([
    ["42", "42"],
    ["1 + 2", "1 + 2"],
    ["[1, 2]", "[1, 2]"],
    ["'hi'", "'hi'"],
    ["hello world", '"hello world"'],
  ])("toJsValueSource(%j) = %s", (value, source) => {
    expect(toJsValueSource(value)).toBe(source);
  });

  it("splitValue keeps prints around the marker line", () => {
    expect(splitValue(`a\n${valueMarker}"15"\n`)).toEqual({ printed: "a\n", value: "15" });
    expect(splitValue("no marker")).toEqual({ printed: "no marker", value: null });
  });

  it("buildJsProgram does not redeclare names the snippet declares", () => {
    const program = buildJsProgram("const x = 2; x + y", { x: "1", y: "3" });
    expect(program).not.toMatch(/globalThis\["x"\] =/);
    expect(program).toMatch(/\{ globalThis\["y"\] = \(3\n\);/);
    // The cell's own names are published for the session's next cells.
    expect(program).toMatch(/;Object\.assign\(globalThis, \{ x \}\);\n$/);
  });

  it.each([
    ["execute code\n```js\n1 + 1\n```", { kind: "execute", language: "javascript", code: "1 + 1\n" }],
    ["run this\n```python\nprint(1)\n```", { kind: "execute", language: "python", code: "print(1)\n" }],
    ["```\n2\n```", { kind: "execute", language: "javascript", code: "2\n" }],
    ["what was the last code I ran?", { kind: "last_code" }],
    ["show me the execution history", { kind: "history" }],
    ["define variable rate as 0.25", { kind: "define_variable", name: "rate", value: "0.25" }],
    ["Define variable greeting as hello there.", { kind: "define_variable", name: "greeting", value: "hello there" }],
    ["hello", { kind: "help" }],
    ["```rust\nfn main(){}\n```", { kind: "help" }],
  ])("classifies %j", (prompt, intent) => {
    expect(classifyOfflinePrompt(prompt)).toEqual(intent);
  });
});

describe("runOfflineAgentTurn", () => {
  const at = () => new Date("2026-01-01T00:00:00Z");

  it("runs JS through the sandbox and answers with prints and the last value", async () => {
    const { sandbox, calls, memory } = sandboxWithExec(hostRun);
    const turn = await runOfflineAgentTurn({
      prompt: "execute code\n```js\nconst a = 5; const b = 10; console.log('sum'); a + b;\n```",
      state: createInitialAgentState(),
      sandbox,
      now: at,
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.command).toMatch(/^node \.agent\/snippet-[\w-]+\.mjs$/);
    expect(turn.action).toBe("execute");
    expect(turn.response).toContain("Result: `15`");
    expect(turn.response).toContain("sum");
    expect(turn.state.lastExecutedCode).toEqual({ language: "javascript", code: "const a = 5; const b = 10; console.log('sum'); a + b;\n" });
    expect(turn.state.executionHistory[0]).toMatchObject({ value: "15", stdout: "sum\n", exitCode: 0, at: "2026-01-01T00:00:00.000Z" });
    // The scratch file is removed after the run.
    expect(await memory.readdir(".agent")).toEqual([]);
    expect(() => agentStateSchema.parse(JSON.parse(JSON.stringify(turn.state)))).not.toThrow();
  });

  it("runs Python with the ast wrapper", async () => {
    const { sandbox, calls } = sandboxWithExec(hostRun);
    const turn = await runOfflineAgentTurn({
      prompt: "```python\nx = 6\nprint('hi')\nx * 7\n```",
      state: createInitialAgentState(),
      sandbox,
    });
    expect(calls[0]!.command).toMatch(/^python3 \.agent\/snippet-[\w-]+\.py$/);
    expect(calls[0]!.snippet).toContain("import ast");
    expect(turn.response).toContain("Result: `42`");
    expect(turn.response).toContain("hi");
  });

  it("gives cells require and top-level await, and uses remembered variables for real", async () => {
    const { sandbox } = sandboxWithExec(hostRun);
    let state = createInitialAgentState();
    state = (await runOfflineAgentTurn({ prompt: "define variable n as 4", state, sandbox })).state;
    const turn = await runOfflineAgentTurn({
      prompt: "```js\nconst path = require('node:path');\nawait Promise.resolve(path.posix.join('a', String(n * 2)))\n```",
      state,
      sandbox,
    });
    expect(turn.response).toContain("Result: `'a/8'`");
  });

  it("answers real errors as errors", async () => {
    const { sandbox } = sandboxWithExec(hostRun);
    const turn = await runOfflineAgentTurn({ prompt: "```js\nnotDefined + 1\n```", state: createInitialAgentState(), sandbox });
    expect(turn.response).toMatch(/Error \(exit code 1\)[\s\S]*ReferenceError: notDefined is not defined/);
    const py = await runOfflineAgentTurn({ prompt: "```python\n1 / 0\n```", state: createInitialAgentState(), sandbox });
    expect(py.response).toMatch(/Error \(exit code 1\)[\s\S]*ZeroDivisionError/);
  });

  it("answers errors as errors", async () => {
    const { sandbox } = sandboxWithExec(async () => ({ exitCode: 1, stderr: "ReferenceError: nope is not defined\n" }));
    const turn = await runOfflineAgentTurn({ prompt: "```js\nnope\n```", state: createInitialAgentState(), sandbox });
    expect(turn.response).toMatch(/Error \(exit code 1\)/);
    expect(turn.response).toContain("ReferenceError");
    expect(turn.state.executionHistory[0]!.exitCode).toBe(1);
  });

  it("remembers variables, the last code and the history across turns", async () => {
    const { sandbox, calls } = sandboxWithExec(async () => ({ stdout: `${valueMarker}"126"\n` }));
    let state: AgentState = createInitialAgentState();
    const say = async (prompt: string) => {
      const turn = await runOfflineAgentTurn({ prompt, state, sandbox, now: at });
      state = agentStateSchema.parse(JSON.parse(JSON.stringify(turn.state)));
      return turn.response;
    };
    expect(await say("what was the last code I ran?")).toMatch(/not run any code/);
    expect(await say("show me the execution history")).toMatch(/No code/);
    expect(await say("define variable base as 42")).toContain("base = 42");
    expect(await say("define variable name as Ada Lovelace")).toContain('"Ada Lovelace"');
    expect(await say("```js\nbase * 3\n```")).toContain("Result: `126`");
    expect(calls[0]!.snippet).toMatch(/\{ globalThis\["base"\] = \(42\n\);[^\n]*\n[^\n]*\{ globalThis\["name"\] = \("Ada Lovelace"\n\);/);
    expect(await say("what was the last code I ran?")).toContain("```js\nbase * 3\n```");
    const history = await say("show me the execution history");
    expect(history).toContain("1. javascript");
    expect(history).toContain("result 126");
    expect(await say("what can you do?")).toMatch(/OPENAI_API_KEY[\s\S]*ANTHROPIC_API_KEY[\s\S]*OPENAI_BASE_URL[\s\S]*AGENT_MODEL/);
  });

  it("keeps the history bounded", async () => {
    const { sandbox } = sandboxWithExec(async () => ({ stdout: "" }));
    let state = createInitialAgentState();
    for (let i = 0; i < 55; i++) state = (await runOfflineAgentTurn({ prompt: `\`\`\`js\n${i}\n\`\`\``, state, sandbox })).state;
    expect(state.executionHistory).toHaveLength(50);
    expect(state.executionHistory[0]!.code).toBe("5\n");
  });

  it("does not mutate the state passed in", async () => {
    const { sandbox } = sandboxWithExec(async () => ({}));
    const state = createInitialAgentState();
    await runOfflineAgentTurn({ prompt: "define variable x as 1", state, sandbox });
    expect(state.definedVariables).toEqual({});
  });
});
