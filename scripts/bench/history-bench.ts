// History through the HTTP routes, against an app instance running as a process of its own on a
// throwaway Postgres database: restoring a whole 2,000-file snapshot (POST /history/restore) vs
// `git checkout`, and the diff of two snapshots that differ in 10 files (GET /history/diff, then the
// 20 texts by hash) vs `git diff --stat` and `git diff`, in time and bytes; and the same ten changes
// made by an agent turn (a scripted model on loopback) read back through GET …/turns/:turnId/changes.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { adminDatabaseUrl, withThrowawayDatabase } from "../lib/throwaway-database";
import { AppClient, builtServerEntry, startInstance, type ServerKind } from "../../tests/support/app-instances";
import { startScriptedOpenAIServer } from "../../tests/support/scripted-openai-server";
import { generateProject, writeProject } from "./generate-project";
import { checkoutInto, commitAll, git, initRepo } from "./git";
import { cell, describeMachine, formatBytes, formatCount, formatMs, markdownTable, ratio, writeSection } from "./report";
import { summarize, type Summary } from "./stats";

export const historyHeading = "History through HTTP: whole restore vs git checkout, a 10-file diff vs git diff";
const port = Number(process.env.HISTORY_BENCH_PORT ?? 3370);
const runs = 9;
const changedFiles = 10;

export type HistoryResult = {
  server: ServerKind;
  files: number;
  restore: Summary;
  checkoutEmpty: Summary;
  checkoutSwitch: Summary;
  diff: Summary;
  diffBytes: number;
  diffWithTexts: Summary;
  diffWithTextsBytes: number;
  gitStat: Summary;
  gitDiff: Summary;
  gitDiffBytes: number;
  turnChanges: Summary;
  turnChangesBytes: number;
  gitDiffTurn: Summary;
  gitDiffTurnBytes: number;
};

async function timed<T>(run: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await run();
  return { ms: performance.now() - start, value };
}

/** git as a person types it: one shell, process start-up included. */
const shell = (cwd: string, command: string) => execFileSync("sh", ["-c", command], { cwd, maxBuffer: 64 * 1024 * 1024 });

async function readAll(client: AppClient, pathname: string, init: RequestInit = {}): Promise<number> {
  const res = await client.fetch(pathname, init);
  const bytes = (await res.arrayBuffer()).byteLength;
  if (!res.ok) throw new Error(`${init.method ?? "GET"} ${pathname}: ${res.status}`);
  return bytes;
}

