import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { createPostgresListener, listenerApplicationName, type NotificationHandlers } from "@/lib/db/listen";

// Postgres only: PGlite listens in-process, without connections.
describe.skipIf(!process.env.DATABASE_URL)("the process's one LISTEN connection", () => {
  const url = process.env.DATABASE_URL!;
  const admin = new pg.Pool({ connectionString: url, max: 2 });
  // Each test gets its own application name, so tests running at once do not count each other's connections.
  const appName = () => `${listenerApplicationName}-${Math.random().toString(36).slice(2, 10)}`;
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  function recorder() {
    const payloads: string[] = [];
    let resyncs = 0;
    const handlers: NotificationHandlers = { notify: (p) => payloads.push(p), resync: () => void resyncs++ };
    return { handlers, payloads, resyncs: () => resyncs };
  }

  async function connections(name: string): Promise<number> {
    const { rows } = await admin.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()",
      [name],
    );
    return rows[0]!.n;
  }

  async function until(check: () => boolean | Promise<boolean>, what: string) {
    const deadline = Date.now() + 10_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  const channel = (name: string) => `test_${name}_${process.pid}`;
  const notify = (ch: string, payload: string) => admin.query("SELECT pg_notify($1, $2)", [ch, payload]);

  it("serves several channels over one connection, and closes it with the last subscriber", async () => {
    const name = appName();
    const listen = createPostgresListener({ url: `${url}${url.includes("?") ? "&" : "?"}application_name=${name}` });
    const [a, b, a2] = [recorder(), recorder(), recorder()];
    const stopA = await listen(channel("a"), a.handlers);
    const stopB = await listen(channel("b"), b.handlers);
    const stopA2 = await listen(channel("a"), a2.handlers);
    expect(await connections(name)).toBe(1);

    await notify(channel("a"), "one");
    await notify(channel("b"), "two");
    await until(() => a.payloads.length === 1 && a2.payloads.length === 1 && b.payloads.length === 1, "both channels");
    expect([a.payloads, a2.payloads, b.payloads]).toEqual([["one"], ["one"], ["two"]]);

    await stopA();
    await notify(channel("a"), "three");
    await until(() => a2.payloads.length === 2, "the remaining subscriber");
    expect(a.payloads).toEqual(["one"]);

    await stopA2();
    await stopB();
    await until(async () => (await connections(name)) === 0, "the connection to close");
  });

  it("after a dropped connection LISTENs on every channel again and asks every subscriber to resync", async () => {
    const name = appName();
    const listen = createPostgresListener({ url: `${url}${url.includes("?") ? "&" : "?"}application_name=${name}` });
    const [a, b] = [recorder(), recorder()];
    const stops = [await listen(channel("c"), a.handlers), await listen(channel("d"), b.handlers)];
    cleanups.push(() => Promise.all(stops.map((stop) => stop())));

    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [name]);
    await until(() => a.resyncs() === 1 && b.resyncs() === 1, "the resync");
    expect(await connections(name)).toBe(1);
    await notify(channel("c"), "after");
    await notify(channel("d"), "after");
    await until(() => a.payloads.length === 1 && b.payloads.length === 1, "notifications after reconnecting");
  });

  it("a subscriber that could not connect gets the error, and leaves nothing behind", async () => {
    const listen = createPostgresListener({ url: "postgres://nobody@127.0.0.1:1/none", connectMs: 500 });
    await expect(listen(channel("e"), recorder().handlers)).rejects.toThrow();
  });
});
