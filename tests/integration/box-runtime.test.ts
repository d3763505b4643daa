import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BoxSandbox } from "@/lib/sandbox/box/host";
import type { SandboxEvent } from "@/lib/sandbox/types";
import { boxFactory, text } from "@/tests/fixtures/box-helpers";
import { boxProject } from "@/tests/fixtures/box-project";

const boxes = boxFactory();
let box: BoxSandbox;

beforeAll(async () => {
  box = await boxes.start({ files: boxProject });
});
afterAll(() => boxes.close());

type Case = [name: string, command: string, exitCode: number, stdout: RegExp | string, stderr?: RegExp];

describe.concurrent("commands", () => {
  const cases: Case[] = [
    ["node: require between files, JSON, the module cache", "node main.js x y", 0, "5 /project/lib/math.js 7 /project x,y 3\n"],
    ["node: import/export between .mjs files, builtins, CommonJS, top-level await", "node esm/main.mjs", 0, "HIHI 3 true\nafter await\n"],
    ["node: .js as ES module under type: module", "node typed/index.js", 0, "hello module\n"],
    ["node -e with require", `node -e "console.log(require('./lib/math').add(40, 2))"`, 0, "42\n"],
    ["node -p", "node -p '[1, 2].map((n) => n * 2)'", 0, "[ 2, 4 ]\n"],
    ["node reads a script from stdin", "echo 'console.log(6 * 7)' | node", 0, "42\n"],
    ["node reads stdin as data", `printf 'abc' | node -e "console.log(require('fs').readFileSync(0, 'utf8').toUpperCase())"`, 0, "ABC\n"],
    [
      "node fs verbs",
      `node -e "const fs = require('fs'); fs.mkdirSync('tmp1/a', { recursive: true }); fs.writeFileSync('tmp1/a/f.txt', 'x'); fs.appendFileSync('tmp1/a/f.txt', 'y'); fs.renameSync('tmp1/a/f.txt', 'tmp1/g.txt'); console.log(fs.readFileSync('tmp1/g.txt', 'utf8'), fs.readdirSync('tmp1').join(), fs.statSync('tmp1/g.txt').size, fs.existsSync('tmp1/a/f.txt')); fs.unlinkSync('tmp1/g.txt'); fs.promises.readdir('tmp1').then((names) => console.log(names.join()))"`,
      0,
      "xy a,g.txt 2 false\na\n",
    ],
    ["node process.env, cwd, stdout.write", `GREETING=hey node -e "process.stdout.write(process.env.GREETING + ' ' + process.cwd())"`, 0, "hey /project"],
    ["node timers run in order within the deadline", `node -e "setTimeout(() => console.log('b'), 20); setTimeout(() => console.log('a'), 5); setImmediate(() => console.log('now'))"`, 0, "now\na\nb\n"],
    ["node process.exit and exitCode", `node -e "process.exitCode = 3; process.on('exit', (c) => console.log('exit', c))"`, 3, "exit 3\n"],
    ["node process.exit stops at once", `node -e "process.exit(5); console.log('never')"`, 5, ""],
    ["node uncaught error: message, stack, exit 1", "node crash.js", 1, "", /^Error: kaboom\n\s+at boom \(\/project\/crash\.js:2/],
    ["node missing script", "node nope.js", 1, "", /Cannot find module '\/project\/nope\.js'/],
    ["node missing import", `node --input-type=module -e "import x from './nope.mjs'"`, 1, "", /ERR_MODULE_NOT_FOUND\]: Cannot find module '\.\/nope\.mjs'/],
    ["node blocked module", `node -e "require('child_process')"`, 1, "", /Cannot find module 'child_process'/],
    ["python3", "python3 -c 'import sys; print(sys.version_info.major, sum(range(10)))'", 0, "3 45\n"],
    ["python3 script reading and writing project files", "python3 scripts/stats.py && cat out/stats.txt", 0, '{"count": 3, "max": 85}\n162'],
    ["sqlite3 with a database file", `sqlite3 db.sqlite "create table t(x int); insert into t values (1), (2), (3); select sum(x) from t;" && ls db.sqlite`, 0, "6\ndb.sqlite\n"],
    ["pipes, grep, sed, awk", "cat data/people.csv | grep -v name | sed 's/,/ /' | awk '{ s += $2 } END { print s }'", 0, "162\n"],
    ["jq", "jq -c '.server.hosts' data/config.json", 0, '["a","b"]\n'],
    ["find", "find lib -name '*.js' | sort", 0, "lib/counter.js\nlib/math.js\n"],
    ["non-zero exit resolves", "grep -q nothing-like-this data/people.csv", 1, ""],
    ["env is only the box's own", "env | sort | cut -d= -f1 | tr '\\n' ' '", 0, "HOME LANG LOGNAME PATH PWD SHELL TERM TZ USER "],
  ];
  it.each(cases)("%s", async (_name, command, exitCode, stdout, stderr) => {
    const result = await box.exec(command);
    expect({ exitCode: result.exitCode, stderr: result.stderr }).toMatchObject({ exitCode, ...(stderr ? {} : { stderr: "" }) });
    if (typeof stdout === "string") expect(result.stdout).toBe(stdout);
    else expect(result.stdout).toMatch(stdout);
    if (stderr) expect(result.stderr).toMatch(stderr);
  });
});

