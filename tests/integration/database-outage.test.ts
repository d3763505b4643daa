import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as projectsRoute from "@/app/api/projects/route";
import { startDatabaseProxy, type DatabaseProxy } from "../support/database-proxy";
import { call, signUpUser, type TestUser } from "./helpers";

// Short timeouts so a frozen database answers within the test; read once when lib/env loads.
vi.hoisted(() => {
  process.env.DATABASE_CONNECT_TIMEOUT_MS = "1000";
  process.env.DATABASE_STATEMENT_TIMEOUT_MS = "1000";
});

// Postgres only: PGlite runs inside the process and cannot freeze or go away.
describe.skipIf(!process.env.DATABASE_URL)("when the database freezes or goes away", () => {
  let proxy: DatabaseProxy;
  let user: TestUser;
  const errors: string[] = [];

  beforeAll(async () => {
    const real = new URL(process.env.DATABASE_URL!);
    proxy = await startDatabaseProxy({ host: real.hostname, port: Number(real.port || 5432) });
    const viaProxy = new URL(real);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    // lib/db opens the database on first use, which is after this.
    process.env.DATABASE_URL = viaProxy.toString();
    user = await signUpUser("Outage");
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void errors.push(args.map(String).join(" ")));
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    await proxy.close();
  });

  const expectUnavailable = (res: Awaited<ReturnType<typeof call>>) => {
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(res.data.error.code).toBe("unavailable:database");
    expect(res.data.error.message).toMatch(/database .* try again/i);
  };

  it("answers 503 with Retry-After while Postgres is frozen, instead of hanging", async () => {
    expect((await call(projectsRoute.GET, { user })).status).toBe(200);
    proxy.freeze();
    // Pooled connections time out on their statement; new ones on connecting.
    for (let i = 0; i < 3; i++) expectUnavailable(await call(projectsRoute.GET, { user }));
    expectUnavailable(await call(projectsRoute.POST, { user, json: { name: "During the freeze" } }));
    proxy.thaw();
    const res = await call(projectsRoute.GET, { user });
    expect(res.status).toBe(200);
    expect(res.data.projects.map((p: { name: string }) => p.name)).not.toContain("During the freeze");
  });

  it("answers 503 with Retry-After while Postgres is down, and recovers when it is back", async () => {
    await proxy.goDown();
    for (let i = 0; i < 3; i++) expectUnavailable(await call(projectsRoute.GET, { user }));
    expectUnavailable(await call(projectsRoute.POST, { user, json: { name: "During the outage" } }));
    await proxy.comeBack();
    let res = await call(projectsRoute.GET, { user });
    // The pool may still hand out one connection the outage killed; the next request gets a fresh one.
    if (res.status === 503) res = await call(projectsRoute.GET, { user });
    expect(res.status).toBe(200);
    expect(res.data.projects.map((p: { name: string }) => p.name)).not.toContain("During the outage");
  });

  it("logs one line per kind of failure, not a stack trace per request", () => {
    // 8 failed requests, 2 kinds of failure: 2 lines, and nothing from the routes or better-auth.
    expect(errors).toEqual([expect.stringMatching(/^Database timeout: .+/), expect.stringMatching(/^Database unreachable: .+/)]);
  });
});
