import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgPool } from "@/lib/db/pg-pool";
import { startDatabaseProxy, type DatabaseProxy } from "../support/database-proxy";

// Postgres only: the pool is not used with PGlite.
describe.skipIf(!process.env.DATABASE_URL)("the Postgres pool when the server stops answering", () => {
  let proxy: DatabaseProxy;
  let url: string;

  beforeAll(async () => {
    const real = new URL(process.env.DATABASE_URL!);
    proxy = await startDatabaseProxy({ host: real.hostname, port: Number(real.port || 5432) });
    const viaProxy = new URL(real);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    url = viaProxy.toString();
  });

  afterAll(() => proxy.close());

  it("closes a connection whose query timed out instead of lending it, mid-transaction, to the next caller", async () => {
    const pool = createPgPool({ url, timeouts: { connectMs: 1000, statementMs: 500, idleInTransactionMs: 60_000 } });
    try {
      const client = await pool.connect();
      await client.query("BEGIN");
      proxy.freeze();
      await expect(client.query("SELECT 1")).rejects.toThrow(/timeout/);
      client.release();
      proxy.thaw();
      expect(pool.totalCount).toBe(0);
      // A fresh connection, not one still inside the transaction the freeze interrupted.
      const { rows } = await pool.query("SELECT xact_start = query_start AS fresh FROM pg_stat_activity WHERE pid = pg_backend_pid()");
      expect(rows).toEqual([{ fresh: true }]);
    } finally {
      await pool.end();
    }
  });
});
