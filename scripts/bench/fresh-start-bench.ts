// A fresh clone reaching a usable IDE with the README's first command (`npm ci … && npm start`) in a
// clone of HEAD until GET /sign-in answers 200, against `next build && next start` of a blank Next.js
// app on the same node_modules in the same run. Memory is read from /proc while the commands run.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { z } from "zod";
import { cell, describeMachine, formatBytes, formatMs, markdownTable, ratio, writeSection } from "./report";
import { freePort } from "./free-port";
import { summarize, type Summary } from "./stats";

export const freshStartHeading = "Fresh clone → usable IDE: the README's first command vs a blank Next.js app";
/** Our issue's goals: the whole command within 90 s (median), next build's peak within 2 GB (any run). */
const goals = { totalMs: 90_000, buildPeakBytes: 2_000_000_000 };
const sampleEveryMs = 200;
const pollEveryMs = 250;
const answerDeadlineMs = 5 * 60_000;
const installDeadlineMs = 10 * 60_000;
const optionsSchema = z.object({ runs: z.number().int().min(1).max(20).default(5) });

type Peaks = { treeBytes: number; buildBytes: number | null };
type Phase = { ms: number; compileMs: number | null; peaks: Peaks };
type Run = { ciMs: number; ours: Phase; blank: Phase };
type PhaseSummary = { ms: Summary; compileMs: Summary | null; treePeakBytes: Summary; buildPeakBytes: Summary | null };
export type FreshStartResult = {
  runs: number;
  commit: string;
  /** The working tree differed from HEAD when measured; the clone holds HEAD only. */
  uncommitted: boolean;
  /** The README's install command, as run (`npm ci --omit=dev`). */
  install: string;
  /** The install, and `npm start` → /sign-in 200 (`ms`); `totalMs` is the two together. */
  ours: PhaseSummary & { ciMs: Summary; totalMs: Summary };
  /** The blank app's `next build`, then `next start` → / 200. */
  blank: PhaseSummary;
};

/**
 * Clones HEAD `runs` times (default 5, as every bench here: one run takes over a minute) and measures the README's
 * `npm ci … && npm start` beside a blank Next.js app's build and start; writes its section.
 */
export async function runFreshStartBench(benchmarksFile: string, options?: { runs?: number }): Promise<FreshStartResult | string> {
  const machine = describeMachine();
  let result: FreshStartResult | string;
  try {
    result = await measureFreshStart(optionsSchema.parse(options ?? {}).runs);
  } catch (error) {
    console.error("Fresh start benchmark failed:", error);
    result = error instanceof Error ? error.message.split("\n")[0]! : String(error);
  }
  const body = section(machine, result);
  console.log(`\n## ${freshStartHeading}\n${body}`);
  writeSection(benchmarksFile, freshStartHeading, body);
  return result;
}

/**
 * The install of the README's quick start, its first command being `npm ci [flags] && npm start`:
 * the bench runs what a new user is told to run.
 */
function quickStartInstall(root: string): string[] {
  const first = /```bash\n(.*)\n```/.exec(readFileSync(path.join(root, "README.md"), "utf8"))?.[1]?.trim();
  const install = first && /^npm (ci(?: [^&]+)?) && npm start$/.exec(first)?.[1];
  if (!install) throw new Error(`README.md's first command is \`${first ?? "(none)"}\`; this bench runs \`npm ci [flags] && npm start\` and needs updating`);
  return install.trim().split(/\s+/);
}

