import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { getDatabase } from "@/lib/db/client";
import { forgetPacks } from "@/lib/db/queries/object-packs";
import { getObjectsByHash } from "@/lib/db/queries/objects";
import { createProjectRow } from "@/lib/db/queries/projects";
import { collectGarbage } from "@/lib/snapshots/gc";
import { listFiles } from "@/lib/snapshots/read";
import { emptyTree } from "@/lib/snapshots/objects";
import { saveChanges } from "@/lib/snapshots/save";
import { writeObjects } from "@/lib/snapshots/store";
import { generateProject, oneFileEdits, totalBytes, writeProject, type GeneratedFile } from "./generate-project";
import { checkoutInto, commitAll, describeObjects, folderBytes, git, initRepo, looseObjects } from "./git";
import { repeat, summarize, timed, type Summary } from "./stats";

export type StorageResult = {
  database: string;
  project: { files: number; bytes: number };
  /** One-time imports of the whole project (not repeated; for context only). */
  importMs: { ours: number; git: number };
  save: {
    ms: { ours: Summary; git: Summary };
    /** Per save: rows inserted (objects + snapshot) vs loose objects written by git. */
    rows: { ours: Summary; git: Summary };
    /** Per save: uncompressed bytes of the objects written (ours: data column; git: object content). */
    bytes: { ours: Summary; git: Summary };
    /** What the last save wrote, e.g. "1 blob, 4 trees, 1 snapshot". */
    kinds: { ours: string; git: string };
  };
  load: { ms: { ours: Summary; git: Summary }; bytes: number };
  /**
   * Bytes on disk after the import and `saves` one-file saves: our three tables (heap, TOAST, indexes)
   * vs `.git/objects`; then after our collector (which compresses what saves left whole) vs `git gc`.
   */
  disk: { saves: number; ours: number; gitLoose: number; oursCollected: number; gitPacked: number; compressed: number };
};

/** Saves in all (timed ones included) before the bytes on disk are compared, as a project's early history. */
const diskSaves = 100;

const readChunk = 200;

/**
 * Our storage against git on the same generated project, in the database this process is
 * configured for (DATABASE_URL or PGLITE_DIR, read on first use by lib/db/client).
 */
