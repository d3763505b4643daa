// Fork and share links through the HTTP routes, against an app instance running as a process of its
// own on a throwaway Postgres database: forking the generated 2,000-file project (time and rows
// written) vs `git clone --local` of a repo of the same files, and opening a share link (what the
// /s/<token> viewer reads) vs opening one's own project (what the IDE reads) — the same two reads.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { adminDatabaseUrl, withThrowawayDatabase } from "../lib/throwaway-database";
import { generateProject, writeProject } from "./generate-project";
import { commitAll, initRepo } from "./git";
import { AppClient, builtServerEntry, startInstance, type ServerKind } from "../../tests/support/app-instances";
import { cell, describeMachine, formatCount, formatMs, markdownTable, ratio, writeSection } from "./report";
import { summarize, type Summary } from "./stats";

export const forkHeading = "Fork and share links through HTTP: fork vs git clone --local, a share link vs one's own project";
const port = 3380;
const runs = 9;

type Rows = { projects: number; snapshots: number; objects: number };
export type ForkResult = {
  server: ServerKind;
  files: number;
  fork: Summary;
  clone: Summary;
  rows: Rows;
  openShared: Summary;
  openOwn: Summary;
};

async function countRows(databaseUrl: string): Promise<Rows> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ projects: string; snapshots: string; objects: string }>(
      `SELECT (SELECT count(*) FROM projects) AS projects, (SELECT count(*) FROM snapshots) AS snapshots, (SELECT count(*) FROM objects) AS objects`,
    );
    const r = rows[0]!;
    return { projects: Number(r.projects), snapshots: Number(r.snapshots), objects: Number(r.objects) };
  } finally {
    await client.end();
  }
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function readOk(client: AppClient, pathname: string, cookie = true) {
  const res = cookie ? await client.fetch(pathname) : await fetch(`${client.origin}${pathname}`);
  if (!res.ok) throw new Error(`GET ${pathname}: ${res.status}`);
  await res.arrayBuffer();
}

export async function measureFork(kind: ServerKind): Promise<ForkResult> {
  return withThrowawayDatabase({
    adminUrl: adminDatabaseUrl(),
    name: `bench_fork_${process.pid}_${Date.now()}`,
    run: async (databaseUrl) => {
      const instance = await startInstance({ kind, port, env: { DATABASE_URL: databaseUrl, PGLITE_DIR: "" } });
      const work = await mkdtemp(path.join(tmpdir(), "fork-bench-"));
      try {
        const files = generateProject();
        const client = await AppClient.signUp(instance.origin);
        const { projectId } = await client.importProject("fork-bench", files);
        const repo = path.join(work, "repo");
        execFileSync("mkdir", ["-p", repo]);
        await writeProject(repo, files);
        initRepo(repo);
        commitAll(repo, "import");

        const fork: number[] = [];
        const clone: number[] = [];
        let rows: Rows = { projects: 0, snapshots: 0, objects: 0 };
        for (let run = -1; run < runs; run++) {
          const before = await countRows(databaseUrl);
          const ms = await timed(() => client.json(`/api/projects/${projectId}/fork`, { method: "POST", body: JSON.stringify({ name: `fork ${run + 1}` }) }));
          const after = await countRows(databaseUrl);
          const dest = path.join(work, `clone-${run + 1}`);
          const gitMs = await timed(async () => execFileSync("git", ["clone", "--local", "-q", repo, dest]));
          if (run < 0) continue;
          fork.push(ms);
          clone.push(gitMs);
          rows = { projects: after.projects - before.projects, snapshots: after.snapshots - before.snapshots, objects: after.objects - before.objects };
        }

        const { token } = await client.json<{ token: string }>(`/api/projects/${projectId}/links`, { method: "POST", body: JSON.stringify({ access: "view" }) });
        const openShared: number[] = [];
        const openOwn: number[] = [];
        for (let run = -1; run < runs; run++) {
          // Signed out, as a link's visitor usually is: the link's summary, then its listing.
          const shared = await timed(async () => {
            await readOk(client, `/api/share/${token}`, false);
            await readOk(client, `/api/share/${token}/files`, false);
          });
          const own = await timed(async () => {
            await readOk(client, `/api/projects/${projectId}`);
            await readOk(client, `/api/projects/${projectId}/files`);
          });
          if (run < 0) continue;
          openShared.push(shared);
          openOwn.push(own);
        }
        return { server: kind, files: files.length, fork: summarize(fork), clone: summarize(clone), rows, openShared: summarize(openShared), openOwn: summarize(openOwn) };
      } finally {
        await instance.stop();
        await rm(work, { recursive: true, force: true });
      }
    },
  });
}

function section(machine: string, r: ForkResult | string): string {
  if (typeof r === "string") return `_${machine}_\n\nNot measured: ${r}\n`;
  return `
_${machine} · ${r.server === "built" ? "production build" : "route server (tests/support/route-server.ts)"}, Postgres_

${markdownTable(
  ["What", "Ours: median (min–max)", "Reference: median (min–max)", "Ours ÷ reference"],
  [
    [`Fork of a ${formatCount(r.files)}-file project (POST /fork)`, cell(r.fork, formatMs), `git clone --local: ${cell(r.clone, formatMs)}`, ratio(r.fork, r.clone)],
    ["Rows written per fork", `${r.rows.projects} project, ${r.rows.snapshots} snapshot, ${r.rows.objects} objects`, "git: hard-links every object, checks out every file", ""],
    ["Open: the link's summary + listing, signed out", cell(r.openShared, formatMs), `own project + listing: ${cell(r.openOwn, formatMs)}`, ratio(r.openShared, r.openOwn)],
  ],
)}

- ${runs} runs after one warm-up. A fork is one statement inserting a project and a snapshot on the
  source's root tree (lib/share/fork.ts); git's clone also writes the working tree (${formatCount(r.files)} files).
- Opening a link resolves its token (sha256, one indexed lookup) where one's own project resolves the
  session (cached 5 s per process) and membership; both then list the same snapshot.
`;
}

export async function runForkBench(benchmarksFile: string): Promise<ForkResult | string> {
  const machine = describeMachine();
  const kind: ServerKind = process.env.BENCH_SERVER === "routes" || !existsSync(builtServerEntry) ? "routes" : "built";
  let result: ForkResult | string;
  try {
    result = await measureFork(kind);
  } catch (error) {
    console.error("Fork benchmark failed:", error);
    result = error instanceof Error ? error.message.split("\n")[0]! : String(error);
  }
  const body = section(machine, result);
  console.log(`\n## ${forkHeading}\n${body}`);
  writeSection(benchmarksFile, forkHeading, body);
  return result;
}
