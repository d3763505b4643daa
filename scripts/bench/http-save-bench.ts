// Saves through the HTTP routes a browser uses, against app instances running as processes of their
// own on a throwaway Postgres database: a one-file save in a 2,000-file project vs `git add -A &&
// git commit`, its answer's size in a 20-file vs a 2,000-file project, saves/s with 4 and 16 clients
// vs the same transaction in raw SQL, and a save on instance A → the change seen by listeners on
// instance B's head channel. The save route's Server-Timing header gives the in-server breakdown.
import { createHash, randomBytes } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { adminDatabaseUrl, withThrowawayDatabase } from "../lib/throwaway-database";
import { generateProject, seededRandom, writeProject, type GeneratedFile } from "./generate-project";
import { commitAll, initRepo } from "./git";
import { AppClient, builtServerEntry, startInstance, type Instance, type ServerKind } from "../../tests/support/app-instances";
import { cell, describeMachine, formatBytes, formatCount, formatMs, markdownTable, ratio, writeSection } from "./report";
import { summarize, type Summary } from "./stats";

export const httpSaveHeading = "Saves through HTTP: one file vs git, clients, and listeners on another instance";
const ports = { a: 3344, b: 3345 };
const saveRuns = 15;
const clientLevels = [4, 16];
const throughputRuns = 3;
const throughputMs = 5_000;
const listenerLevels = [1, 10, 100];
const fanOutSaves = 20;
/** lib/db/pg-pool.ts: the app's pool. The raw reference gets a pool of the same size. */
const appPoolMax = 10;

type Timing = Record<string, Summary>;
type OneFile = { ours: Summary; git: Summary; serverTiming: Timing; bytesBig: Summary; bytesSmall: Summary; rowsPerSave: number };
type Throughput = { clients: number; ours: Summary; oursP50: number; oursP99: number; raw: Summary; rawP50: number; rawP99: number; errors: number };
type FanOut = { listeners: number; p50: number; p99: number; max: number; saveP50: number; samples: number };
export type HttpSaveResult = {
  server: ServerKind;
  project: { files: number; bytes: number };
  oneFile: OneFile;
  throughput: Throughput[];
  fanOut: FanOut[];
  notifyP50: number;
  notifyP99: number;
  loadAfter: string;
};

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The benchmark against one throwaway database; `kind` picks the server the instances run. */
export async function measureHttpSaves(kind: ServerKind): Promise<HttpSaveResult> {
  return withThrowawayDatabase({
    adminUrl: adminDatabaseUrl(),
    name: `bench_http_${process.pid}_${Date.now()}`,
    run: async (databaseUrl) => {
      const env = { DATABASE_URL: databaseUrl, PGLITE_DIR: "" };
      const instances: Instance[] = [];
      try {
        instances.push(await startInstance({ kind, port: ports.a, env }));
        instances.push(await startInstance({ kind, port: ports.b, env }));
        const [a, b] = instances as [Instance, Instance];
        const files = generateProject();
        const client = await AppClient.signUp(a.origin);
        const oneFile = await measureOneFile({ client, files, databaseUrl });
        console.log("  one-file saves done");
        // Each client saves into a project of its own, as people on different projects do. Objects are
        // shared, so importing the same files again writes only the projects' trees.
        const projects: { projectId: string; head: string }[] = [];
        for (let i = 0; i < Math.max(...clientLevels); i++) projects.push(await client.importProject(`http-bench-client-${i}`, files));
        const throughput: Throughput[] = [];
        for (const clients of clientLevels) {
          throughput.push(await measureThroughput({ client, files, projects: projects.slice(0, clients), databaseUrl }));
          console.log(`  ${clients} clients done`);
        }
        const { fanOut, notify } = await measureFanOut({ writer: client, reader: client.on(b.origin), files, databaseUrl });
        return {
          server: kind,
          project: { files: files.length, bytes: files.reduce((n, f) => n + Buffer.byteLength(f.content), 0) },
          oneFile,
          throughput,
          fanOut,
          notifyP50: percentile(notify, 50),
          notifyP99: percentile(notify, 99),
          loadAfter: loadavg().map((n) => n.toFixed(1)).join(" / "),
        };
      } finally {
        await Promise.all(instances.map((i) => i.stop()));
      }
    },
  });
}

// ── 1. One file: ours vs git, and the answer's size ─────────────────────────────────────────────────