export async function measureHistory(kind: ServerKind): Promise<HistoryResult> {
  return withThrowawayDatabase({
    adminUrl: adminDatabaseUrl(),
    name: `bench_history_${process.pid}_${Date.now()}`,
    run: async (databaseUrl) => {
      const model = await startScriptedOpenAIServer();
      const instance = await startInstance({
        kind,
        port,
        env: { DATABASE_URL: databaseUrl, PGLITE_DIR: "", OPENAI_BASE_URL: model.baseURL, AGENT_MODEL: "openai-compatible:scripted-model" },
      }).catch(async (error: unknown) => {
        await model.close();
        throw error;
      });
      const work = await mkdtemp(path.join(tmpdir(), "history-bench-"));
      try {
        const files = generateProject();
        // The same ten one-line changes on both sides, spread over ten folders.
        const edits = files.filter((_, i) => i % 200 === 7).slice(0, changedFiles).map((f) => ({ path: f.path, content: `${f.content}// changed\n` }));
        const client = await AppClient.signUp(instance.origin);
        const { projectId, head: imported } = await client.importProject("history-bench", files);
        const { snapshotId: changed } = await client.save({ projectId, baseSnapshotId: imported, changes: edits.map((e) => ({ type: "write", ...e })) });

        const repo = path.join(work, "repo");
        await mkdir(repo);
        await writeProject(repo, files);
        initRepo(repo);
        commitAll(repo, "import");
        const commitA = git(repo, ["rev-parse", "HEAD"]).trim();
        for (const e of edits) await writeFile(path.join(repo, e.path), e.content);
        commitAll(repo, "ten changes");
        const commitB = git(repo, ["rev-parse", "HEAD"]).trim();

        // Restore: the head alternates between the two versions, as restore and its undo do; git
        // checks out the same commit into an empty folder, and switches its work tree between them.
        const restore: number[] = [];
        const checkoutEmpty: number[] = [];
        const checkoutSwitch: number[] = [];
        for (let run = -1; run < runs; run++) {
          const target = run % 2 === 0 ? changed : imported;
          const commit = run % 2 === 0 ? commitB : commitA;
          const targetDir = path.join(work, `checkout-${run + 1}`);
          await mkdir(targetDir);
          const ours = () => timed(() => readAll(client, `/api/projects/${projectId}/history/restore`, { method: "POST", body: JSON.stringify({ snapshotId: target }) }));
          const empty = () => timed(() => checkoutInto({ repo, target: targetDir, index: path.join(work, `index-${run + 1}`) }));
          const switched = () => timed(() => shell(repo, `git checkout -q ${commit}`));
          // Alternate which side goes first.
          let a, b, c;
          if (run % 2 === 0) {
            a = await ours();
            b = await empty();
            c = await switched();
          } else {
            c = await switched();
            b = await empty();
            a = await ours();
          }
          await rm(targetDir, { recursive: true, force: true });
          if (run < 0) continue;
          restore.push(a.ms);
          checkoutEmpty.push(b.ms);
          checkoutSwitch.push(c.ms);
        }

        // Diff: the list of changed files alone, then with the 20 texts read by hash (what opening every file in the diff editor reads).
        const diffUrl = `/api/projects/${projectId}/history/diff?from=${imported}&to=${changed}`;
        const diff: number[] = [];
        const diffWithTexts: number[] = [];
        const gitStat: number[] = [];
        const gitDiff: number[] = [];
        let diffBytes = 0;
        let diffWithTextsBytes = 0;
        let gitDiffBytes = 0;
        for (let run = -1; run < runs; run++) {
          const list = await timed(async () => {
            const res = await client.fetch(diffUrl);
            const text = await res.text();
            if (!res.ok) throw new Error(`diff: ${res.status}`);
            return text;
          });
          const withTexts = await timed(async () => {
            const text = await (await client.fetch(diffUrl)).text();
            const listed = JSON.parse(text) as { files: { before: string | null; after: string | null }[] };
            const hashes = listed.files.flatMap((f) => [f.before, f.after].filter((h): h is string => h !== null));
            const sizes = await Promise.all(hashes.map((h) => readAll(client, `/api/projects/${projectId}/blobs/${h}`)));
            return Buffer.byteLength(text) + sizes.reduce((a, b) => a + b, 0);
          });
          const stat = await timed(() => shell(repo, `git diff --stat ${commitA} ${commitB}`));
          const full = await timed(() => shell(repo, `git diff ${commitA} ${commitB}`));
          if (run < 0) continue;
          diff.push(list.ms);
          diffWithTexts.push(withTexts.ms);
          gitStat.push(stat.ms);
          gitDiff.push(full.ms);
          diffBytes = Buffer.byteLength(list.value);
          diffWithTextsBytes = withTexts.value;
          gitDiffBytes = full.value.byteLength;
          const count = (JSON.parse(list.value) as { files: unknown[] }).files.length;
          if (count !== changedFiles) throw new Error(`the diff listed ${count} files, not ${changedFiles}`);
        }
        // The same ten changes made by an agent turn from the first version (POST /api/agent, the
        // headless agent); its change list is what the chat's changes card reads.
        await readAll(client, `/api/projects/${projectId}/history/restore`, { method: "POST", body: JSON.stringify({ snapshotId: imported }) });
        model.setScript([{ toolCalls: edits.map((e) => ({ name: "write_file", args: { path: e.path, content: e.content, overwrite: true } })) }, { text: "Done." }]);
        const turn = await client.json<{ turnId: string; status: string; error?: { message: string } }>("/api/agent", {
          method: "POST",
          body: JSON.stringify({ prompt: "Add a line to these ten files.", projectId, newSession: true }),
        });
        if (turn.status !== "completed") throw new Error(`the agent turn ended ${turn.status}: ${turn.error?.message ?? "no error given"}`);
        const turnId = turn.turnId;
        const changesUrl = `/api/projects/${projectId}/agent/turns/${turnId}/changes`;
        const turnChanges: number[] = [];
        const gitDiffTurn: number[] = [];
        let turnChangesBytes = 0;
        let gitDiffTurnBytes = 0;
        for (let run = -1; run < runs; run++) {
          const ours = () =>
            timed(async () => {
              const res = await client.fetch(changesUrl);
              const text = await res.text();
              if (!res.ok) throw new Error(`turn changes: ${res.status} ${text.slice(0, 300)}`);
              return text;
            });
          const theirs = () => timed(() => shell(repo, `git diff ${commitA} ${commitB}`));
          let a, b;
          if (run % 2 === 0) {
            a = await ours();
            b = await theirs();
          } else {
            b = await theirs();
            a = await ours();
          }
          if (run < 0) continue;
          turnChanges.push(a.ms);
          gitDiffTurn.push(b.ms);
          turnChangesBytes = Buffer.byteLength(a.value);
          gitDiffTurnBytes = b.value.byteLength;
          const listed = (JSON.parse(a.value) as { files: { path: string; additions: number; deletions: number }[] }).files;
          if (listed.length !== changedFiles || listed.some((f) => f.additions !== 1 || f.deletions !== 0))
            throw new Error(`the turn's changes listed ${listed.length} files, not ${changedFiles} one-line additions`);
        }
        return {
          server: kind,
          files: files.length,
          restore: summarize(restore),
          checkoutEmpty: summarize(checkoutEmpty),
          checkoutSwitch: summarize(checkoutSwitch),
          diff: summarize(diff),
          diffBytes,
          diffWithTexts: summarize(diffWithTexts),
          diffWithTextsBytes,
          gitStat: summarize(gitStat),
          gitDiff: summarize(gitDiff),
          gitDiffBytes,
          turnChanges: summarize(turnChanges),
          turnChangesBytes,
          gitDiffTurn: summarize(gitDiffTurn),
          gitDiffTurnBytes,
        };
      } finally {
        await instance.stop();
        await model.close();
        await rm(work, { recursive: true, force: true });
      }
    },
  });
}

