import pg from "pg";

/** Called with each payload; `resync` after a dropped connection came back, when notifications may have been missed. */
export type NotificationHandlers = { notify: (payload: string) => void; resync: () => void };

/** Subscribes `handlers` to NOTIFYs on `channel`; resolves once listening, to the function that stops. */
export type Listen = (channel: string, handlers: NotificationHandlers) => Promise<() => Promise<void>>;

const retryMs = 1_000;
/** Names the listening connections in pg_stat_activity. */
export const listenerApplicationName = "ide-listener";

/**
 * One LISTEN connection per process for every channel (the head channel, presence, agent turns…):
 * a pooled connection would be handed to other queries, and one connection per channel would
 * multiply by every app instance. It opens with the first subscriber, closes with the last and
 * reconnects after a drop, re-LISTENing every channel and asking each subscriber to resync. A first
 * connection's failure is thrown to the subscriber that needed it; later ones are retried.
 */
export function createPostgresListener({ url, connectMs }: { url: string; connectMs?: number }): Listen {
  const subscribers = new Map<string, Set<NotificationHandlers>>();
  /** The connection, once connected, with the channels it LISTENs on. */
  let current: { client: pg.Client; channels: Set<string> } | null = null;
  let connecting: Promise<void> | null = null;
  let retry: NodeJS.Timeout | undefined;

  const dispatch = (channel: string, payload: string) => {
    for (const handlers of subscribers.get(channel) ?? []) handlers.notify(payload);
  };

  const scheduleReconnect = () => {
    if (subscribers.size > 0) retry ??= setTimeout(reconnect, retryMs);
  };

  const connect = async () => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectMs, keepAlive: true, application_name: listenerApplicationName });
    const held = { client, channels: new Set<string>() };
    let dropped = false;
    const drop = () => {
      if (dropped) return;
      dropped = true;
      if (current === held) current = null;
      client.end().catch(() => {});
      scheduleReconnect();
    };
    client.on("notification", (m) => {
      if (m.payload) dispatch(m.channel, m.payload);
    });
    client.on("error", drop);
    client.on("end", drop);
    try {
      await client.connect();
      for (const channel of subscribers.keys()) {
        await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
        held.channels.add(channel);
      }
    } catch (error) {
      dropped = true;
      client.end().catch(() => {});
      throw error;
    }
    if (subscribers.size === 0) await client.end().catch(() => {});
    else current = held;
  };

  /** Connects unless connected or connecting; concurrent callers share one attempt. */
  const ensureConnected = async () => {
    while (!current) {
      connecting ??= connect().finally(() => (connecting = null));
      await connecting;
      if (subscribers.size === 0) return;
    }
  };

  const reconnect = () => {
    retry = undefined;
    if (subscribers.size === 0 || current) return;
    ensureConnected().then(
      () => {
        for (const set of subscribers.values()) for (const handlers of set) handlers.resync();
      },
      () => scheduleReconnect(),
    );
  };

  const unsubscribe = async (channel: string, handlers: NotificationHandlers) => {
    const set = subscribers.get(channel);
    if (!set?.delete(handlers) || set.size > 0) return;
    subscribers.delete(channel);
    const held = current;
    if (subscribers.size === 0) {
      clearTimeout(retry);
      retry = undefined;
      current = null;
      await held?.client.end().catch(() => {});
    } else if (held?.channels.delete(channel)) {
      await held.client.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`).catch(() => {});
    }
  };

  return async (channel, handlers) => {
    let set = subscribers.get(channel);
    if (!set) subscribers.set(channel, (set = new Set()));
    set.add(handlers);
    try {
      await ensureConnected();
      // Connected before this channel had subscribers: LISTEN on the live connection.
      const held = current;
      if (held && !held.channels.has(channel)) {
        held.channels.add(channel);
        await held.client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      }
    } catch (error) {
      await unsubscribe(channel, handlers);
      throw error;
    }
    return () => unsubscribe(channel, handlers);
  };
}