async function countRows(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(`SELECT (SELECT count(*) FROM objects) + (SELECT count(*) FROM snapshots) AS n`);
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

async function measureOneFile({ client, files, databaseUrl }: { client: AppClient; files: GeneratedFile[]; databaseUrl: string }): Promise<OneFile> {
  const big = await client.importProject("http-bench-2000", files);
  const small = await client.importProject("http-bench-20", files.slice(0, 20));
  const repo = await mkdtemp(path.join(tmpdir(), "http-bench-git-"));
  try {
    initRepo(repo);
    await writeProject(repo, files);
    commitAll(repo, "import");

    const random = seededRandom(41);
    const heads = { big: big.head, small: small.head };
    const ours: number[] = [];
    const gitMs: number[] = [];
    const bytesBig: number[] = [];
    const bytesSmall: number[] = [];
    const timings: Record<string, number[]> = {};
    const rows: number[] = [];
    for (let run = -1; run < saveRuns; run++) {
      // The same path in both projects (one of the 20 they share), so the answers can be compared byte for byte.
      const file = files[run + 1]!;
      const change = { type: "write", path: file.path, content: `${file.content}// edit ${run}: ${random().toString(36).slice(2)}\n` };
      const before = await countRows(databaseUrl);
      const start = performance.now();
      const saved = await client.save({ projectId: big.projectId, baseSnapshotId: heads.big, changes: [change] });
      const ms = performance.now() - start;
      heads.big = saved.snapshotId;
      const written = (await countRows(databaseUrl)) - before;
      await writeFile(path.join(repo, change.path), change.content);
      const gitStart = performance.now();
      commitAll(repo, `edit ${run}`);
      const gitRun = performance.now() - gitStart;
      const smallSaved = await client.save({ projectId: small.projectId, baseSnapshotId: heads.small, changes: [change] });
      heads.small = smallSaved.snapshotId;
      if (run < 0) continue;
      ours.push(ms);
      gitMs.push(gitRun);
      bytesBig.push(saved.bytes);
      bytesSmall.push(smallSaved.bytes);
      rows.push(written);
      for (const [name, dur] of Object.entries(saved.serverTiming)) (timings[name] ??= []).push(dur);
    }
    return {
      ours: summarize(ours),
      git: summarize(gitMs),
      serverTiming: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, summarize(v)])),
      bytesBig: summarize(bytesBig),
      bytesSmall: summarize(bytesSmall),
      rowsPerSave: summarize(rows).median,
    };
  } finally {
    await rm(repo, { recursive: true, force: true });
  }
}

// ── 2. Clients saving at once vs the same transaction in raw SQL ────────────────────────────────────

async function measureThroughput({
  client,
  files,
  projects,
  databaseUrl,
}: {
  client: AppClient;
  files: GeneratedFile[];
  projects: { projectId: string; head: string }[];
  databaseUrl: string;
}): Promise<Throughput> {
  const clients = projects.length;
  const raw = await RawSaves.open({ databaseUrl, clients });
  const oursRates: number[] = [];
  const rawRates: number[] = [];
  const oursLatencies: number[] = [];
  const rawLatencies: number[] = [];
  let errors = 0;
  let edit = 0;

  const runOurs = async (ms: number, record: boolean) => {
    const stopAt = performance.now() + ms;
    let saves = 0;
    await Promise.all(
      projects.map(async (project) => {
        while (performance.now() < stopAt) {
          const file = files[edit++ % files.length]!;
          const start = performance.now();
          try {
            const saved = await client.save({
              projectId: project.projectId,
              baseSnapshotId: project.head,
              changes: [{ type: "write", path: file.path, content: `${file.content}// client edit ${edit} ${randomBytes(6).toString("hex")}\n` }],
            });
            project.head = saved.snapshotId;
            saves++;
            if (record) oursLatencies.push(performance.now() - start);
          } catch {
            errors++;
          }
        }
      }),
    );
    return saves / (ms / 1000);
  };
  const runRaw = async (ms: number, record: boolean) => {
    const stopAt = performance.now() + ms;
    let saves = 0;
    await Promise.all(
      raw.projects.map(async (project) => {
        while (performance.now() < stopAt) {
          const start = performance.now();
          await raw.save(project);
          saves++;
          if (record) rawLatencies.push(performance.now() - start);
        }
      }),
    );
    return saves / (ms / 1000);
  };
  try {
    await runOurs(2_000, false);
    await runRaw(2_000, false);
    for (let run = 0; run < throughputRuns; run++) {
      // Alternate which side goes first: the machine's load drifts.
      if (run % 2 === 0) {
        oursRates.push(await runOurs(throughputMs, true));
        rawRates.push(await runRaw(throughputMs, true));
      } else {
        rawRates.push(await runRaw(throughputMs, true));
        oursRates.push(await runOurs(throughputMs, true));
      }
    }
  } finally {
    await raw.close();
  }
  return {
    clients,
    ours: summarize(oursRates),
    oursP50: percentile(oursLatencies, 50),
    oursP99: percentile(oursLatencies, 99),
    raw: summarize(rawRates),
    rawP50: percentile(rawLatencies, 50),
    rawP99: percentile(rawLatencies, 99),
    errors,
  };
}