function section(machine: string, r: HistoryResult | string): string {
  if (typeof r === "string") return `_${machine}_\n\nNot measured: ${r}\n`;
  return `
_${machine} · ${r.server === "built" ? "production build" : "route server (tests/support/route-server.ts)"}, Postgres_

${markdownTable(
  ["What", "Ours: median (min–max)", "Reference: median (min–max)", "Ours ÷ reference"],
  [
    [`Restore a whole ${formatCount(r.files)}-file snapshot (POST /history/restore)`, cell(r.restore, formatMs), `git checkout into an empty folder: ${cell(r.checkoutEmpty, formatMs)}`, ratio(r.restore, r.checkoutEmpty)],
    ["", "", `git checkout <commit> in the work tree (${changedFiles} files differ): ${cell(r.checkoutSwitch, formatMs)}`, ratio(r.restore, r.checkoutSwitch)],
    [`Diff of two snapshots differing in ${changedFiles} files (GET /history/diff)`, `${cell(r.diff, formatMs)}, ${formatBytes(r.diffBytes)}`, `git diff --stat: ${cell(r.gitStat, formatMs)}`, ratio(r.diff, r.gitStat)],
    [`The diff plus both texts of the ${changedFiles} files (GET …/blobs/:hash × ${changedFiles * 2})`, `${cell(r.diffWithTexts, formatMs)}, ${formatBytes(r.diffWithTextsBytes)}`, `git diff (full patch): ${cell(r.gitDiff, formatMs)}, ${formatBytes(r.gitDiffBytes)}`, `${ratio(r.diffWithTexts, r.gitDiff)} time`],
    ["Diff response bytes vs git's whole patch", formatBytes(r.diffBytes), formatBytes(r.gitDiffBytes), `${(r.diffBytes / r.gitDiffBytes).toFixed(2)}×`],
    [`The same ${changedFiles} changes made by an agent turn (GET …/turns/:turnId/changes)`, `${cell(r.turnChanges, formatMs)}, ${formatBytes(r.turnChangesBytes)}`, `git diff (full patch): ${cell(r.gitDiffTurn, formatMs)}, ${formatBytes(r.gitDiffTurnBytes)}`, ratio(r.turnChanges, r.gitDiffTurn)],
    ["Turn changes response bytes vs git's whole patch", formatBytes(r.turnChangesBytes), formatBytes(r.gitDiffTurnBytes), `${(r.turnChangesBytes / r.gitDiffTurnBytes).toFixed(2)}×`],
  ],
)}

- ${runs} runs after one warm-up, the order of the sides alternating. The project is the generated ${formatCount(r.files)} files; the second
  version changes one line in each of ${changedFiles} files in ${changedFiles} folders.
- A whole restore is one statement: a new snapshot on the old root tree, moving the head by compare-and-set
  (lib/history/restore.ts); no object is written or read, whatever the project's size. Open editors and the
  sandbox then follow the head channel's change set (${changedFiles} files here), which is not timed.
- The diff walks both root trees together and skips equal subtrees (lib/history/diff.ts): it reads the
  folders on the ${changedFiles} changed paths only, and answers paths and blob hashes. Texts are read when a file
  is opened in the diff editor; the last row reads all ${changedFiles * 2} at once.
- The agent turn: \`POST /api/agent\` in the project, from the first version, whose scripted model (tests/support/scripted-openai-server.ts,
  on loopback) calls \`write_file\` on the same ${changedFiles} files with the same texts; the turn's changes route then answers each
  file's path, hashes and line counts, read from both texts on the server, and no text (the chat's changes card reads a text
  when a file is opened). Its git reference is the same \`git diff\`, interleaved with it in the same runs.
- Ours is the whole HTTP request (session, access check, JSON); git runs in a shell (\`sh -c\`), process start-up included.
`;
}

export async function runHistoryBench(benchmarksFile: string): Promise<HistoryResult | string> {
  const machine = describeMachine();
  const kind: ServerKind = process.env.BENCH_SERVER === "routes" || !existsSync(builtServerEntry) ? "routes" : "built";
  let result: HistoryResult | string;
  try {
    result = await measureHistory(kind);
  } catch (error) {
    console.error("History benchmark failed:", error);
    result = error instanceof Error ? error.message.split("\n")[0]! : String(error);
  }
  const body = section(machine, result);
  console.log(`\n## ${historyHeading}\n${body}`);
  writeSection(benchmarksFile, historyHeading, body);
  return result;
}