describe("limits", () => {
  it.each([
    ["bash", "while true; do :; done"],
    ["node", "node -e 'while (true) {}'"],
    ["python3", "python3 -c 'while True: pass'"],
    ["sleep", "sleep 30"],
  ])("times out %s with 124", async (_name, command) => {
    const started = Date.now();
    const result = await box.exec(command, { timeoutMs: 1000 });
    expect(result.exitCode).toBe(124);
    expect(Date.now() - started).toBeLessThan(1000 + 2500);
    expect((await box.exec("echo alive")).stdout).toBe("alive\n");
  });

  it.each([
    ["sleep", "sleep 30"],
    ["python3", "python3 -c 'import time; time.sleep(30)'"],
    // A busy QuickJS loop never yields to the box's event loop: the host kills the box instead.
    ["node busy loop", "node -e 'while (true) {}'"],
  ])("aborts %s with 130", async (_name, command) => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 700);
    const started = Date.now();
    const result = await box.exec(command, { signal: controller.signal, timeoutMs: 20_000 });
    expect(result.exitCode).toBe(130);
    expect(Date.now() - started).toBeLessThan(700 + 2500);
    expect((await box.exec("cat lib/data.json")).stdout).toContain('"n": 7');
  });

  it("caps output with a visible marker", async () => {
    const small = await boxes.start({ limits: { outputBytes: 2048 } });
    const result = await small.exec("node -e \"for (let i = 0; i < 1000; i++) console.log('line ' + i)\"");
    expect(result).toMatchObject({ exitCode: 0, truncated: true });
    expect(result.stdout.length).toBeLessThan(2048 + 200);
    expect(result.stdout).toMatch(/\[output truncated[^\n]*\]\n$/);
  });

  it("applies the configured memory limit to node", async () => {
    const small = await boxes.start({ limits: { memoryBytes: 32 * 1024 * 1024 } });
    const result = await small.exec("node -e 'const a = []; while (true) a.push(\"x\".repeat(1e5) + a.length)'");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/out of memory/);
    expect((await small.exec("node -p '1 + 1'")).stdout).toBe("2\n");
  });

  it("applies the configured default timeout", async () => {
    const quick = await boxes.start({ limits: { commandTimeoutMs: 500 } });
    const result = await quick.exec("node -e 'setInterval(() => {}, 1000)'");
    expect(result.exitCode).toBe(124);
    expect(result.stderr).toMatch(/longer than 0\.5 s/);
  });
});

describe("streaming, changes and recovery", () => {
  it("streams each statement's output as it ends", async () => {
    const chunks: Array<{ at: number; text: string }> = [];
    const result = await box.exec("for i in 1 2 3; do echo tick $i; sleep 0.3; done; node -e 'console.log(\"done\")'", {
      onStdout: (chunk) => chunks.push({ at: Date.now(), text: chunk }),
    });
    expect(result.stdout).toBe("tick 1\ntick 2\ntick 3\ndone\n");
    expect(chunks.map((c) => c.text).join("")).toBe(result.stdout);
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    expect(chunks[chunks.length - 1]!.at - chunks[0]!.at).toBeGreaterThanOrEqual(500);
  });

  it("reports what commands write as events and as changes to save", async () => {
    const fresh = await boxes.start({ files: boxProject });
    const events: SandboxEvent[] = [];
    fresh.onEvent((event) => events.push(event));
    await fresh.exec("mkdir -p gen/empty && echo a > gen/a.txt && node -e \"require('fs').writeFileSync('gen/b.txt', 'b')\"");
    await fresh.exec("python3 -c \"open('gen/c.txt', 'w').write('c')\" && rm lib/counter.js && mv main.js app.js");
    await fresh.writeFile("notes.md", "# notes");
    expect(events).toEqual(
      expect.arrayContaining([
        { type: "file", change: "created", path: "gen/a.txt", kind: "file" },
        { type: "file", change: "created", path: "gen/b.txt", kind: "file" },
        { type: "file", change: "created", path: "gen/c.txt", kind: "file" },
        { type: "file", change: "created", path: "gen/empty", kind: "dir" },
        { type: "file", change: "deleted", path: "lib/counter.js", kind: "file" },
        { type: "file", change: "created", path: "app.js", kind: "file" },
      ]),
    );
    const changes = fresh.takeChanges().map((c) => (c.type === "write" ? { ...c, content: text(c.content) } : c));
    expect(changes).toEqual(
      expect.arrayContaining([
        { type: "delete", path: "lib/counter.js" },
        { type: "delete", path: "main.js" },
        { type: "mkdir", path: "gen/empty" },
        { type: "write", path: "gen/a.txt", content: "a\n" },
        { type: "write", path: "gen/c.txt", content: "c" },
        { type: "write", path: "notes.md", content: "# notes" },
      ]),
    );
    expect(changes).toHaveLength(8);
    expect(fresh.takeChanges()).toEqual([]);
  });

  it("restarts from its files after being killed, losing only the running command's writes", async () => {
    const fragile = await boxes.start({ files: boxProject, limits: { memoryBytes: 64 * 1024 * 1024 }, processOverheadBytes: 200 * 1024 * 1024 });
    const statuses: string[] = [];
    fragile.onEvent((event) => event.type === "status" && statuses.push(event.status.state));
    await fragile.exec("echo kept > kept.txt");
    const killed = await fragile.exec("echo lost > lost.txt; python3 -c 'x = bytearray(400 * 1024 * 1024); print(len(x))'", { timeoutMs: 30_000 });
    expect(killed.exitCode).toBe(137);
    expect(killed.stderr).toMatch(/memory/);
    expect(fragile.status()).toMatchObject({ state: "crashed" });
    const after = await fragile.exec("cat kept.txt; ls lost.txt");
    expect(after.stdout).toBe("kept\n");
    expect(after.exitCode).not.toBe(0);
    expect(statuses).toEqual(["crashed", "booting", "ready"]);
  });
});