/**
 * What one save stores, in raw SQL over a pool as large as the app's: a ~10 kB blob and four trees
 * (one INSERT of five rows), a snapshot row, and the compare-and-set of the project's head, in one
 * transaction. Into copies of the real tables (same columns and indexes), on projects of its own.
 */
class RawSaves {
  private constructor(
    private readonly pool: pg.Pool,
    readonly projects: { id: string; head: string | null }[],
  ) {}

  static async open({ databaseUrl, clients }: { databaseUrl: string; clients: number }) {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: appPoolMax });
    await pool.query(`
      CREATE TABLE IF NOT EXISTS raw_objects (LIKE objects INCLUDING ALL);
      CREATE TABLE IF NOT EXISTS raw_snapshots (LIKE snapshots INCLUDING ALL);
      CREATE TABLE IF NOT EXISTS raw_projects (LIKE projects INCLUDING ALL);`);
    const projects = Array.from({ length: clients }, () => ({ id: randomBytes(12).toString("hex"), head: null as string | null }));
    for (const p of projects)
      await pool.query(`INSERT INTO raw_projects (id, "workspaceId", name, "updatedAt") VALUES ($1, 'raw', 'raw', now())`, [p.id]);
    return new RawSaves(pool, projects);
  }

  async save(project: { id: string; head: string | null }) {
    const blob = randomBytes(5_000).toString("hex");
    const objects = [blob, ...Array.from({ length: 4 }, () => randomBytes(600).toString("hex"))].map((text, i) => ({
      hash: createHash("sha256").update(text).digest(),
      kind: i === 0 ? "blob" : "tree",
      data: Buffer.from(text),
    }));
    const snapshotId = randomBytes(12).toString("hex");
    const db = await this.pool.connect();
    try {
      await db.query("BEGIN");
      await db.query(
        `INSERT INTO raw_objects (hash, kind, size, data) SELECT * FROM unnest($1::bytea[], $2::"ObjectKind"[], $3::int[], $4::bytea[]) ON CONFLICT DO NOTHING`,
        [objects.map((o) => o.hash), objects.map((o) => o.kind), objects.map((o) => o.data.length), objects.map((o) => o.data)],
      );
      await db.query(
        `INSERT INTO raw_snapshots (id, "projectId", "parentId", "rootTree", author, message, "fileCount", "totalBytes") VALUES ($1, $2, $3, $4, 'user', 'Save one file', 200, 2000000)`,
        [snapshotId, project.id, project.head, objects[1]!.hash.toString("hex")],
      );
      const moved = await db.query(`UPDATE raw_projects SET "headSnapshotId" = $1, "updatedAt" = now() WHERE id = $2 AND "headSnapshotId" IS NOT DISTINCT FROM $3`, [
        snapshotId,
        project.id,
        project.head,
      ]);
      if (moved.rowCount !== 1) throw new Error("raw save lost its compare-and-set; each client owns its project");
      await db.query("COMMIT");
      project.head = snapshotId;
    } catch (error) {
      await db.query("ROLLBACK");
      throw error;
    } finally {
      db.release();
    }
  }

  close() {
    return this.pool.end();
  }
}

// ── 3. A save on A → listeners on B ─────────────────────────────────────────────────────────────────

type Listener = { seen: Map<string, number>; close: () => void };

/** A head-channel subscription read as a browser's EventSource would: event ids with receipt times. */
async function listen(reader: AppClient, projectId: string, since: string): Promise<Listener> {
  const aborted = new AbortController();
  const res = await reader.fetch(`/api/projects/${projectId}/head?since=${since}`, { signal: aborted.signal, headers: { accept: "text/event-stream" } });
  if (!res.ok || !res.body) throw new Error(`head channel: ${res.status} ${await res.text()}`);
  const seen = new Map<string, number>();
  const decoder = new TextDecoder();
  let buffer = "";
  let connected!: () => void;
  const ready = new Promise<void>((resolve) => (connected = resolve));
  void (async () => {
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        const at = performance.now();
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (event.startsWith(": connected")) connected();
          const id = /^id: (.*)$/m.exec(event)?.[1];
          if (id) seen.set(id, at);
        }
      }
    } catch {
      // Aborted at the end.
    }
  })();
  await ready;
  return { seen, close: () => aborted.abort() };
}

