import "server-only";
import { env } from "@/lib/env";
import { openDatabase, type Database } from "./open";

// One database per process: PGlite may only be opened once, and a pg pool is meant to be shared.
// Kept on globalThis so Next's dev-mode module reloads reuse it.
const holder = globalThis as unknown as { __ideDatabase?: Promise<Database> };

/** The process's database, opened (and migrated) on first use. */
export function getDatabase(): Promise<Database> {
  holder.__ideDatabase ??= openDatabase({
    url: process.env.DATABASE_URL || undefined,
    pgliteDir: process.env.PGLITE_DIR || undefined,
    timeouts: {
      connectMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      statementMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
      idleInTransactionMs: env.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
  }).catch((error: unknown) => {
    holder.__ideDatabase = undefined;
    throw error;
  });
  return holder.__ideDatabase;
}

export async function getDb() {
  return (await getDatabase()).prisma;
}
