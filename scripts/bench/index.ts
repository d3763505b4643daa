// npm run bench – storage (save, full load) against git, the IDE's load against a blank page, the
// offline box against host processes, and the agent loop; writes BENCHMARKS.md
// Run only some: npm run bench -- agent box (names: storage, ide, box, agent, snapshot-read, http-save, fork, transfer, history, fresh-start; none = all)
// The IDE load beside bolt.diy's (served apart from this repository): npm run bench -- ide --bolt-url=http://127.0.0.1:5173/
// [--bolt-chat=<a chat in bolt.diy's export format>] (default scripts/bench/bolt-chat.json); without a URL, beside the blank page only.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { adminDatabaseUrl, withThrowawayDatabase } from "../lib/throwaway-database";
import { runAgentBench } from "./agent-bench";
import { runBoxBench } from "./box-bench";
import { runForkBench } from "./fork-bench";
import { runFreshStartBench } from "./fresh-start-bench";
import { runHistoryBench } from "./history-bench";
import { runHttpSaveBench } from "./http-save-bench";
import { runIdeLoadBench, settleCapMs, type IdeLoadResult, type PageLoad, type ReferencePage } from "./ide-load-bench";
import type { Summary } from "./stats";
import { cell, describeMachine, formatBytes, formatCount, formatMs, markdownTable, ratio, writeSection } from "./report";
import type { StorageResult } from "./storage-bench";
import { projectShape } from "./generate-project";
import { runInChild } from "./run-in-child";
import { runSnapshotReadBench } from "./snapshot-read-bench";
import { runTransferBench } from "./transfer-bench";

const saveRuns = 9;
const loadRuns = 5;
const childFlag = "--storage-child";
const root = process.cwd();
const benchNames = ["storage", "ide", "box", "agent", "snapshot-read", "http-save", "fork", "transfer", "history", "fresh-start"];
const cli = parseArgs({
  args: process.argv[2] === childFlag ? [] : process.argv.slice(2),
  allowPositionals: true,
  options: { "bolt-url": { type: "string" }, "bolt-chat": { type: "string", default: path.join(import.meta.dirname, "bolt-chat.json") } },
});
/** Benchmarks named on the command line (`npm run bench -- agent`); none named runs them all. */
const selected = cli.positionals;
const wanted = (name: string) => selected.length === 0 || selected.includes(name);
const boltUrl = z.url({ protocol: /^https?$/, error: "--bolt-url must be an http(s) URL of a running bolt.diy page" }).optional().parse(cli.values["bolt-url"]);
const bolt: ReferencePage | undefined = boltUrl ? { url: boltUrl, chatFile: path.resolve(cli.values["bolt-chat"]) } : undefined;

/** Runs the storage benchmark in this process's database and leaves its result in a file. */
async function storageChild(outFile: string) {
  const { runStorageBench } = await import("./storage-bench");
  const result = await runStorageBench({ saveRuns, loadRuns });
  await writeFile(outFile, JSON.stringify(result));
  const { getDatabase } = await import("@/lib/db/client");
  await (await getDatabase()).close();
}

/**
 * The storage benchmark against real Postgres, in a throwaway database. DATABASE_URL is set before
 * lib/db/client first opens the database (it reads the environment then, once per process).
 */
function onPostgres(): Promise<StorageResult> {
  return withThrowawayDatabase({
    adminUrl: adminDatabaseUrl(),
    name: `bench_${process.pid}_${Date.now()}`,
    run: async (databaseUrl) => {
      process.env.DATABASE_URL = databaseUrl;
      const { runStorageBench } = await import("./storage-bench");
      const result = await runStorageBench({ saveRuns, loadRuns });
      const { getDatabase } = await import("@/lib/db/client");
      await (await getDatabase()).close();
      return result;
    },
  });
}

/** PGlite in a child process: the database is a per-process singleton, already Postgres here. */
const onPglite = () =>
  runInChild<StorageResult>({ script: "scripts/bench/index.ts", flag: childFlag, env: { DATABASE_URL: "", PGLITE_DIR: "memory://" }, what: "PGlite benchmark" });

