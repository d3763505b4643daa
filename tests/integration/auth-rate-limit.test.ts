import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createAuth, type AuthRateLimit } from "@/lib/auth/auth";
import { authRequest } from "@/lib/auth/auth-request";
import { getDb } from "@/lib/db/client";
import { startEdgeServer } from "../support/edge-server";

// Sign-in attempts through the app's edge and better-auth's real limiter, with the limit set here
// (the e2e server raises it so its sign-ups never wait on it).
const limit: AuthRateLimit = { max: 3, window: 60 };
const password = "correct horse battery";

/** An app instance: its own better-auth (own memory, like another process) on the shared database. */
async function startInstance(trustedProxyHops = 0) {
  const auth = await createAuth({ credentialLimit: limit });
  return startEdgeServer({ trustedProxyHops, handle: async (req) => auth.handler(await authRequest(req)) });
}

const servers: Awaited<ReturnType<typeof startInstance>>[] = [];
const instance = async (hops = 0) => {
  const server = await startInstance(hops);
  servers.push(server);
  return server;
};

async function signIn(origin: string, { email, forwardedFor }: { email: string; forwardedFor?: string }) {
  const res = await fetch(`${origin}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) },
    body: JSON.stringify({ email, password: "wrong password!" }),
  });
  return res.status;
}

describe("sign-in rate limit", () => {
  let email: string;

  beforeEach(async () => {
    const db = await getDb();
    await db.rateLimit.deleteMany({});
    email = `limited-${randomUUID()}@example.test`;
    const auth = await createAuth();
    await auth.api.signUpEmail({ body: { email, password, name: "Limited" }, headers: new Headers({ host: "localhost:3000" }) });
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it("counts by the connection's address, whatever X-Forwarded-For says", async () => {
    const { origin } = await instance();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push(await signIn(origin, { email, forwardedFor: `198.51.100.${i + 1}` }));
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429, 429, 429]);
  });

  it("is shared by every app instance on the database", async () => {
    const [a, b] = [await instance(), await instance()];
    const statuses: number[] = [];
    for (const origin of [a.origin, b.origin, a.origin, b.origin, a.origin, b.origin]) statuses.push(await signIn(origin, { email }));
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
    const db = await getDb();
    expect(await db.rateLimit.count({ where: { key: { startsWith: "127.0.0.1|" } } })).toBe(1);
  });

  it("behind a trusted proxy, counts by the address the proxy saw, not what the client put before it", async () => {
    const { origin } = await instance(1);
    const spoofed: number[] = [];
    for (let i = 0; i < 5; i++) spoofed.push(await signIn(origin, { email, forwardedFor: `10.0.0.${i}, 203.0.113.7` }));
    expect(spoofed).toEqual([401, 401, 401, 429, 429]);
    // Another client behind the same proxy has its own count.
    expect(await signIn(origin, { email, forwardedFor: "203.0.113.8" })).toBe(401);
  });
});
