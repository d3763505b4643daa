// Applies prisma/migrations at app start without Prisma's schema engine (the native one cannot be
// downloaded here, the WASM one is too heavy for start-up). Bookkeeping is Prisma's own
// `_prisma_migrations` table, so `prisma migrate deploy|status` elsewhere agree with what ran here.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { SqlExecutor } from "./sql-executor";

// The key Prisma's engine locks on, so this runner and `prisma migrate deploy` exclude each other too.
const PRISMA_MIGRATE_LOCK_KEY = 72707369;

// Prisma's own DDL for Postgres, column for column.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

type LocalMigration = { name: string; script: string; checksum: string };

type MigrationRow = {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
};

export class MigrationError extends Error {
  override name = "MigrationError";
}

/** Prisma's checksum: sha256 of migration.sql, lowercase hex. */
export function checksumMigrationScript(script: string): string {
  return createHash("sha256").update(script, "utf8").digest("hex");
}

// Prisma also accepts a checksum taken before git turned LF into CRLF (or back).
function checksumMatches(script: string, checksum: string): boolean {
  return (
    checksumMigrationScript(script) === checksum ||
    checksumMigrationScript(script.replaceAll("\r\n", "\n")) === checksum
  );
}

/** The migrations folder in Prisma's order: one `<name>/migration.sql` per directory. */
export async function readLocalMigrations({ migrationsDir }: { migrationsDir: string }): Promise<LocalMigration[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b));
  return Promise.all(
    names.map(async (name) => {
      const script = await readFile(path.join(migrationsDir, name, "migration.sql"), "utf8").catch(() => {
        throw new MigrationError(`Migration ${name} has no readable migration.sql in ${migrationsDir}.`);
      });
      return { name, script, checksum: checksumMigrationScript(script) };
    }),
  );
}

/**
 * Applies every migration in `migrationsDir` that the database has not recorded, in order, each in
 * its own transaction, under Prisma's advisory lock. Returns the names it applied (empty when the
 * database was up to date). Refuses when an applied migration's file has changed since, or when
 * Prisma recorded a failed migration that nobody resolved.
 */
export async function applyMigrations({
  executor,
  migrationsDir,
}: {
  executor: SqlExecutor;
  migrationsDir: string;
}): Promise<string[]> {
  const local = await readLocalMigrations({ migrationsDir });
  const onOneConnection = executor.withConnection?.bind(executor) ?? ((fn) => fn(executor));
  return onOneConnection(async (db) => {
    // Waits as long as another instance needs: its migrations may be slow, and the lock dies with its session.
    await db.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK_KEY]);
    try {
      await db.exec(CREATE_MIGRATIONS_TABLE);
      const pending = await findPendingMigrations({ db, local });
      for (const migration of pending) await applyOne({ db, migration });
      return pending.map((migration) => migration.name);
    } finally {
      await db.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK_KEY]);
    }
  });
}

async function findPendingMigrations({ db, local }: { db: SqlExecutor; local: LocalMigration[] }) {
  const rows = await db.query<MigrationRow>(
    "SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations",
  );
  // Rolled-back rows are history only, as in Prisma.
  const live = rows.filter((row) => row.rolled_back_at === null);
  const failed = live.filter((row) => row.finished_at === null);
  if (failed.length > 0) {
    const names = failed.map((row) => row.migration_name).join(", ");
    throw new MigrationError(
      `Migration ${names} failed earlier and is not resolved. Fix the database by hand, then mark it with ` +
        "`prisma migrate resolve --rolled-back <name>` (or `--applied`), or delete its row from _prisma_migrations.",
    );
  }
  const appliedChecksums = new Map(live.map((row) => [row.migration_name, row.checksum]));
  const edited = local.filter((m) => appliedChecksums.has(m.name) && !checksumMatches(m.script, appliedChecksums.get(m.name)!));
  if (edited.length > 0) {
    throw new MigrationError(
      `Applied migration(s) ${edited.map((m) => m.name).join(", ")} changed on disk since they ran. ` +
        "Restore the original migration.sql and put the change in a new migration (npm run db:migration -- <name>).",
    );
  }
  return local.filter((m) => !appliedChecksums.has(m.name));
}

async function applyOne({ db, migration }: { db: SqlExecutor; migration: LocalMigration }) {
  const id = randomUUID();
  // A script with its own BEGIN/COMMIT (Prisma emits one for some enum changes) ends this
  // transaction early; it still applies, just not atomically.
  await db.exec("BEGIN");
  try {
    await db.query(
      "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())",
      [id, migration.checksum, migration.name],
    );
    await db.exec(migration.script);
    await db.query(
      "UPDATE _prisma_migrations SET applied_steps_count = 1, finished_at = clock_timestamp() WHERE id = $1",
      [id],
    );
    await db.exec("COMMIT");
  } catch (error) {
    await db.exec("ROLLBACK");
    const message = error instanceof Error ? error.message : String(error);
    // Nothing of it stayed, so record it as rolled back: kept for the record, retried next start,
    // and `prisma migrate deploy` would retry it too.
    await db.query(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, started_at, rolled_back_at)
       VALUES ($1, $2, $3, $4, now(), now())`,
      [id, migration.checksum, migration.name, message],
    );
    throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${message}`, { cause: error });
  }
}