/** A failed part is reported in its table instead of stopping the other benchmarks. */
async function attempt<T>(label: string, run: () => Promise<T>): Promise<T | string> {
  try {
    return await run();
  } catch (error) {
    console.error(`${label} failed:`, error);
    return error instanceof Error ? error.message.split("\n")[0]! : String(error);
  }
}

const measuredCompressed = (results: [string, StorageResult | string][]) =>
  results.map(([label, r]) => (typeof r === "string" ? `${label}: not measured` : `${label}: ${r.disk.compressed}`)).join(", ");

function storageSection(machine: string, results: [string, StorageResult | string][]): string {
  const rows = results.flatMap(([label, r]) => {
    if (typeof r === "string") return [[label, `not measured: ${r}`, "", "", ""]];
    const { save, load } = r;
    return [
      [label, "Save one changed file (time)", cell(save.ms.ours, formatMs), cell(save.ms.git, formatMs), ratio(save.ms.ours, save.ms.git)],
      [label, "Save: rows inserted / objects written", `${cell(save.rows.ours, formatCount)} (${save.kinds.ours})`, `${cell(save.rows.git, formatCount)} (${save.kinds.git})`, ratio(save.rows.ours, save.rows.git)],
      [label, "Save: object bytes written (uncompressed)", cell(save.bytes.ours, formatBytes), cell(save.bytes.git, formatBytes), ratio(save.bytes.ours, save.bytes.git)],
      [label, "Full load: list + read every file", cell(load.ms.ours, formatMs), cell(load.ms.git, formatMs), ratio(load.ms.ours, load.ms.git)],
      [label, `Storage after the import + ${r.disk.saves} saves, vs loose objects`, formatBytes(r.disk.ours), formatBytes(r.disk.gitLoose), `${(r.disk.ours / r.disk.gitLoose).toFixed(2)}×`],
      [label, `Storage after the import + ${r.disk.saves} saves and our collector, vs \`git gc\``, formatBytes(r.disk.oursCollected), formatBytes(r.disk.gitPacked), `${(r.disk.oursCollected / r.disk.gitPacked).toFixed(2)}×`],
    ];
  });
  const measured = results.map(([, r]) => r).filter((r): r is StorageResult => typeof r !== "string");
  const first = measured[0];
  const imports = results
    .flatMap(([label, r]) => (typeof r === "string" ? [] : [`${label} ours ${formatMs(r.importMs.ours)}, git ${formatMs(r.importMs.git)}`]))
    .join("; ");
  return `
_${machine}_

Project: ${first ? `${formatCount(first.project.files)} files, ${formatBytes(first.project.bytes)}` : "2,000 files"}; three levels of folders
(${projectShape.fanOut}×${projectShape.fanOut}×${projectShape.fanOut}), ${projectShape.minBytes / 1024}–${projectShape.maxBytes / 1024} KiB text files, seed ${projectShape.seed}. ${saveRuns} saves (a different file each), ${loadRuns} loads.

${markdownTable(["Database", "What", "Ours: median (min–max)", "git: median (min–max)", "Ours ÷ git"], rows)}

${measured.map((r) => `- ${r.database}`).join("\n")}
- **Save** – ours: \`saveChanges\` (lib/snapshots/save.ts) of one write based on the head, in-process (no HTTP);
  rows are \`objects\` + \`snapshots\` inserts (count deltas), bytes the \`size\` of the new objects.
  git: \`git add -A && git commit -q\` in a shell, in a repo of the same files; objects are the new loose
  objects, bytes their uncompressed content size (\`git cat-file --batch-check\`).
- **Full load** – ours: \`listFiles\` of the head snapshot, then every blob through \`getObjectsByHash\` in
  batches of 200, bytes into memory; decoded trees stay cached after the warm-up, as in a running
  server, but inflated packs do not (each load reads and inflates them from the database). git: \`git checkout HEAD -- .\` into an empty folder with its own index (files written to disk).
  Both read the same ${first ? formatBytes(first.load.bytes) : "bytes"}.
- **Storage** – after the timed saves, untimed ones up to ${first?.disk.saves ?? 100} (the same edits on both sides); ours:
  \`pg_total_relation_size\` of \`objects\`, \`object_packs\` and \`snapshots\` (heap, TOAST, indexes; the
  import is stored in packs of ~512 kB deflated as one stream, each save's file and folders as deltas
  against what they replaced, or whole when that was in a pack not in memory, lib/db/queries/object-codec.ts),
  git: the bytes under \`.git/objects\`, loose; then ours after our collector (\`collectGarbage\`, nothing old
  enough to delete; it compressed ${measuredCompressed(results)} objects saves had stored whole) against git after \`git gc -q\` (packed, with deltas).
- One-off import of the whole project (single run, for context): ${imports || "n/a"}.
`;
}

