import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { createPostgresListener, type Listen } from "./listen";
import { applyMigrations } from "./migrate";
import { PrismaClient } from "./generated/client";
import { createPgPool, survivingDroppedConnections, type DatabaseTimeouts } from "./pg-pool";
import { pgExecutor, pgliteExecutor } from "./sql-executor";

export type DatabaseKind = "postgres" | "pglite";
export type Database = {
  prisma: PrismaClient;
  kind: DatabaseKind;
  /** Receives NOTIFYs on `channel` until the returned function is called (Postgres: one connection for all channels). */
  listen: Listen;
  close: () => Promise<void>;
};

export type OpenDatabaseOptions = {
  /** A Postgres URL; without it the embedded PGlite is used. */
  url?: string;
  /** PGlite data folder, or "memory://" for a throwaway database. */
  pgliteDir?: string;
  migrationsDir?: string;
  /** Postgres only: without them a frozen or unreachable server holds requests indefinitely. */
  timeouts?: DatabaseTimeouts;
};

const defaultMigrationsDir = () => path.join(process.cwd(), "prisma", "migrations");

/** Opens the database and brings its schema up to date before anything reads it. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const migrationsDir = options.migrationsDir ?? defaultMigrationsDir();
  const url = options.url;
  if (url) {
    // Migrations may run longer than any request's statement, so they get a pool of their own.
    const migrationPool = survivingDroppedConnections(new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: options.timeouts?.connectMs }));
    try {
      await applyMigrations({ executor: pgExecutor(migrationPool), migrationsDir });
    } finally {
      await migrationPool.end();
    }
    const pool = createPgPool({ url: url, timeouts: options.timeouts });
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    return {
      prisma,
      kind: "postgres",
      listen: createPostgresListener({ url, connectMs: options.timeouts?.connectMs }),
      close: async () => {
        await prisma.$disconnect();
        await pool.end();
      },
    };
  }
  const dir = options.pgliteDir ?? path.join(process.cwd(), ".data", "pglite");
  // PGlite does not create missing parent folders.
  if (!dir.startsWith("memory://")) mkdirSync(dir, { recursive: true });
  const pglite = new PGlite(dir, { parsers: byteaParsers, serializers: byteaSerializers });
  await pglite.waitReady;
  await applyMigrations({ executor: pgliteExecutor(pglite), migrationsDir });
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    prisma,
    kind: "pglite",
    // One process holds the database, so nothing is missed and there is no connection to lose.
    listen: async (channel, handlers) => {
      const unlisten = await pglite.listen(channel, handlers.notify);
      return () => unlisten();
    },
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

// PGlite's own bytea codec converts byte by byte in JavaScript (parseInt per byte in, map/join out):
// reading a 22 MB project took seconds. Node's hex codec does the same in native code.
const byteaOid = 17;
const byteaParsers = {
  [byteaOid]: (hex: string) => {
    const bytes = Buffer.from(hex.slice(2), "hex");
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  },
};
const byteaSerializers = {
  [byteaOid]: (value: unknown) => {
    if (!(value instanceof Uint8Array)) throw new Error("Invalid input for bytea type");
    return "\\x" + Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex");
  },
};