async function measureFreshStart(runs: number): Promise<FreshStartResult> {
  const root = process.cwd();
  const install = quickStartInstall(root);
  const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();
  const commit = git("rev-parse", "--short", "HEAD");
  // BENCHMARKS.md excepted: the other benches of the same run write it first.
  const uncommitted = git("status", "--porcelain", "--", ".", ":!BENCHMARKS.md") !== "";
  const measured: Run[] = [];
  for (let run = 0; run < runs; run++) {
    const label = `  Fresh start: run ${run + 1}/${runs}`;
    console.log(`${label} …`);
    const work = await mkdtemp(path.join(tmpdir(), "fresh-start-bench-"));
    try {
      const repo = path.join(work, "repo");
      // --no-local: copy objects as a clone over the network would, not hard-link them.
      execFileSync("git", ["clone", "-q", "--no-local", root, repo]);
      const ours = await measureOurs(repo, install);
      console.log(`${label}: npm ${install.join(" ")} ${formatMs(ours.ciMs)}, npm start → /sign-in ${formatMs(ours.ms)}; blank app …`);
      const blank = await measureBlank(work, repo);
      console.log(`${label}: blank app build + start ${formatMs(blank.ms)}`);
      measured.push({ ciMs: ours.ciMs, ours, blank });
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
  const phase = (pick: (r: Run) => Phase): PhaseSummary => ({
    ms: summarize(measured.map((r) => pick(r).ms)),
    compileMs: summarizeFound(measured.map((r) => pick(r).compileMs)),
    treePeakBytes: summarize(measured.map((r) => pick(r).peaks.treeBytes)),
    buildPeakBytes: summarizeFound(measured.map((r) => pick(r).peaks.buildBytes)),
  });
  return {
    runs,
    commit,
    uncommitted,
    install: `npm ${install.join(" ")}`,
    ours: { ...phase((r) => r.ours), ciMs: summarize(measured.map((r) => r.ciMs)), totalMs: summarize(measured.map((r) => r.ciMs + r.ours.ms)) },
    blank: phase((r) => r.blank),
  };
}

/** Runs in which a figure was not found (no "Compiled successfully" line) are left out. */
function summarizeFound(values: (number | null)[]): Summary | null {
  const found = values.filter((v): v is number => v !== null);
  return found.length ? summarize(found) : null;
}

async function measureOurs(repo: string, install: string[]): Promise<Phase & { ciMs: number }> {
  const env = freshShellEnv();
  const ci = await timedChild("npm", install, { cwd: repo, env }, (child) => waitForExit(child, `npm ${install.join(" ")}`, installDeadlineMs));
  const port = await freePort();
  const start = await timedChild("npm", ["start"], { cwd: repo, env: { ...env, PORT: String(port) } }, (child) =>
    waitForAnswer(`http://localhost:${port}/sign-in`, child, "npm start"),
  );
  return {
    ciMs: ci.ms,
    ms: start.ms,
    compileMs: compiledMs(start.output),
    peaks: { treeBytes: Math.max(ci.peaks.treeBytes, start.peaks.treeBytes), buildBytes: start.peaks.buildBytes },
  };
}

async function measureBlank(work: string, repo: string): Promise<Phase> {
  const app = path.join(work, "blank");
  await writeBlankApp(app, work, repo);
  const env = freshShellEnv();
  const next = path.join(repo, "node_modules/next/dist/bin/next");
  const build = await timedChild(process.execPath, [next, "build"], { cwd: app, env }, (child) => waitForExit(child, "the blank app's next build", installDeadlineMs));
  const port = await freePort();
  const start = await timedChild(process.execPath, [next, "start", "-p", String(port)], { cwd: app, env }, (child) =>
    waitForAnswer(`http://localhost:${port}/`, child, "the blank app's next start"),
  );
  return {
    ms: build.ms + start.ms,
    compileMs: compiledMs(build.output),
    peaks: { treeBytes: Math.max(build.peaks.treeBytes, start.peaks.treeBytes), buildBytes: build.peaks.buildBytes },
  };
}

/**
 * create-next-app's App Router page, minus styles. Plain .jsx: from .tsx files next build writes a
 * tsconfig.json and type-checks. Turbopack compiles nothing outside its root, so the root is the
 * folder that holds this app and the clone whose node_modules it links to.
 */
async function writeBlankApp(app: string, root: string, repo: string) {
  await mkdir(path.join(app, "app"), { recursive: true });
  await symlink(path.join(repo, "node_modules"), path.join(app, "node_modules"), "dir");
  await writeFile(path.join(app, "package.json"), `{"private":true}\n`);
  await writeFile(path.join(app, "next.config.mjs"), `export default { turbopack: { root: ${JSON.stringify(root)} } };\n`);
  await writeFile(path.join(app, "app/layout.jsx"), `export default function RootLayout({ children }) {\n  return (\n    <html lang="en">\n      <body>{children}</body>\n    </html>\n  );\n}\n`);
  await writeFile(path.join(app, "app/page.jsx"), `export default function Page() {\n  return <p>Hello, world.</p>;\n}\n`);
}

/**
 * A shell on a fresh machine: no database (the app then opens embedded PGlite in the clone's .data/;
 * the storage benchmark points DATABASE_URL at its Postgres), no keys, no settings of ours, and none
 * of the state `npm run bench` passes its scripts (npm_config_local_prefix names this checkout).
 * npm's own configuration (npm_config_*, read from .npmrc) stays.
 */
function freshShellEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  const dropped = ["DATABASE_URL", "PGLITE_DIR", "BETTER_AUTH_SECRET", "BETTER_AUTH_URL", "NODE_ENV", "PORT", "HOSTNAME", "INIT_CWD", "npm_config_local_prefix", "npm_config_call"];
  for (const key of Object.keys(env)) {
    if (dropped.includes(key) || /^npm_(package|lifecycle)_/.test(key) || ["npm_command", "npm_execpath", "npm_node_execpath"].includes(key)) delete env[key];
  }
  return env;
}

/** "✓ Compiled successfully in 25.3s" from next build's output, in milliseconds. */
function compiledMs(output: string): number | null {
  const match = /Compiled successfully in ([\d.]+)\s*(ms|s|min)\b/.exec(output.replace(/\x1b\[[\d;]*m/g, ""));
  if (!match) return null;
  return Number(match[1]) * { ms: 1, s: 1_000, min: 60_000 }[match[2] as "ms" | "s" | "min"];
}

type Child = { process: ChildProcess; exited: Promise<number | null>; output: () => string; stop: () => Promise<void> };

/** Starts a command, times it until `until` resolves while sampling its memory, then stops its whole tree. */
async function timedChild(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
  until: (child: Child) => Promise<void>,
): Promise<{ ms: number; peaks: Peaks; output: string }> {
  const started = performance.now();
  const child = startChild(command, args, options);
  const memory = watchMemory(child.process.pid);
  try {
    await until(child);
    return { ms: performance.now() - started, peaks: memory.stop(), output: child.output() };
  } finally {
    memory.stop();
    await child.stop();
  }
}

function startChild(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Child {
  // Its own process group, so stopping it also stops npm's shells, next build's workers and the server.
  const child = spawn(command, args, { ...options, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const append = (chunk: Buffer) => (output += chunk.toString());
  child.stdout!.on("data", append);
  child.stderr!.on("data", append);
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.once("error", (error) => {
      output += `\n${error.message}`;
      resolve(null);
    });
  });
  const pgid = child.pid;
  const signal = (name: NodeJS.Signals) => {
    try {
      if (pgid !== undefined) process.kill(-pgid, name);
    } catch {
      // The group is gone.
    }
  };
  // A detached group outlives a crash of this script unless killed here.
  const killOnExit = () => signal("SIGKILL");
  process.once("exit", killOnExit);
  return {
    process: child,
    exited,
    output: () => output,
    async stop() {
      process.off("exit", killOnExit);
      if (pgid === undefined) return;
      signal("SIGTERM");
      if (await groupGone(pgid, 5_000)) return;
      signal("SIGKILL");
      await groupGone(pgid, 5_000);
    },
  };
}

async function groupGone(pgid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  // Zombies stay in the group until their parent reaps them; they hold no memory.
  while (listProcesses().some((p) => p.pgid === pgid && p.state !== "Z")) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

const lastLines = (child: Child) => `\nLast output:\n${child.output().split("\n").slice(-40).join("\n")}`;

async function waitForExit(child: Child, what: string, deadlineMs: number) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), deadlineMs)));
  const code = await Promise.race([child.exited, timeout]).finally(() => clearTimeout(timer));
  if (code === "timeout") throw new Error(`${what} did not finish within ${deadlineMs / 1000} s${lastLines(child)}`);
  if (code !== 0) throw new Error(`${what} failed (exit code ${code})${lastLines(child)}`);
}

