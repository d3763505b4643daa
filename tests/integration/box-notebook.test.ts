import { afterAll, describe, expect, it } from "vitest";
import { runOfflineAgentTurn } from "@/lib/agent/offline-agent";
import { createInitialAgentState, type AgentState } from "@/lib/agent/state";
import type { BoxSandbox } from "@/lib/sandbox/box/host";
import { boxFactory } from "@/tests/fixtures/box-helpers";

/**
 * The built-in agent is a notebook: names a block defines stay defined in the session's later
 * blocks (JavaScript and Python), a box that lost them (here: a new box, as after a server restart)
 * gets them back by replaying the session's earlier blocks, and sessions never see each other's.
 */
const boxes = boxFactory();
afterAll(() => boxes.close());

const js = (code: string) => `\`\`\`js\n${code}\n\`\`\``;
const py = (code: string) => `\`\`\`python\n${code}\n\`\`\``;

/** A session of the built-in agent: each block runs with the state the previous one left. */
function session(id: string, state: AgentState = createInitialAgentState()) {
  return {
    get state() {
      return state;
    },
    async run(sandbox: BoxSandbox, prompt: string) {
      const turn = await runOfflineAgentTurn({ prompt, state, sandbox, notebookId: id });
      state = turn.state;
      return turn;
    },
  };
}

describe("notebook sessions in the box", () => {
  it("keeps names between blocks, restores them in a new box, and keeps sessions apart", async () => {
    const box = await boxes.start({ limits: { commandTimeoutMs: 20_000 } });
    const first = session("session-one");

    await first.run(box, js("const greeting = 'hi'"));
    const greeting = await first.run(box, js("greeting"));
    expect(greeting.execution).toMatchObject({ exitCode: 0, value: "hi" });
    expect(greeting.restore).toBeUndefined();

    await first.run(box, py("y = 2"));
    const tripled = await first.run(box, py("print(y * 3)"));
    expect(tripled.execution).toMatchObject({ exitCode: 0, stdout: "6\n" });
    expect(tripled.restore).toBeUndefined();

    // Another session of the same project, in the same box, sees none of it.
    const second = session("session-two");
    expect((await second.run(box, js("typeof greeting"))).execution?.value).toBe("undefined");
    expect((await second.run(box, py("print('y' in globals())"))).execution?.stdout).toBe("False\n");

    // A fresh box holds no context: the next block first replays the session's earlier ones.
    await box.dispose();
    const restarted = await boxes.start({ limits: { commandTimeoutMs: 20_000 } });
    const again = await first.run(restarted, js("greeting + '!'"));
    expect(again.execution).toMatchObject({ exitCode: 0, value: "hi!" });
    expect(again.restore).toEqual({ restored: 2, failed: 0, skipped: 0 });
    expect(again.response).toMatch(/restored 2 earlier blocks by running them again \(output suppressed\)/);
    // Replayed blocks print nothing into the new block's output.
    expect(again.execution?.stdout).toBe("");

    const pyAgain = await first.run(restarted, py("y * 7"));
    expect(pyAgain.execution).toMatchObject({ exitCode: 0, value: "14" });
    expect(pyAgain.restore).toEqual({ restored: 2, failed: 0, skipped: 0 });
    // Once restored, the context is live again: no second replay.
    expect((await first.run(restarted, py("y"))).restore).toBeUndefined();
  });

  it("does not replay a block that changed files, and says so", async () => {
    const box = await boxes.start({ limits: { commandTimeoutMs: 20_000 } });
    const notebook = session("session-files");
    await notebook.run(box, py("open('log.txt', 'a').write('ran\\n')\nz = 5"));
    // run-offline.ts marks a run whose changes were saved; here the box's changes say the same.
    expect(box.takeChanges().map((change) => change.path)).toContain("log.txt");
    notebook.state.executionHistory.at(-1)!.wroteFiles = true;
    await notebook.run(box, py("w = 1"));

    const restarted = await boxes.start({ files: new Map([["log.txt", "ran\n"]]), limits: { commandTimeoutMs: 20_000 } });
    const after = await notebook.run(restarted, py("print(w, 'z' in globals())"));
    expect(after.execution?.stdout).toBe("1 False\n");
    expect(after.restore).toEqual({ restored: 1, failed: 0, skipped: 1 });
    expect(after.response).toMatch(/1 block that changed files was not re-run/);
    expect(new TextDecoder().decode(await restarted.readFile("log.txt"))).toBe("ran\n");
  });
});

describe("python3 on warm interpreters", () => {
  it("starts every run clean and sees the project's current files", async () => {
    const box = await boxes.start({ files: new Map([["m.py", "X = 1\n"]]), limits: { commandTimeoutMs: 20_000 } });
    const run = (command: string) => box.exec(command);
    expect(await run("python3 -c 'import m; print(m.X); leaked = 1'")).toMatchObject({ exitCode: 0, stdout: "1\n" });
    await box.writeFile("m.py", "X = 2\n");
    expect(await run("python3 -c 'import m; print(m.X); print(\"leaked\" in globals())'")).toMatchObject({ exitCode: 0, stdout: "2\nFalse\n" });
    // A run that patches a module the interpreter had loaded ends that interpreter: the next never sees it.
    expect((await run("python3 -c 'import json; json.dumps = None'")).exitCode).toBe(0);
    expect(await run("python3 -c 'import json; print(json.dumps([1]))'")).toMatchObject({ exitCode: 0, stdout: "[1]\n" });
    expect(await run("python3 -c 'import sys; print(sys.argv)' a b")).toMatchObject({ stdout: "['-c', 'a', 'b']\n" });
    expect(await run("echo 'print(input())' > s.py && echo typed | python3 s.py")).toMatchObject({ exitCode: 0, stdout: "typed\n" });
    expect((await run("python3 -c 'raise SystemExit(3)'")).exitCode).toBe(3);
  });
});
