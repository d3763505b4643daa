import { spawn } from "node:child_process";
import path from "node:path";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { cpuTicks, isRunning } from "@/tests/fixtures/box-processes";

const root = path.resolve(import.meta.dirname, "../..");

/** Starts tests/fixtures/box-host.ts and resolves with the host and its box's pid once `command` printed. */
async function startHost(command: string) {
  // Through tsx, with the condition Next's server bundle uses.
  const host = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "tests/fixtures/box-host.ts", command], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  host.stdout.setEncoding("utf8");
  const boxPid = await new Promise<number>((resolve, reject) => {
    host.stdout.on("data", (chunk: string) => {
      output += chunk;
      const pid = /box (\d+)/.exec(output)?.[1];
      if (pid) resolve(Number(pid));
    });
    host.once("exit", (code) => reject(new Error(`the host exited (${code}) before its box ran: ${output}`)));
    setTimeout(() => reject(new Error("the host did not start its box in time")), 30_000);
  });
  return { host, boxPid };
}

/** Polls `check` until it holds or `withinMs` has passed; says whether it held. */
async function waitFor(check: () => boolean, withinMs: number): Promise<boolean> {
  const end = Date.now() + withinMs;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

describe("box processes die with their server", () => {
  it.each([
    ["a busy QuickJS loop", "node -e 'while (true) {}'"],
    ["a busy bash loop", "while true; do :; done"],
    ["a busy Python loop", "python3 -c 'while True: pass'"],
  ])("%s stops soon after the server is killed with SIGKILL", async (_name, command) => {
    const { host, boxPid } = await startHost(command);
    try {
      // The box is spinning: it keeps using CPU.
      const before = cpuTicks(boxPid);
      expect(await waitFor(() => cpuTicks(boxPid) > before + 10, 10_000)).toBe(true);
      // Kill the server the hard way: none of its cleanup code runs.
      host.kill("SIGKILL");
      await once(host, "exit");
      expect(await waitFor(() => !isRunning(boxPid), 10_000)).toBe(true);
    } finally {
      host.kill("SIGKILL");
      if (isRunning(boxPid)) process.kill(boxPid, "SIGKILL");
    }
  });
});
