import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { environmentBlock } from "@/lib/agent/environment";
import type { BoxSandbox } from "@/lib/sandbox/box/host";
import { boxFactory } from "@/tests/fixtures/box-helpers";

/**
 * Every claim the model's "Environment" block makes about the box, run in a real box: when the box
 * changes, this fails and the block is corrected with it.
 */
const boxes = boxFactory();
let box: BoxSandbox;
const told = environmentBlock("box");

beforeAll(async () => {
  box = await boxes.start({
    files: new Map([
      ["typed.ts", "const x: number = 1;\nconsole.log(x);\n"],
      ["lib/a.mjs", "export const a = 1;\n"],
      ["lib/b.cjs", "module.exports = 2;\n"],
      ["data.json", '{"n":3}'],
      ["package.json", JSON.stringify({ scripts: { test: "node test.js" } })],
    ]),
  });
});
afterAll(() => boxes.close());

type Claim = [claim: string, command: string, check: { exitCode?: number; out?: RegExp; err?: RegExp }];

describe.concurrent("what the box is said to have", () => {
  const claims: Claim[] = [
    ["the working directory is /project", "pwd", { exitCode: 0, out: /^\/project\n$/ }],
    ["there is no /tmp", "ls /tmp", { err: /No such file/ }],
    ["pipes, &&, loops and functions", "f() { echo $1; }; for i in 1 2; do f $i; done | tr '\\n' ' ' && echo ok", { exitCode: 0, out: /^1 2 ok\n$/ }],
    [
      "the listed commands exist",
      "for c in ls cat head tail grep rg sed awk jq yq find xargs sort uniq wc diff cut tr tee tree cp mv rm mkdir touch sleep timeout tar gzip base64 sha256sum node python3 sqlite3; do command -v $c >/dev/null || echo missing $c; done; echo done",
      { exitCode: 0, out: /^done\n$/ },
    ],
    ...["npm", "npx", "yarn", "pnpm", "git", "tsc", "make", "pip", "curl"].map((c): Claim => [`no ${c}`, `${c} --version`, { exitCode: 127, err: /command not found/ }]),
    ["npm test fails with command not found", "npm test", { exitCode: 127, err: /npm: command not found/ }],
    ["no node_modules", "ls node_modules", { err: /No such file/ }],
    [
      "node requires .js .mjs .cjs .json and core modules",
      `node -e "import('./lib/a.mjs').then((m) => console.log(m.a, require('./lib/b.cjs'), require('./data.json').n, typeof require('fs').readFileSync, typeof require('path').join, typeof require('assert').strictEqual, typeof require('util').inspect, typeof require('events'), typeof setTimeout, typeof process.argv, typeof Buffer.from))"`,
      { exitCode: 0, out: /^1 2 3 function function function function function function object function\n$/ },
    ],
    ["a .ts file does not parse", "node typed.ts", { exitCode: 1, err: /SyntaxError/ }],
    ["no node --test", "node --test", { err: /bad option: --test/ }],
    ["no node:test", `node -e "require('node:test')"`, { exitCode: 1, err: /Cannot find module/ }],
    ...["child_process", "http", "net", "crypto", "zlib", "stream"].map((m): Claim => [`no ${m}`, `node -e "require('${m}')"`, { exitCode: 1, err: /Cannot find module/ }]),
    ["no fetch", `node -e "console.log(typeof fetch)"`, { exitCode: 0, out: /^undefined\n$/ }],
    ["python3 is CPython 3.13", "python3 --version", { exitCode: 0, out: /^Python 3\.13/ }],
    ["python3 has the standard library", "python3 -c 'import json, re, csv, unittest, dataclasses; print(1)'", { exitCode: 0, out: /^1\n$/ }],
    ["python3 has no sqlite3 module", "python3 -c 'import sqlite3'", { exitCode: 1, err: /No module named '_sqlite3'/ }],
    ["python3 has no subprocess", "python3 -c 'import subprocess; subprocess.run([\"ls\"])'", { exitCode: 1, err: /does not support processes/ }],
    ["python3 has no pip", "python3 -m pip --version", { exitCode: 1 }],
    ["the sqlite3 command works", `sqlite3 app.db "create table t(x); insert into t values (2); select x * 21 from t;"`, { exitCode: 0, out: /^42\n$/ }],
    ["input through a pipe", `printf '3\\n' | node -e "console.log(require('fs').readFileSync(0, 'utf8').trim() * 2)"`, { exitCode: 0, out: /^6\n$/ }],
  ];
  it.each(claims)("%s", async (claim, command, { exitCode, out, err }) => {
    const result = await box.exec(command, { timeoutMs: 30_000 });
    if (exitCode !== undefined) expect(result.exitCode, result.stderr).toBe(exitCode);
    if (out) expect(result.stdout).toMatch(out);
    if (err) expect(result.stderr).toMatch(err);
  });
});

describe("what the box is said not to keep between commands", () => {
  it("cd and variables do not carry over", async () => {
    await box.exec("mkdir -p sub && cd sub && export FOO=1");
    const after = await box.exec("pwd; echo FOO=$FOO");
    expect(after.stdout).toBe("/project\nFOO=\n");
  });
});

describe("the block names what was checked", () => {
  it.each(["npm, npx, yarn, pnpm, git, tsc, make, pip, curl", "no `sqlite3` module", "no TypeScript", "no `node --test`", "fresh shell", "never start servers"])("%s", (phrase) => {
    expect(told).toContain(phrase);
  });
});
