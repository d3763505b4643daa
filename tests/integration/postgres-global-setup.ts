import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { adminDatabaseUrl, dropDatabase } from "@/scripts/lib/throwaway-database";

/**
 * Throwaway databases on the real Postgres server, one per test worker (postgres-setup.ts makes
 * each on first use, so files running side by side never share rows), all dropped afterwards.
 */
export default async function setup(project: TestProject) {
  const adminUrl = adminDatabaseUrl();
  const prefix = `ide_test_${randomBytes(6).toString("hex")}`;
  project.provide("postgres", { adminUrl, prefix });
  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${prefix}%`]);
      for (const { datname } of rows) await dropDatabase({ adminUrl, name: datname });
    } finally {
      await client.end();
    }
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    postgres: { adminUrl: string; prefix: string };
  }
}