async function waitForAnswer(url: string, child: Child, what: string) {
  const deadline = Date.now() + answerDeadlineMs;
  let exited = false;
  void child.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${what} exited (code ${await child.exited}) before ${url} answered 200${lastLines(child)}`);
    const status = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(60_000) }).then(
      async (res) => (await res.arrayBuffer(), res.status),
      () => 0,
    );
    if (status === 200) return;
    await sleep(pollEveryMs);
  }
  throw new Error(`${what}: ${url} did not answer 200 within ${answerDeadlineMs / 1000} s${lastLines(child)}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const readOrNull = (file: string) => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null; // The process exited between listing and reading.
  }
};

/** Every process's parent, group and state, from /proc/<pid>/stat (its name may hold spaces and parentheses). */
function listProcesses(): { pid: number; ppid: number; pgid: number; state: string }[] {
  return readdirSync("/proc").flatMap((name) => {
    const stat = /^\d+$/.test(name) ? readOrNull(`/proc/${name}/stat`) : null;
    if (!stat) return [];
    const [state, ppid, pgid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return [{ pid: Number(name), ppid: Number(ppid), pgid: Number(pgid), state: state! }];
  });
}

/** The process, its descendants, and its group (which keeps processes whose parent has exited). */
function processTree(rootPid: number): number[] {
  const processes = listProcesses();
  const childrenByParent = new Map<number, number[]>();
  for (const p of processes) childrenByParent.set(p.ppid, [...(childrenByParent.get(p.ppid) ?? []), p.pid]);
  const tree = new Set([rootPid, ...processes.filter((p) => p.pgid === rootPid).map((p) => p.pid)]);
  const queue = [...tree];
  for (let i = 0; i < queue.length; i++) {
    for (const child of childrenByParent.get(queue[i]!) ?? []) {
      if (tree.has(child)) continue;
      tree.add(child);
      queue.push(child);
    }
  }
  return [...tree];
}

/** next build's own process: titled `next-build (v16…)` once it runs, `node …/next build` before. */
function isNextBuild(pid: number): boolean {
  if ((readOrNull(`/proc/${pid}/comm`) ?? "").startsWith("next-build")) return true;
  const argv = (readOrNull(`/proc/${pid}/cmdline`) ?? "").split("\0");
  return argv.some((arg, i) => /(^|\/)next$/.test(arg) && argv[i + 1] === "build");
}

const statusBytes = (status: string, field: "VmRSS" | "VmHWM") => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) * 1024;

