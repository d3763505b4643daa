import { randomBytes } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { getDatabase } from "@/lib/db/client";
import { adminDatabaseUrl, createDatabase, dropDatabase } from "@/scripts/lib/throwaway-database";

/**
 * Gives the calling test file a Postgres database of its own (PGlite ones already are), for tests
 * that compare every row before and after a request: other files write to the shared one meanwhile.
 * Call it before any hook that touches the database.
 */
export function withOwnDatabase() {
  if (!process.env.DATABASE_URL) return;
  const adminUrl = adminDatabaseUrl();
  const name = `ide_test_own_${randomBytes(6).toString("hex")}`;
  beforeAll(async () => {
    // lib/db opens the database on first use, which is after this.
    process.env.DATABASE_URL = await createDatabase({ adminUrl, name });
  });
  afterAll(async () => {
    await (await getDatabase()).close();
    await dropDatabase({ adminUrl, name });
  });
}