export async function runStorageBench({ saveRuns, loadRuns }: { saveRuns: number; loadRuns: number }): Promise<StorageResult> {
  const files = generateProject();
  const work = await mkdtemp(path.join(tmpdir(), "bench-storage-"));
  try {
    const repo = path.join(work, "repo");
    await writeProject(repo, files);
    initRepo(repo);
    const gitImport = await timed(() => commitAll(repo, "Import"));

    const { prisma: db, kind } = await getDatabase();
    console.log(`  storage (${kind}): importing ${files.length} files, then ${saveRuns} one-file saves and ${loadRuns} full loads…`);
    const workspace = await db.workspace.create({ data: { name: "bench" } });
    const project = await createProjectRow({ workspaceId: workspace.id, name: "bench" });
    // As createProject does: a first save reads the empty root tree, which a fresh database lacks.
    await writeObjects([emptyTree]);
    const ourImport = await timed(() => saveChanges({ projectId: project.id, baseSnapshotId: null, changes: files.map(write), author: "system", userId: null }));
    let head = ourImport.value.snapshot;

    const edits = oneFileEdits(files, saveRuns + 1);
    const saves = await repeat(saveRuns, async (run) => {
      const edit = edits[run + 1]!;
      const before = await countRows();
      const ours = await timed(() => saveChanges({ projectId: project.id, baseSnapshotId: head.id, changes: [write(edit)], author: "user", userId: null }));
      const after = await countRows();
      head = ours.value.snapshot;

      await writeProject(repo, [edit]);
      const looseBefore = await looseObjects(repo);
      const gitCommit = await timed(() => commitAll(repo, `Save ${edit.path}`));
      const written = [...(await looseObjects(repo))].filter((id) => !looseBefore.has(id));
      const gitObjects = describeObjects(repo, written);
      return {
        ms: { ours: ours.ms, git: gitCommit.ms },
        rows: { ours: after.rows - before.rows, git: gitObjects.length },
        bytes: { ours: after.bytes - before.bytes, git: gitObjects.reduce((s, o) => s + o.size, 0) },
        kinds: {
          ours: describeCounts([...after.kinds].map(([kind, n]) => [kind, n - (before.kinds.get(kind) ?? 0)])),
          git: describeCounts(gitObjects.map((o) => [o.kind, 1])),
        },
      };
    });

    // What a correct full load returns: the bytes of git's checkout of the same head.
    const check = await mkdirp(path.join(work, "check"));
    checkoutInto({ repo, target: check, index: path.join(work, "check.index") });
    const expectedBytes = await folderBytes(check);
    const loads = await repeat(loadRuns, async (run) => {
      const ours = await timed(() => loadProject(head.rootTree));
      if (ours.value !== expectedBytes) throw new Error(`Loaded ${ours.value} bytes; git's checkout has ${expectedBytes}`);
      const target = await mkdirp(path.join(work, `checkout-${run + 1}`));
      const checkout = await timed(() => checkoutInto({ repo, target, index: path.join(work, `checkout-${run + 1}.index`) }));
      await rm(target, { recursive: true, force: true });
      return { ours: ours.ms, git: checkout.ms };
    });

    // Untimed saves up to diskSaves, the same edits on both sides, then the bytes each keeps.
    for (const edit of oneFileEdits(files, diskSaves + 1).slice(saveRuns + 1)) {
      head = (await saveChanges({ projectId: project.id, baseSnapshotId: head.id, changes: [write(edit)], author: "user", userId: null })).snapshot;
      await writeProject(repo, [edit]);
      commitAll(repo, `Save ${edit.path}`);
    }
    const disk = {
      saves: Math.max(diskSaves, saveRuns),
      ours: await tableBytes(["objects", "object_packs", "snapshots"]),
      gitLoose: await folderBytes(path.join(repo, ".git", "objects")),
      oursCollected: 0,
      gitPacked: 0,
      compressed: 0,
    };
    // Nothing is old enough to delete; the collector compresses what saves stored whole.
    disk.compressed = (await collectGarbage({ graceMs: 24 * 60 * 60_000 })).compressed;
    disk.oursCollected = await tableBytes(["objects", "object_packs", "snapshots"]);
    git(repo, ["gc", "-q"]);
    disk.gitPacked = await folderBytes(path.join(repo, ".git", "objects"));

    const pick = <T>(items: T[], get: (item: T) => number) => summarize(items.map(get));
    return {
      database: await describeDatabase(kind),
      project: { files: files.length, bytes: totalBytes(files) },
      importMs: { ours: ourImport.ms, git: gitImport.ms },
      save: {
        ms: { ours: pick(saves, (s) => s.ms.ours), git: pick(saves, (s) => s.ms.git) },
        rows: { ours: pick(saves, (s) => s.rows.ours), git: pick(saves, (s) => s.rows.git) },
        bytes: { ours: pick(saves, (s) => s.bytes.ours), git: pick(saves, (s) => s.bytes.git) },
        kinds: saves.at(-1)!.kinds,
      },
      load: { ms: { ours: pick(loads, (l) => l.ours), git: pick(loads, (l) => l.git) }, bytes: expectedBytes },
      disk,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const write = (f: GeneratedFile) => ({ type: "write" as const, path: f.path, content: f.content, encoding: "utf8" as const });

async function mkdirp(dir: string) {
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Rows in the two tables a save inserts into, by kind, and the bytes of the objects. */
async function countRows() {
  const { prisma: db } = await getDatabase();
  const [byKind, snapshots] = await Promise.all([
    db.storedObject.groupBy({ by: ["kind"], _count: { _all: true }, _sum: { size: true } }),
    db.snapshot.count(),
  ]);
  const kinds = new Map<string, number>(byKind.map((k) => [k.kind, k._count._all]));
  kinds.set("snapshot", snapshots);
  return { kinds, rows: [...kinds.values()].reduce((a, b) => a + b, 0), bytes: byKind.reduce((sum, k) => sum + (k._sum.size ?? 0), 0) };
}

/** Everything Postgres keeps for these tables: heap, TOAST and indexes. */
async function tableBytes(tables: string[]): Promise<number> {
  const { prisma: db } = await getDatabase();
  let sum = 0;
  for (const table of tables) {
    const rows = await db.$queryRawUnsafe<{ bytes: bigint | number }[]>(`SELECT pg_total_relation_size('${table}') AS bytes`);
    sum += Number(rows[0]?.bytes ?? 0);
  }
  return sum;
}

/**
 * Every file's bytes at a snapshot: the listing, then the blobs in batches through the existing
 * query (lib has no batched file read; readFileAt would walk the trees once per file).
 */
async function loadProject(rootTree: string): Promise<number> {
  forgetPacks();
  const entries = (await listFiles({ rootTree })).filter((e) => e.kind === "file");
  const sizeByHash = new Map<string, number>();
  const hashes = [...new Set(entries.map((e) => e.hash))];
  for (let i = 0; i < hashes.length; i += readChunk)
    for (const object of await getObjectsByHash({ hashes: hashes.slice(i, i + readChunk) })) sizeByHash.set(object.hash, object.data.byteLength);
  return entries.reduce((sum, e) => sum + (sizeByHash.get(e.hash) ?? Number.NaN), 0);
}

const kindOrder = ["blob", "tree", "snapshot", "commit"];

/** "1 blob, 4 trees, 1 commit" from [kind, count] pairs (repeated kinds are added up). */
function describeCounts(pairs: [string, number][]): string {
  const counts = new Map<string, number>();
  for (const [kind, n] of pairs) counts.set(kind, (counts.get(kind) ?? 0) + n);
  return [...counts]
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => kindOrder.indexOf(a) - kindOrder.indexOf(b))
    .map(([kind, n]) => `${n} ${kind}${n > 1 ? "s" : ""}`)
    .join(", ");
}

async function describeDatabase(kind: "postgres" | "pglite"): Promise<string> {
  const { prisma: db } = await getDatabase();
  if (kind === "pglite") return "PGlite (embedded, in memory)";
  const rows = await db.$queryRawUnsafe<{ v: string }[]>(
    "SELECT current_setting('server_version') || ', fsync ' || current_setting('fsync') || ', synchronous_commit ' || current_setting('synchronous_commit') AS v",
  );
  return `PostgreSQL ${rows[0]?.v ?? "?"}`;
}
