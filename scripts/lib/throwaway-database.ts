// A database of its own on a real PostgreSQL server for one run (a benchmark, a test suite), dropped after it.
import pg from "pg";

/** The server to make throwaway databases on: TEST_DATABASE_URL, else the local default. */
export const adminDatabaseUrl = () => process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** The URL of the database `name` on the server `adminUrl` points at. */
export function databaseUrlOn({ adminUrl, name }: { adminUrl: string; name: string }): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

// CREATE and DROP DATABASE run outside the database itself, each on a connection of its own.
async function queryServer({ adminUrl, sql }: { adminUrl: string; sql: string }) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates the database `name` and returns its URL. */
export async function createDatabase({ adminUrl, name }: { adminUrl: string; name: string }): Promise<string> {
  await queryServer({ adminUrl, sql: `CREATE DATABASE "${name}"` });
  return databaseUrlOn({ adminUrl, name });
}

/** The URL of the database `name`, created first if it does not exist yet. */
export async function ensureDatabase({ adminUrl, name }: { adminUrl: string; name: string }): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return databaseUrlOn({ adminUrl, name });
}

/** Drops the database `name`, closing any connection still open to it. */
export async function dropDatabase({ adminUrl, name }: { adminUrl: string; name: string }): Promise<void> {
  await queryServer({ adminUrl, sql: `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)` });
}

/** Runs `run` against a new database `name` and drops the database afterwards, also when `run` fails. */
export async function withThrowawayDatabase<T>({ adminUrl, name, run }: { adminUrl: string; name: string; run: (databaseUrl: string) => Promise<T> }): Promise<T> {
  const databaseUrl = await createDatabase({ adminUrl, name });
  try {
    return await run(databaseUrl);
  } finally {
    await dropDatabase({ adminUrl, name });
  }
}