/**
 * Every 200 ms: RSS summed over the process tree (shared pages count once per process), and the
 * high-water mark the kernel keeps for next build's process, which misses no peak between samples.
 */
function watchMemory(rootPid: number | undefined) {
  const peaks: Peaks = { treeBytes: 0, buildBytes: null };
  const sample = () => {
    if (rootPid === undefined) return;
    let sum = 0;
    for (const pid of processTree(rootPid)) {
      const status = readOrNull(`/proc/${pid}/status`);
      if (!status) continue;
      sum += statusBytes(status, "VmRSS");
      if (isNextBuild(pid)) peaks.buildBytes = Math.max(peaks.buildBytes ?? 0, statusBytes(status, "VmHWM"));
    }
    peaks.treeBytes = Math.max(peaks.treeBytes, sum);
  };
  sample();
  const timer = setInterval(sample, sampleEveryMs);
  let stopped = false;
  return {
    stop: () => {
      if (!stopped) sample();
      stopped = true;
      clearInterval(timer);
      return peaks;
    },
  };
}

const met = (ok: boolean) => (ok ? "**met**" : "**not met**");

function section(machine: string, r: FreshStartResult | string): string {
  if (typeof r === "string") return `_${machine}_\n\nNot measured: ${r}\n`;
  const { ours, blank } = r;
  const time = (s: Summary | null) => (s ? cell(s, formatMs) : "not in the output");
  const bytes = (s: Summary | null) => (s ? cell(s, formatBytes) : "not seen");
  const both = (a: Summary | null, b: Summary | null) => (a && b ? ratio(a, b) : "");
  const buildPeak = ours.buildPeakBytes?.max;
  return `
_${machine}_

HEAD ${r.commit}, cloned afresh for each of ${r.runs} run${r.runs === 1 ? "" : "s"}${r.runs < 5 ? " (one takes over a minute, hence fewer than the usual five)" : ""};
no warm-up: a fresh clone is cold by nature.${r.uncommitted ? " The working tree had uncommitted changes; they are not measured." : " Uncommitted changes would not be measured."}

${markdownTable(
  ["What", "Ours: median (min–max)", "Blank Next.js app: median (min–max)", "Ours ÷ blank"],
  [
    [`Total (clone excluded): \`${r.install} && npm start\` → /sign-in 200`, time(ours.totalMs), "", ""],
    [`\`${r.install}\``, time(ours.ciMs), "", ""],
    ["Build + start → answering (ours `npm start` → /sign-in 200; blank `next build`, `next start` → / 200)", time(ours.ms), time(blank.ms), ratio(ours.ms, blank.ms)],
    ["`next build` compiling (its \"Compiled successfully in\")", time(ours.compileMs), time(blank.compileMs), both(ours.compileMs, blank.compileMs)],
    ["Peak RSS of the whole process tree", bytes(ours.treePeakBytes), bytes(blank.treePeakBytes), ratio(ours.treePeakBytes, blank.treePeakBytes)],
    ["Peak RSS of next build's process", bytes(ours.buildPeakBytes), bytes(blank.buildPeakBytes), both(ours.buildPeakBytes, blank.buildPeakBytes)],
  ],
)}

