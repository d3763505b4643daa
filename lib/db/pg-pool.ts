import pg from "pg";

export type DatabaseTimeouts = { connectMs: number; statementMs: number; idleInTransactionMs: number };

// A frozen server cannot enforce its own statement timeout; the client stops waiting this much later.
const clientGraceMs = 2_000;

const readTimeout = "Query read timeout";

/**
 * A pg client that closes its connection when the server leaves a query unanswered past the client's
 * timeout: the conversation stopped halfway (perhaps inside a transaction), so the connection must
 * not go back to the pool for the next request. Closing it also makes the server roll back.
 */
class ClosingOnTimeoutClient extends pg.Client {}

const query = pg.Client.prototype.query as (this: pg.Client, ...args: unknown[]) => unknown;
// pg's query has a dozen overloads (a callback last, or a promise); one wrapper serves them all.
ClosingOnTimeoutClient.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const closeOnTimeout = (error: unknown) => {
    if (error instanceof Error && error.message === readTimeout) this.end().catch(() => {});
  };
  const callback = args.at(-1);
  if (typeof callback === "function")
    args[args.length - 1] = (error: unknown, result: unknown) => {
      closeOnTimeout(error);
      callback(error, result);
    };
  const result = query.apply(this, args);
  if (result instanceof Promise) result.catch(closeOnTimeout);
  return result;
} as pg.Client["query"];

/** The app's Postgres pool; with `timeouts`, nothing it runs can wait on a frozen or unreachable server for long. */
export function createPgPool({ url, timeouts }: { url: string; timeouts?: DatabaseTimeouts }): pg.Pool {
  const pool = !timeouts
    ? new pg.Pool({ connectionString: url, max: 10 })
    : new pg.Pool({
        connectionString: url,
        max: 10,
        Client: ClosingOnTimeoutClient,
        connectionTimeoutMillis: timeouts.connectMs,
        statement_timeout: timeouts.statementMs,
        query_timeout: timeouts.statementMs + clientGraceMs,
        idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
      });
  return survivingDroppedConnections(pool);
}

/**
 * An idle connection the server drops (a restart, an administrator, a database dropped just after
 * the pool ended, while its sockets were still closing) is an 'error' event on the pool, which
 * without a listener throws and ends the process. The pool has already let the connection go;
 * the next query opens a new one.
 */
export function survivingDroppedConnections(pool: pg.Pool): pg.Pool {
  pool.on("error", (error) => {
    if (!pool.ending) console.warn(`A pooled database connection was closed by the server (${error.message}); the next query opens a new one`);
  });
  return pool;
}
