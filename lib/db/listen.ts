import pg from "pg";

/** Called with each payload; `resync` after a dropped connection came back, when notifications may have been missed. */
export type NotificationHandlers = { notify: (payload: string) => void; resync: () => void };

const retryMs = 1_000;
/** Names the listening connections in pg_stat_activity. */
export const listenerApplicationName = "ide-listener";

/**
 * LISTENs on one channel over a connection of its own (a pooled one would be handed to other
 * queries), reconnecting after a drop. Resolves once listening; the first connection's failure
 * is thrown, later ones are retried.
 */
export async function listenOnPostgres({
  url,
  channel,
  connectMs,
  handlers,
}: {
  url: string;
  channel: string;
  connectMs?: number;
  handlers: NotificationHandlers;
}): Promise<() => Promise<void>> {
  let current: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async () => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectMs, keepAlive: true, application_name: listenerApplicationName });
    let dropped = false;
    const drop = () => {
      if (dropped) return;
      dropped = true;
      if (current === client) current = null;
      client.end().catch(() => {});
      if (!closed) retry ??= setTimeout(reconnect, retryMs);
    };
    client.on("notification", (m) => {
      if (m.channel === channel && m.payload) handlers.notify(m.payload);
    });
    client.on("error", drop);
    client.on("end", drop);
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      dropped = true;
      client.end().catch(() => {});
      throw error;
    }
    if (closed) await client.end().catch(() => {});
    else current = client;
  };
  const reconnect = () => {
    retry = undefined;
    if (closed) return;
    connect().then(
      () => handlers.resync(),
      () => {
        if (!closed) retry ??= setTimeout(reconnect, retryMs);
      },
    );
  };

  await connect();
  return async () => {
    closed = true;
    clearTimeout(retry);
    await current?.end().catch(() => {});
    current = null;
  };
}
