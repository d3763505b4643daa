import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BoxSandbox } from "@/lib/sandbox/box/host";
import { boxNodeFlags, findRuntimeFiles } from "@/lib/sandbox/box/host/runtime-files";
import { boxFactory } from "@/tests/fixtures/box-helpers";
import { deadlineOf, hostileCases, type Targets } from "@/tests/fixtures/box-hostile";

const secret = `box-escape-secret-${Math.random().toString(36).slice(2)}`;
const hostDir = mkdtempSync(path.join(tmpdir(), "box-escape-"));
const secretFile = path.join(hostDir, "secret.txt");
writeFileSync(secretFile, secret);
process.env.BOX_ESCAPE_SECRET = secret;

const boxes = boxFactory();
let server: Server;
let connections = 0;
let bystander: BoxSandbox;
let maxLag = 0;
let lagTimer: NodeJS.Timeout;
const targets: Targets = { secret, secretFile, port: 0 };

beforeAll(async () => {
  server = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  targets.port = (server.address() as { port: number }).port;
  bystander = await boxes.start({ files: [{ path: "data.txt", kind: "file", content: "bystander data\n" }] });
  // The host's event loop must keep turning while boxes misbehave.
  let last = Date.now();
  lagTimer = setInterval(() => {
    maxLag = Math.max(maxLag, Date.now() - last - 50);
    last = Date.now();
  }, 50);
});

afterAll(async () => {
  clearInterval(lagTimer);
  await boxes.close();
  await new Promise((resolve) => server.close(resolve));
  rmSync(hostDir, { recursive: true, force: true });
  delete process.env.BOX_ESCAPE_SECRET;
  expect(connections).toBe(0);
  expect(maxLag).toBeLessThan(2000);
});

// Names only: the port is known once the server listens, so each test builds its case again.
const cases = hostileCases(targets);
// Cases with default limits share one box, each in its own folder; the rest get a box of their own.
let shared: BoxSandbox;
beforeAll(async () => {
  shared = await boxes.start();
});

describe.concurrent("hostile programs", () => {
  it.each(cases.map((c, i) => [c.name, i] as const))("%s", async (_name, index) => {
    const program = hostileCases(targets)[index]!;
    const own = program.limits !== undefined || program.isolated === true;
    const attacker = own ? await boxes.start({ limits: program.limits }) : shared;
    const dir = `case-${index}`;
    await attacker.mkdir(dir);
    for (const [file, content] of Object.entries(program.files ?? {})) await attacker.writeFile(`${dir}/${file}`, content);
    const neighbour = bystander.exec("for i in 1 2 3; do cat data.txt; sleep 0.2; done");

    const started = Date.now();
    const result = await attacker.exec(program.command, { cwd: dir });
    const elapsed = Date.now() - started;

    program.check(result);
    expect(elapsed).toBeLessThan(deadlineOf(program));
    expect(result.stdout + result.stderr).not.toContain(secret);
    expect(connections).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // The box itself is usable afterwards (restarted if it had to be killed) ...
    const after = await attacker.exec("echo still here");
    expect(after).toMatchObject({ exitCode: 0, stdout: "still here\n" });
    // ... and the box next door never noticed.
    expect(await neighbour).toMatchObject({ exitCode: 0, stdout: "bystander data\n".repeat(3) });
    if (own) await attacker.dispose();
  });
});

it("has at least 30 hostile programs in bash, node and python", () => {
  expect(cases.length).toBeGreaterThanOrEqual(30);
  for (const language of ["bash", "node", "python"]) expect(cases.filter((c) => c.name.startsWith(language)).length).toBeGreaterThanOrEqual(8);
});

describe("the box process", () => {
  it("runs under Node's permission model with a scrubbed environment", async () => {
    const box = await boxes.start();
    const pid = box.processId!;
    const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    expect(args).toEqual(expect.arrayContaining(["--experimental-permission", "--allow-worker", "--disable-proto=throw"]));
    expect(args.filter((a) => /^--allow-(fs-write|child-process|addons|wasi)/.test(a))).toEqual([]);
    // The runtime's packages, and its own /proc stat (to notice that its server is gone).
    for (const readable of args.filter((a) => a.startsWith("--allow-fs-read=")))
      expect(readable).toMatch(/\/node_modules\/[^/]+(\/[^/]+)*$|^--allow-fs-read=\/proc\/self\/stat$/);
    const env = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").filter(Boolean);
    expect(env.every((entry) => entry.startsWith("NODE_CHANNEL_"))).toBe(true);
    // Below the server's CPU priority (nice 10).
    expect(Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")[16])).toBe(10);
  });

  it("is denied writes, processes and reads outside the runtime even if the runtime were subverted", () => {
    const probe = [
      "const fs = require('fs');",
      "const tries = {",
      `  write: () => fs.writeFileSync(${JSON.stringify(path.join(hostDir, "written"))}, 'x'),`,
      `  read: () => fs.readFileSync(${JSON.stringify(secretFile)}),`,
      "  passwd: () => fs.readFileSync('/etc/passwd'),",
      "  spawn: () => require('child_process').spawnSync('id'),",
      "};",
      "for (const [name, run] of Object.entries(tries)) { try { run(); console.log(name, 'ALLOWED') } catch (e) { console.log(name, e.code) } }",
    ].join("\n");
    const result = spawnSync(process.execPath, [...boxNodeFlags(findRuntimeFiles(), { heapMb: 64 }), "-e", probe], { encoding: "utf8", env: {} as NodeJS.ProcessEnv });
    expect(result.stdout).toBe("write ERR_ACCESS_DENIED\nread ERR_ACCESS_DENIED\npasswd ERR_ACCESS_DENIED\nspawn ERR_ACCESS_DENIED\n");
  });
});
