import { createHash, randomBytes } from "node:crypto";
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "@/lib/db/migrate";
import { pgExecutor, pgliteExecutor, type SqlExecutor } from "@/lib/db/sql-executor";
import { diffMigrationsToSchema, readMigrationsList, readSchemaFile, withSchemaEngine } from "@/scripts/lib/schema-engine";
import { createDatabase, databaseUrlOn, dropDatabase } from "@/scripts/lib/throwaway-database";

const root = path.resolve(import.meta.dirname, "../..");
const migrationsDir = path.join(root, "prisma", "migrations");
const schemaPath = path.join(root, "prisma", "schema.prisma");
const noFilters = { externalTables: [], externalEnums: [] };

async function localMigrationNames(dir = migrationsDir): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

async function copyMigrations(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "migrations-"));
  await cp(migrationsDir, dir, { recursive: true });
  return dir;
}

type MigrationRow = {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
  applied_steps_count: number;
};

async function expectRecordedAsPrismaWould(executor: SqlExecutor) {
  const rows = await executor.query<MigrationRow>("SELECT * FROM _prisma_migrations ORDER BY migration_name");
  const names = await localMigrationNames();
  expect(rows.map((row) => row.migration_name)).toEqual(names);
  for (const row of rows) {
    const script = await readFile(path.join(migrationsDir, row.migration_name, "migration.sql"));
    expect(row.checksum).toBe(createHash("sha256").update(script).digest("hex"));
    expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(row.finished_at).toBeInstanceOf(Date);
    expect(row.rolled_back_at).toBeNull();
    expect(row.logs).toBeNull();
    expect(row.applied_steps_count).toBe(1);
  }
}

describe("prisma/schema.prisma and prisma/migrations", () => {
  it("describe the same database", async () => {
    const schema = await readSchemaFile({ schemaPath });
    const missingSql = await diffMigrationsToSchema({ migrationsDir, schema });
    expect(
      missingSql,
      "prisma/schema.prisma has changes that no migration contains. Run `npm run db:migration -- <name>`, " +
        `review the new prisma/migrations/<timestamp>_<name>/migration.sql and commit it. Missing SQL:\n${missingSql}`,
    ).toBe("");
  });

  it("the drift check notices a field added to the schema", async () => {
    const schema = await readSchemaFile({ schemaPath });
    const content = schema.content.replace("model Project {\n", "model Project {\n  description String?\n");
    expect(content).not.toBe(schema.content);
    const sql = await diffMigrationsToSchema({ migrationsDir, schema: { ...schema, content } });
    expect(sql).toMatch(/ALTER TABLE "projects" ADD COLUMN\s+"description" TEXT/);
  });
});

describe("applyMigrations on PGlite", () => {
  let db: PGlite;
  const tempDirs: string[] = [];

  beforeAll(async () => {
    db = new PGlite();
    await db.waitReady;
  });
  afterAll(() => db.close());
  afterEach(async () => {
    // Each test starts from an empty database.
    await db.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
    await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it("applies every migration once and records it as Prisma does", async () => {
    const executor = pgliteExecutor(db);
    expect(await applyMigrations({ executor, migrationsDir })).toEqual(await localMigrationNames());
    expect(await applyMigrations({ executor, migrationsDir })).toEqual([]);
    await expectRecordedAsPrismaWould(executor);
    const tables = await executor.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('users', 'workspaces', 'projects', 'objects', 'snapshots')",
    );
    expect(tables[0]?.n).toBe(5);
  });

  it("leaves a history Prisma's own engine sees as applied and unedited", async () => {
    await applyMigrations({ executor: pgliteExecutor(db), migrationsDir });
    const schema = await readSchemaFile({ schemaPath });
    const migrationsList = await readMigrationsList({ migrationsDir });
    const { diagnosis, deploy } = await withSchemaEngine({ schema, mainDb: db }, async (engine) => ({
      diagnosis: await engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: noFilters }),
      deploy: await engine.applyMigrations({ migrationsList, filters: noFilters }),
    }));
    expect(diagnosis).toEqual({ editedMigrationNames: [], failedMigrationNames: [], hasMigrationsTable: true, history: null });
    expect(deploy.appliedMigrationNames).toEqual([]);
  });

  it("refuses to run when an applied migration was edited", async () => {
    const dir = await copyMigrations();
    tempDirs.push(dir);
    const executor = pgliteExecutor(db);
    await applyMigrations({ executor, migrationsDir: dir });
    const [first] = await localMigrationNames(dir);
    await appendFile(path.join(dir, first!, "migration.sql"), "\n-- an afterthought\n");
    await expect(applyMigrations({ executor, migrationsDir: dir })).rejects.toThrow(/changed on disk/);
  });

  it("rolls a failing migration back whole, records it as rolled back, and retries it next time", async () => {
    const dir = await copyMigrations();
    tempDirs.push(dir);
    const broken = path.join(dir, "99990101000000_broken");
    await mkdir(broken);
    await writeFile(path.join(broken, "migration.sql"), 'CREATE TABLE "half_done" ("id" INT);\nSELECT * FROM "no_such_table";\n');
    const executor = pgliteExecutor(db);

    await expect(applyMigrations({ executor, migrationsDir: dir })).rejects.toThrow(/99990101000000_broken failed/);
    const halfDone = await executor.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'");
    expect(halfDone).toEqual([]);
    const [row] = await executor.query<MigrationRow>(
      "SELECT * FROM _prisma_migrations WHERE migration_name = '99990101000000_broken'",
    );
    expect(row?.rolled_back_at).toBeInstanceOf(Date);
    expect(row?.logs).toMatch(/no_such_table/);

    await writeFile(path.join(broken, "migration.sql"), 'CREATE TABLE "half_done" ("id" INT);\n');
    expect(await applyMigrations({ executor, migrationsDir: dir })).toEqual(["99990101000000_broken"]);
  });
});

// Real Postgres when there is one: DATABASE_URL_TEST if set (then it must work), else the local default.
const adminUrl = process.env.DATABASE_URL_TEST ?? "postgresql://postgres@127.0.0.1:5432/test";
const postgresRequired = Boolean(process.env.DATABASE_URL_TEST);

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const postgresAvailable = postgresRequired || (await canConnect(adminUrl));

describe.skipIf(!postgresAvailable)("applyMigrations on Postgres", () => {
  const databaseName = `migrate_test_${randomBytes(6).toString("hex")}`;
  const databaseUrl = databaseUrlOn({ adminUrl, name: databaseName });
  const pools: pg.Pool[] = [];
  const newPool = () => {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    // DROP DATABASE ... WITH (FORCE) terminates connections still closing; that is expected here.
    pool.on("error", () => {});
    pools.push(pool);
    return pool;
  };

  beforeAll(() => createDatabase({ adminUrl, name: databaseName }));
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await dropDatabase({ adminUrl, name: databaseName });
  });

  it("applies every migration exactly once when two instances start at once", async () => {
    const [a, b] = await Promise.all([
      applyMigrations({ executor: pgExecutor(newPool()), migrationsDir }),
      applyMigrations({ executor: pgExecutor(newPool()), migrationsDir }),
    ]);
    expect([...a!, ...b!].sort()).toEqual(await localMigrationNames());
    await expectRecordedAsPrismaWould(pgExecutor(newPool()));
  });

  it("is a no-op on an up-to-date database, also through a single pg client", async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      expect(await applyMigrations({ executor: pgExecutor(client), migrationsDir })).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
