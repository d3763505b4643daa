// npm run db:migration -- <name>
// Writes prisma/migrations/<timestamp>_<name>/migration.sql for whatever prisma/schema.prisma
// changed since the last migration, like `prisma migrate dev --create-only` (which needs the
// native engine, not available here). Review the SQL before committing it.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { diffMigrationsToSchema, MIGRATION_LOCKFILE, readSchemaFile } from "./lib/schema-engine";

const root = path.resolve(import.meta.dirname, "..");
const migrationsDir = path.join(root, "prisma", "migrations");
const schemaPath = path.join(root, "prisma", "schema.prisma");

// The CLI's slug (sindresorhus/slugify with "_"): "addUserAvatar" and "add user-avatar" both
// become "add_user_avatar".
function slugifyMigrationName(name: string): string {
  return name
    .replace(/([a-z\d])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-rt-z\d]+)/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z\d]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 200);
}

// UTC YYYYMMDDHHMMSS, the engine's migration timestamp.
function migrationTimestamp(date: Date): string {
  return date.toISOString().replace(/\D/g, "").slice(0, 14);
}

async function main(): Promise<number> {
  const name = slugifyMigrationName(process.argv[2] ?? "");
  if (!name) {
    console.error("Usage: npm run db:migration -- <name>   (e.g. add_project_description)");
    return 1;
  }
  const schema = await readSchemaFile({ schemaPath });
  const script = await diffMigrationsToSchema({ migrationsDir, schema });
  if (!script) {
    console.log("No schema changes: prisma/schema.prisma matches prisma/migrations.");
    return 0;
  }
  const directory = path.join(migrationsDir, `${migrationTimestamp(new Date())}_${name}`);
  await mkdir(migrationsDir, { recursive: true });
  // Not recursive: refuse to overwrite a migration written in the same second.
  await mkdir(directory);
  await writeFile(path.join(directory, "migration.sql"), script, "utf8");
  await writeFile(path.join(migrationsDir, "migration_lock.toml"), MIGRATION_LOCKFILE, "utf8");
  console.log(`Wrote ${path.relative(root, path.join(directory, "migration.sql"))}:\n\n${script}`);
  return 0;
}

// Exit explicitly: the schema engine leaves a timer that would keep the process alive.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
