import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgPool } from "@/lib/db/pg-pool";
import { startDatabaseProxy, type DatabaseProxy } from "../support/database-proxy";

// Postgres only: the pool is not used with PGlite.
describe.skipIf(!process.env.DATABASE_URL)("the Postgres pool when the server stops answering or drops a connection", () => {
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

  it("outlives an idle connection the server drops, and opens a new one for the next query", async () => {
    const pool = createPgPool({ url: process.env.DATABASE_URL!, timeouts: { connectMs: 1000, statementMs: 5000, idleInTransactionMs: 60_000 } });
    const thrown: unknown[] = [];
    const record = (error: unknown) => thrown.push(error);
    // Unhandled, an 'error' event on the pool is thrown: it would end the process.
    process.on("uncaughtException", record);
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    try {
      const { rows } = await pool.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      expect(pool.idleCount).toBe(1);
      await admin.query("SELECT pg_terminate_backend($1)", [rows[0]!.pid]);
      await expect.poll(() => pool.totalCount).toBe(0);
      expect(thrown).toEqual([]);
      const again = await pool.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      expect(again.rows[0]!.pid).not.toBe(rows[0]!.pid);
    } finally {
      process.off("uncaughtException", record);
      await admin.end();
      await pool.end();
    }
  });
});