async function measureFanOut({ writer, reader, files, databaseUrl }: { writer: AppClient; reader: AppClient; files: GeneratedFile[]; databaseUrl: string }) {
  const project = await writer.importProject("http-bench-fan-out", files.slice(0, 20));
  const fanOut: FanOut[] = [];
  let edit = 0;
  for (const count of listenerLevels) {
    const listeners = await Promise.all(Array.from({ length: count }, () => listen(reader, project.projectId, project.head)));
    const delays: number[] = [];
    const saveMs: number[] = [];
    try {
      for (let run = -1; run < fanOutSaves; run++) {
        const file = files[edit++ % 20]!;
        const start = performance.now();
        const saved = await writer.save({
          projectId: project.projectId,
          baseSnapshotId: project.head,
          changes: [{ type: "write", path: file.path, content: `${file.content}// fan-out ${edit}\n` }],
        });
        const answered = performance.now() - start;
        project.head = saved.snapshotId;
        const deadline = performance.now() + 10_000;
        while (listeners.some((l) => !l.seen.has(saved.snapshotId)) && performance.now() < deadline) await sleep(2);
        const missing = listeners.filter((l) => !l.seen.has(saved.snapshotId)).length;
        if (missing) throw new Error(`${missing} of ${count} listeners on instance B never saw snapshot ${saved.snapshotId}`);
        if (run < 0) continue;
        saveMs.push(answered);
        for (const l of listeners) delays.push(l.seen.get(saved.snapshotId)! - start);
        await sleep(50);
      }
    } finally {
      for (const l of listeners) l.close();
    }
    fanOut.push({ listeners: count, p50: percentile(delays, 50), p99: percentile(delays, 99), max: Math.max(...delays), saveP50: percentile(saveMs, 50), samples: delays.length });
    console.log(`  ${count} listeners done`);
  }
  return { fanOut, notify: await measureBareNotify(databaseUrl) };
}

/** The floor under the channel: NOTIFY on one connection → the notification on another, in-process. */
async function measureBareNotify(databaseUrl: string): Promise<number[]> {
  const [listener, notifier] = [new pg.Client({ connectionString: databaseUrl }), new pg.Client({ connectionString: databaseUrl })];
  await Promise.all([listener.connect(), notifier.connect()]);
  try {
    await listener.query("LISTEN bench_floor");
    const delays: number[] = [];
    for (let run = -1; run < 50; run++) {
      const start = performance.now();
      const got = new Promise<void>((resolve) => listener.once("notification", () => resolve()));
      await notifier.query(`SELECT pg_notify('bench_floor', $1)`, [String(run)]);
      await got;
      if (run >= 0) delays.push(performance.now() - start);
    }
    return delays;
  } finally {
    await Promise.all([listener.end(), notifier.end()]);
  }
}

// ── Report ──────────────────────────────────────────────────────────────────────────────────────────

const rate = (n: number) => formatCount(Math.round(n));

