// The offline box's latencies and throughput, each beside the machine's own process doing the same.
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { BoxLauncher, createBoxSandbox, type BoxSandbox } from "@/lib/sandbox/box/host";
import { cell, describeMachine, formatMs, markdownTable, ratio, writeSection } from "./report";
import { repeat, summarize, timed, type Summary } from "./stats";

const run = promisify(execFile);
const runs = 7;
const concurrencyWindowMs = 3000;
const concurrencyLevels = [1, 2, 4];

type Row = { what: string; box: Summary; host: Summary; hostLabel: string };

async function latency(what: string, box: BoxSandbox, command: string, host: [string, string[]]): Promise<Row> {
  const boxTimes = await repeat(runs, async () => {
    const { ms, value } = await timed(() => box.exec(command, { timeoutMs: 30_000 }));
    if (value.exitCode !== 0) throw new Error(`${command} failed in the box: ${value.stderr}`);
    return ms;
  });
  const hostTimes = await repeat(runs, async () => (await timed(() => run(host[0], host[1]))).ms);
  return { what, box: summarize(boxTimes), host: summarize(hostTimes), hostLabel: [host[0], ...host[1]].join(" ") };
}

/** A notebook cell (the agent's run_code in a session) beside the same code as a host `python3 -c`. */
async function notebookCell(box: BoxSandbox): Promise<Row> {
  const notebook = { id: "bench-session", replay: [] };
  await box.exec("python3 -c 'y = 2'", { notebook });
  const boxTimes = await repeat(runs, async () => {
    const { ms, value } = await timed(() => box.exec("python3 -c 'print(y * 3)'", { timeoutMs: 30_000, notebook }));
    if (value.stdout !== "6\n") throw new Error(`the notebook lost y: ${value.stdout}${value.stderr}`);
    return ms;
  });
  const hostTimes = await repeat(runs, async () => (await timed(() => run("python3", ["-c", "y = 2; print(y * 3)"]))).ms);
  return { what: "Python notebook cell `print(y * 3)` (y from an earlier cell)", box: summarize(boxTimes), host: summarize(hostTimes), hostLabel: "python3 -c y = 2; print(y * 3)" };
}

/** Commands per second with `n` boxes (or host processes) each running `echo` back to back. */
async function throughput(n: number, start: () => Promise<() => Promise<unknown>>): Promise<number> {
  const runners = await Promise.all(Array.from({ length: n }, start));
  let done = 0;
  const deadline = performance.now() + concurrencyWindowMs;
  await Promise.all(
    runners.map(async (once) => {
      while (performance.now() < deadline) {
        await once();
        done++;
      }
    }),
  );
  return done / (concurrencyWindowMs / 1000);
}

export async function runBoxBench(file: string): Promise<void> {
  // Cold starts are what is measured: no warm spare.
  const noSpare = new BoxLauncher({ keepSpare: false });
  execFileSync(process.execPath, ["scripts/build-box.mjs"], { stdio: "inherit" });
  const cold = await repeat(5, async () => {
    const { ms, value } = await timed(async () => {
      const box = await createBoxSandbox({ launcher: noSpare });
      await box.exec("true");
      return box;
    });
    await value.dispose();
    return ms;
  });
  const hostStart = await repeat(5, async () => (await timed(() => run(process.execPath, ["-e", ""]))).ms);

  // The first python3 of a box loads CPython; the runs after it find the interpreter warm.
  const pythonFirst = await repeat(5, async () => {
    const fresh = await createBoxSandbox({ launcher: noSpare });
    const { ms, value } = await timed(() => fresh.exec("python3 -c 'print(1+1)'", { timeoutMs: 30_000 }));
    await fresh.dispose();
    if (value.exitCode !== 0) throw new Error(`python3 failed in a new box: ${value.stderr}`);
    return ms;
  });
  const hostPython = await repeat(5, async () => (await timed(() => run("python3", ["-c", "print(1+1)"]))).ms);

  const box = await createBoxSandbox({ launcher: noSpare });
  const rows = [
    { what: "Cold start (new box → first command done)", box: summarize(cold), host: summarize(hostStart), hostLabel: "node -e ''" },
    await latency("Warm `echo hi`", box, "echo hi", ["bash", ["-c", "echo hi"]]),
    await latency("`node -e 'console.log(1+1)'`", box, "node -e 'console.log(1+1)'", [process.execPath, ["-e", "console.log(1+1)"]]),
    { what: "`python3 -c 'print(1+1)'`, first run in a new box", box: summarize(pythonFirst), host: summarize(hostPython), hostLabel: "python3 -c print(1+1)" },
    await latency("`python3 -c 'print(1+1)'`, warm interpreter", box, "python3 -c 'print(1+1)'", ["python3", ["-c", "print(1+1)"]]),
    await notebookCell(box),
  ];
  await box.dispose();

  const concurrency: string[][] = [];
  for (const n of concurrencyLevels) {
    const boxes: BoxSandbox[] = [];
    const ours = await throughput(n, async () => {
      const b = await createBoxSandbox({ launcher: noSpare });
      boxes.push(b);
      return () => b.exec("echo hi");
    });
    await Promise.all(boxes.map((b) => b.dispose()));
    const host = await throughput(n, async () => () => run("bash", ["-c", "echo hi"]));
    concurrency.push([String(n), ours.toFixed(0), host.toFixed(0), `${(ours / host).toFixed(2)}×`]);
  }

  const body = [
    `_${describeMachine()}_`,
    "",
    markdownTable(
      ["What", "Box: median (min–max)", "Host process: median (min–max)", "Box ÷ host", "Host reference"],
      rows.map((r) => [r.what, cell(r.box, formatMs), cell(r.host, formatMs), ratio(r.box, r.host), `\`${r.hostLabel}\``]),
    ),
    "",
    `Short commands sustained (\`echo hi\` back to back for ${concurrencyWindowMs / 1000} s per level; host: a new \`bash -c\` process each time):`,
    "",
    markdownTable(["Concurrent boxes / processes", "Box commands/s", "Host commands/s", "Box ÷ host"], concurrency),
    "",
    "- The box runs each command in its already-running child process (just-bash in memory); the host",
    "  reference starts a process per command, so warm box commands can beat it. `node` pays for a fresh",
    "  QuickJS instance per run; `python3` runs on the box's warm CPython-WASM interpreter (loaded by the",
    "  box's first run, cleaned after each run), so only a box's first run waits for CPython to load.",
    `- ${runs} runs after one warm-up per row (cold start: 5), medians with min–max.`,
  ].join("\n");
  writeSection(file, "Offline box: latency and throughput vs host processes", body);
  console.log(body);
}