- **Ours** – \`git clone -q --no-local\` of this repository's HEAD into a temporary folder (not timed),
  then \`${r.install}\` (the README's install: what the IDE needs to build and run, not the test tools; npm's
  cache was warm, as on a machine that has installed before), then \`npm start\`
  (prisma generate, the box build, Monaco's workers, \`next build\`, the server build, the server) with
  PORT set, until \`GET /sign-in\` answers 200 (polled every ${pollEveryMs} ms). The environment is a fresh
  shell's: no DATABASE_URL (the app opens embedded PGlite), no auth secret, NEXT_TELEMETRY_DISABLED=1.
- **Blank Next.js app** – an App Router layout and page (.jsx, no styles) in a folder whose node_modules
  links to the clone's; \`next build\`, then \`next start\` until \`/\` answers 200. Build and start only: its
  install would be the same packages as ours.
- **Memory** from /proc every ${sampleEveryMs} ms: VmRSS summed over the command's process tree (npm, its
  shells, next build and its workers, the server; pages shared between processes count once per process),
  the maximum over the run; and the VmHWM of next build's own process (its workers excluded), the kernel's
  exact high-water mark, read until the last sample before it exits.
- **Goals** (our issue): total ≤ ${formatMs(goals.totalMs)} (median): ${formatMs(ours.totalMs.median)}, ${met(ours.totalMs.median <= goals.totalMs)};
  next build's peak ≤ 2 GB (${formatBytes(goals.buildPeakBytes)}, the highest run): ${buildPeak === undefined ? "not seen, **not met**" : `${formatBytes(buildPeak)}, ${met(buildPeak <= goals.buildPeakBytes)}`}.
`;
}