function ideSection(machine: string, r: IdeLoadResult | string): string {
  if (typeof r === "string") return `_${machine}_\n\nNot measured: ${r}\n`;
  const { ide, blank, dashboard, reference } = r;
  const withRequests = (bytes: Summary, requests: Summary) => `${cell(bytes, formatBytes)}, ${cell(requests, formatCount)} requests`;
  // A page still downloading when the wait ends: its figures are lower bounds.
  const atLeast = (load: PageLoad) => (load.settledCapped ? "≥ " : "");
  const settled = (load: PageLoad) =>
    `${atLeast(load)}${withRequests(load.settledBytes, load.settledRequests)}${load.settledCapped ? ` (${load.settledCapped} of ${load.ms.runs} runs still loading ${settleCapMs / 1000} s after ready)` : ""}`;
  const scripts = (load: PageLoad) => withRequests(load.script.bytes, load.script.requests);
  const settledScripts = (load: PageLoad) => `${atLeast(load)}${withRequests(load.script.settledBytes, load.script.settledRequests)}`;
  // One row: what, ours, the blank page's, ours ÷ blank, and with --bolt-url bolt.diy's and ours ÷ bolt.diy.
  const row = (what: string, cells: [string, string, string], boltCells: [string, string] | null = null) => [what, ...cells, ...(reference ? (boltCells ?? ["", ""]) : [])];
  const time = (s: Summary) => cell(s, formatMs);
  const boltName = reference ? `bolt.diy (${reference.url})` : "";
  return `
_${machine} · ${r.browser}_

The production build (\`next start\`, embedded PGlite) serving a project of ${formatCount(r.project.files)} files (${formatBytes(r.project.bytes)}),
imported through the API. Each run is a cold load: a fresh browser context (empty cache) holding only
the session cookie. ${ide.ms.runs} runs after one warm-up; the blank page, the IDE and the dashboard${reference ? ` and ${boltName}` : ""} take turns within each run.
Build measured: ${r.builtAt.toISOString().slice(0, 16).replace("T", " ")} UTC${r.build ? ` (built by the bench: ${r.build})` : " (an existing build is reused; run \`npm run build\` first to measure current code)"}.

${markdownTable(
  ["What", "IDE: median (min–max)", "Blank page: median (min–max)", "IDE ÷ blank", ...(reference ? ["bolt.diy: median (min–max)", "IDE ÷ bolt.diy"] : [])],
  [
    row("Navigation → ready: the file opened from the tree, shown, editable", [time(ide.ms), time(blank.ms), ratio(ide.ms, blank.ms)]),
    row(
      "Returning (the earlier visit's state kept, HTTP cache emptied): navigation → the file shown (bolt.diy: its editor visible)",
      [time(ide.returningMs), time(blank.ms), ratio(ide.returningMs, blank.ms)],
      reference && [time(reference.returningMs), ratio(ide.returningMs, reference.returningMs)],
    ),
    row("Returning: navigation → the file editable", [time(ide.returningEditableMs), time(blank.ms), ratio(ide.returningEditableMs, blank.ms)]),
    row("Navigation → IDE hydrated", [time(ide.hydratedMs), time(blank.ms), ratio(ide.hydratedMs, blank.ms)]),
    row("Navigation → the agent's input usable (bolt.diy: its prompt box shown)", [time(ide.chatMs), time(blank.ms), ratio(ide.chatMs, blank.ms)], reference && [time(reference.ms), ratio(ide.chatMs, reference.ms)]),
    row("Navigation → terminal prompt", [time(ide.terminalPromptMs), time(blank.ms), ratio(ide.terminalPromptMs, blank.ms)]),
    row("Main-thread JS (gzip) by ready", [scripts(ide), scripts(blank), ratio(ide.script.bytes, blank.script.bytes)], reference && [scripts(reference), ratio(ide.script.bytes, reference.script.bytes)]),
    row(
      "Main-thread JS (gzip) once the page is quiet",
      [settledScripts(ide), settledScripts(blank), `${atLeast(ide)}${ratio(ide.script.settledBytes, blank.script.settledBytes)}`],
      reference && [settledScripts(reference), ratio(ide.script.settledBytes, reference.script.settledBytes)],
    ),
    row("First click in the file → Monaco shows it (completion, diagnostics)", [time(ide.monacoMs), time(blank.ms), ratio(ide.monacoMs, blank.ms)]),
    row(
      "Main-thread JS (gzip) once quiet after that click (Monaco in)",
      [withRequests(ide.engaged.scriptBytes, ide.engaged.scriptRequests), settledScripts(blank), ratio(ide.engaged.scriptBytes, blank.script.settledBytes)],
      reference && [settledScripts(reference), ratio(ide.engaged.scriptBytes, reference.script.settledBytes)],
    ),
    row("Bytes transferred by ready (workers included)", [withRequests(ide.bytes, ide.requests), withRequests(blank.bytes, blank.requests), ratio(ide.bytes, blank.bytes)], reference && [withRequests(reference.bytes, reference.requests), ratio(ide.bytes, reference.bytes)]),
    row("Bytes once the page is quiet", [settled(ide), settled(blank), `${atLeast(ide)}${ratio(ide.settledBytes, blank.settledBytes)}`], reference && [settled(reference), ratio(ide.settledBytes, reference.settledBytes)]),
    row("Bytes once quiet after the click (Monaco and its workers in)", [withRequests(ide.engaged.bytes, ide.engaged.requests), settled(blank), ratio(ide.engaged.bytes, blank.settledBytes)], reference && [settled(reference), ratio(ide.engaged.bytes, reference.settledBytes)]),
    row("Dashboard (`/projects`): navigation → hydrated", [time(dashboard.ms), time(blank.ms), ratio(dashboard.ms, blank.ms)]),
    row("Dashboard: main-thread JS (gzip) once quiet", [settledScripts(dashboard), settledScripts(blank), ratio(dashboard.script.settledBytes, blank.script.settledBytes)], reference && ["", ratio(dashboard.script.settledBytes, reference.script.settledBytes)]),
  ],
)}

- **Ready** – IDE: \`[data-testid=ide][data-hydrated=true]\`, then the folders above \`${r.openedFile}\` and
  the file itself clicked in the tree, until its first line shows, editable, in the light view
  (\`[data-testid=light-editor]\`: the file coloured by highlight.js in a text area, shown until the person
  reaches for the editor and while Monaco loads after that). Then the bench clicks in the file: "Monaco
  shows it" is that press → Monaco (\`[data-testid=editor][data-ready=true]\`) showing the file, the light view gone.
  Blank: \`/blank\` (app/blank/page.tsx, the app's layout and CSS, no IDE) to its load event. Dashboard: the
  project list (one project) until \`[data-testid=dashboard][data-hydrated=true]\`. Agent's input: the IDE hydrated and
  \`[data-testid=agent-input-form] textarea\` enabled and laid out.${reference ? ` bolt.diy: a cold load of ${reference.url} until its prompt box (\`textarea\`) is laid out; its JS and bytes are that load's.` : " Add bolt.diy's figures with `npm run bench -- ide --bolt-url=<a running bolt.diy page> [--bolt-chat=<chat export>]`."}
  All are \`performance.now()\` in the page, from navigation start, so Playwright's polling adds nothing.
- **Returning** – a person back at a project the next day. IDE: a first visit opens the file from the tree
  (the IDE keeps open tabs in localStorage, and the active file in a cookie, so the server renders that file into
  the page); the HTTP cache is emptied (CDP \`Network.clearBrowserCache\`) and the project opened again, until
  the file shows (read-only until the page hydrates), then until it is editable.${reference ? ` bolt.diy: a first visit imports a chat (${path.basename(reference.chatFile)}, one file written by its agent; bolt.diy keeps chats in IndexedDB) and its editor shows; the cache is emptied and the chat opened again, until its editor (\`.cm-editor\`) is laid out. bolt.diy's editor stays empty here: it writes a chat's files through WebContainer, which cannot boot without StackBlitz, so its figure is a lower bound for its file shown.` : ""}
- **Terminal prompt** – the terminal's last line is the shell's prompt (\`$\`), read in the page every 10 ms
  from xterm's buffer. A fresh context prefers WebContainer, which cannot boot on this machine (StackBlitz is
  out of reach): the offline box serves the prompt while WebContainer boots in the background.
- **Main-thread JS** – the \`.js\` entries of the page's own resource timeline (its workers fetch theirs
  apart: Monaco's editor and TypeScript workers are in "bytes" only), their \`encodedBodySize\`: gzip as sent;
  "by ready" counts those whose response ended by then. Monaco loads when the person clicks, types or
  focuses in the file (or opens it to type: quick open, a new file), never for a file only read, so
  "once quiet" is the page as a reader has it, and "after that click" the page with Monaco.
- **Bytes** – response headers + encoded bodies of every finished request (Playwright's
  \`request.sizes()\`), the page's and its workers'. "Quiet" = no request finished for 1.5 s (after the
  click: and Monaco's two workers, editor and TypeScript, started), waiting at most ${settleCapMs / 1000} s.
`;
}

async function main() {
  const started = performance.now();
  const machine = describeMachine();
  console.log(`Benchmarks · ${machine}\n`);

  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
  const unknown = selected.filter((name) => !benchNames.includes(name));
  if (unknown.length) throw new Error(`Unknown benchmark ${unknown.join(", ")}; choose from ${benchNames.join(", ")} (none = all)`);
  const outcomes: unknown[] = [];
  const sections: [string, string][] = [];
  if (wanted("storage")) {
    const postgres = await attempt("PostgreSQL storage benchmark", onPostgres);
    console.log(`  … ${elapsed()}`);
    const pglite = await attempt("PGlite storage benchmark", onPglite);
    console.log(`  … ${elapsed()}`);
    outcomes.push(postgres, pglite);
    sections.push(["Snapshots: save and full load vs git", storageSection(machine, [["PostgreSQL", postgres], ["PGlite", pglite]])]);
  }
  if (wanted("ide")) {
    const ide = await attempt("IDE load benchmark", () => runIdeLoadBench({ runs: loadRuns, reference: bolt }));
    console.log(`  … ${elapsed()}`);
    outcomes.push(ide);
    sections.push(["IDE load in Chromium vs a blank page", ideSection(machine, ide)]);
  }
  for (const [heading, body] of sections) {
    console.log(`\n## ${heading}\n${body}`);
    writeSection(path.join(root, "BENCHMARKS.md"), heading, body);
  }
  if (wanted("box")) outcomes.push(await attempt("Offline box benchmark", () => runBoxBench(path.join(root, "BENCHMARKS.md"))));
  if (wanted("snapshot-read")) outcomes.push(...(await runSnapshotReadBench(path.join(root, "BENCHMARKS.md"))));
  if (wanted("http-save")) outcomes.push(await runHttpSaveBench(path.join(root, "BENCHMARKS.md")));
  if (wanted("fork")) outcomes.push(await runForkBench(path.join(root, "BENCHMARKS.md")));
  if (wanted("transfer")) outcomes.push(await runTransferBench(path.join(root, "BENCHMARKS.md")));
  if (wanted("history")) outcomes.push(await runHistoryBench(path.join(root, "BENCHMARKS.md")));
  if (wanted("fresh-start")) outcomes.push(await runFreshStartBench(path.join(root, "BENCHMARKS.md")));
  if (wanted("agent")) {
    const agent = await attempt("Agent benchmark", () => runAgentBench(path.join(root, "BENCHMARKS.md")));
    outcomes.push(agent, ...(typeof agent === "string" ? [] : agent.map(([, r]) => r)));
  }
  console.log(`Wrote BENCHMARKS.md; the benchmarks took ${elapsed()}.`);
  if (outcomes.some((r) => typeof r === "string")) process.exitCode = 1;
}

if (process.argv[2] === childFlag) await storageChild(process.argv[3]!);
else await main();