function section(machine: string, r: HttpSaveResult | string): string {
  if (typeof r === "string") return `_${machine}_\n\nNot measured: ${r}\n`;
  const o = r.oneFile;
  const breakdown = Object.entries(o.serverTiming)
    .map(([name, s]) => `${name} ${cell(s, formatMs)}`)
    .join(" · ");
  const server =
    r.server === "built"
      ? `the production build (\`node node_modules/.cache/server/main.mjs\`, Next's router and the edge; built ${statSync(builtServerEntry).mtime.toISOString().slice(0, 16).replace("T", " ")} UTC), two processes`
      : "tests/support/route-server.ts (the real edge and route handlers, without Next's router), two processes";
  const oneRows = [
    ["One-file save in a 2,000-file project, request → whole answer", cell(o.ours, formatMs), `git add -A && git commit: ${cell(o.git, formatMs)}`, ratio(o.ours, o.git)],
    ["Rows written per save (objects + snapshots)", formatCount(o.rowsPerSave), "git: 6 objects (1 blob, 4 trees, 1 commit)", `${(o.rowsPerSave / 6).toFixed(2)}×`],
    ["Answer bytes: 2,000-file project vs 20-file project", cell(o.bytesBig, formatBytes), `20 files: ${cell(o.bytesSmall, formatBytes)}`, ratio(o.bytesBig, o.bytesSmall)],
  ];
  const tputRows = r.throughput.map((t) => [
    String(t.clients),
    `${cell(t.ours, rate)} saves/s; p50 ${formatMs(t.oursP50)}, p99 ${formatMs(t.oursP99)}${t.errors ? `; ${t.errors} errors` : ""}`,
    `${cell(t.raw, rate)} saves/s; p50 ${formatMs(t.rawP50)}, p99 ${formatMs(t.rawP99)}`,
    ratio(t.ours, t.raw),
  ]);
  const fanRows = r.fanOut.map((f) => [
    String(f.listeners),
    `p50 ${formatMs(f.p50)} · p99 ${formatMs(f.p99)} · max ${formatMs(f.max)} (${formatCount(f.samples)} deliveries)`,
    `save answered: p50 ${formatMs(f.saveP50)}`,
    `${(f.p50 / r.notifyP50).toFixed(1)}× bare NOTIFY`,
  ]);
  return `
_${machine} · load average after ${r.loadAfter}_

Through HTTP: ${server} on one throwaway Postgres database; the client is Node's fetch (keep-alive) on
127.0.0.1 with a session cookie from \`POST /api/auth/sign-up/email\`, as a browser sends it. Project:
${formatCount(r.project.files)} generated files, ${formatBytes(r.project.bytes)} (scripts/bench/generate-project.ts), imported through \`POST /save\`.

${markdownTable(["What", "Ours: median (min–max)", "Reference in the same run", "Ours ÷ reference"], oneRows)}

- ${saveRuns} saves after one warm-up, each of a different file, based on the head the previous one answered; git commits the same bytes in a repo of the same files, between our saves.
- In the server (Server-Timing of \`POST /save\`, median (min–max)): ${breakdown || "not reported"}.
  auth = session and role on the project; save = blobs, trees, the snapshot and the head's compare-and-set; changes = the change set answered.

${markdownTable(["Clients", "Ours: POST /save, one file", "Raw SQL: the same transaction", "Ours ÷ raw"], tputRows)}

- Each client saves into a project of its own (the same 2,000 files), one line changed per save, each based on the head the previous one answered; ${throughputRuns} runs of ${throughputMs / 1000} s per side after a 2 s warm-up each, alternating which side goes first.
- Raw SQL, over a pg pool of ${appPoolMax} connections like the app's: \`BEGIN\`; one INSERT of a ~10 kB blob and four ~1.2 kB trees; an INSERT of the snapshot row;
  the compare-and-set \`UPDATE … WHERE "headSnapshotId" IS NOT DISTINCT FROM $base\`; \`COMMIT\` (copies of the real tables, with their indexes).

${markdownTable(["Listeners on B", "Save on A → event on B (from the save's request)", "The save itself", "vs the floor"], fanRows)}

- Listeners: \`GET /api/projects/:id/head?since=\` on instance B, streamed fetches read event by event; ${fanOutSaves} one-file saves on instance A after one warm-up, 50 ms apart.
- Floor: \`pg_notify\` on one connection → the notification on another, 50 times in one process: p50 ${formatMs(r.notifyP50)}, p99 ${formatMs(r.notifyP99)}.
`;
}

/** Runs the benchmark and writes its section of BENCHMARKS.md; a failure is written there too. */
export async function runHttpSaveBench(benchmarksFile: string): Promise<HttpSaveResult | string> {
  const machine = describeMachine();
  const kind: ServerKind = process.env.BENCH_SERVER === "routes" || !existsSync(builtServerEntry) ? "routes" : "built";
  let result: HttpSaveResult | string;
  try {
    result = await measureHttpSaves(kind);
  } catch (error) {
    console.error("HTTP save benchmark failed:", error);
    result = error instanceof Error ? error.message.split("\n")[0]! : String(error);
  }
  const body = section(machine, result);
  console.log(`\n## ${httpSaveHeading}\n${body}`);
  writeSection(benchmarksFile, httpSaveHeading, body);
  return result;
}

if (import.meta.filename === process.argv[1]) {
  const result = await runHttpSaveBench(path.join(process.cwd(), "BENCHMARKS.md"));
  if (typeof result === "string") process.exitCode = 1;
}
