// Raw SQL access for the migration runner, below Prisma: migrations must run before the client
// may touch the schema, and the same runner serves pg (server) and PGlite (embedded, tests).
import type { PGlite } from "@electric-sql/pglite";
import type { Client, Pool, PoolClient } from "pg";

export type SqlRow = Record<string, unknown>;

export type SqlExecutor = {
  /** One statement with $1-style parameters; resolves to its rows. */
  query<Row extends SqlRow = SqlRow>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** A script of several statements, without parameters. */
  exec(sql: string): Promise<void>;
  /**
   * Runs `fn` on one dedicated connection, for session state such as advisory locks and
   * transactions. Absent when the executor already is a single connection.
   */
  withConnection?<T>(fn: (connection: SqlExecutor) => Promise<T>): Promise<T>;
};

function isPool(source: Pool | Client | PoolClient): source is Pool {
  // Duck-typed: only pools count their clients.
  return "totalCount" in source;
}

/** An executor over node-postgres; a pool hands out one connection per `withConnection`. */
export function pgExecutor(source: Pool | Client | PoolClient): SqlExecutor {
  const executor: SqlExecutor = {
    async query<Row extends SqlRow = SqlRow>(sql: string, params?: unknown[]) {
      return (await source.query<Row>(sql, params)).rows;
    },
    async exec(sql) {
      // Without parameters pg uses the simple query protocol, which accepts several statements.
      await source.query(sql);
    },
  };
  if (!isPool(source)) return executor;
  return {
    ...executor,
    async withConnection(fn) {
      const client = await source.connect();
      try {
        const result = await fn(pgExecutor(client));
        client.release();
        return result;
      } catch (error) {
        // Destroy rather than reuse a connection that may still be inside a transaction.
        client.release(error instanceof Error ? error : true);
        throw error;
      }
    },
  };
}

/** An executor over a PGlite instance, which is a single connection. */
export function pgliteExecutor(db: PGlite): SqlExecutor {
  return {
    async query<Row extends SqlRow = SqlRow>(sql: string, params?: unknown[]) {
      return (await db.query<Row>(sql, params)).rows;
    },
    async exec(sql) {
      await db.exec(sql);
    },
  };
}
