import { createHash } from "node:crypto";
import { NextResponse } from "next/server";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as tokenRoute from "@/app/api/tokens/[tokenId]/route";
import * as tokensRoute from "@/app/api/tokens/route";
import { authenticateBearer, createApiToken } from "@/lib/auth/api-tokens";
import { getDb } from "@/lib/db/client";
import { route } from "@/lib/http";
import { apiTokenLimits, type ApiTokenSummary } from "@/lib/validation/api-tokens";
import { call, signUpUser, type TestUser } from "./helpers";

let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  alice = await signUpUser("Alice");
  bob = await signUpUser("Bob");
});

/** Stands in for the headless agent route: who does this bearer token act for? */
const whoAmI = route(async (req) => NextResponse.json({ caller: await authenticateBearer(req.headers) }));

/** A request carrying only a bearer token, no session cookie. */
const bearer = (authorization: string) => ({
  user: { userId: "", email: "", headers: new Headers({ authorization, host: "localhost:3000" }) },
});

async function newToken(user: TestUser, name = "CI") {
  const res = await call(tokensRoute.POST, { user, json: { name } });
  expect(res.status).toBe(201);
  return res.data as { token: ApiTokenSummary; secret: string };
}

async function listTokens(user: TestUser): Promise<ApiTokenSummary[]> {
  const res = await call(tokensRoute.GET, { user });
  expect(res.status).toBe(200);
  return res.data.tokens;
}

const revoke = (user: TestUser, tokenId: string) => call(tokenRoute.DELETE, { user, params: { tokenId }, method: "DELETE" });

afterEach(() => {
  vi.useRealTimers();
});

describe("API tokens", () => {
  it("creates a token whose secret is answered once, and lists it without the secret", async () => {
    const { token, secret } = await newToken(alice, "  Laptop  ");
    expect(secret).toMatch(/^ide_[A-Za-z0-9_-]{43}$/);
    expect(token).toEqual({
      id: expect.any(String),
      name: "Laptop",
      prefix: secret.slice(0, 12),
      createdAt: expect.any(String),
      lastUsedAt: null,
      revokedAt: null,
      workspace: null,
    });

    const listRes = await call(tokensRoute.GET, { user: alice });
    expect(listRes.data.tokens).toContainEqual(token);
    expect(JSON.stringify(listRes.data)).not.toContain(secret);
    expect(JSON.stringify(listRes.data)).not.toContain("tokenHash");
    expect(await listTokens(bob)).toEqual([]);
  });

  it("stores only the SHA-256 of the secret", async () => {
    const { token, secret } = await newToken(alice);
    const db = await getDb();
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(row.tokenHash).toBe(createHash("sha256").update(secret).digest("hex"));
    expect(Object.values(row).map(String).some((value) => value.includes(secret))).toBe(false);
  });

  it("gives every token its own secret", async () => {
    const [a, b] = await Promise.all([newToken(alice), newToken(alice)]);
    expect(a.secret).not.toBe(b.secret);
    expect(a.token.id).not.toBe(b.token.id);
  });

  it("authenticates a bearer token as its owner and records the use at most once a minute", async () => {
    const { token, secret } = await newToken(alice);
    const res = await call(whoAmI, bearer(`Bearer ${secret}`));
    expect(res.status).toBe(200);
    expect(res.data.caller).toEqual({ userId: alice.userId, name: "Alice", email: alice.email, token: { id: token.id, workspaceId: null } });

    const db = await getDb();
    const firstUse = (await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt;
    expect(firstUse).toBeInstanceOf(Date);
    expect((await listTokens(alice)).find((t) => t.id === token.id)?.lastUsedAt).toBe(firstUse!.toISOString());

    // The scheme is case-insensitive (RFC 6750); a second use within the minute writes nothing.
    expect((await call(whoAmI, bearer(`bearer ${secret}`))).data.caller.userId).toBe(alice.userId);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt).toEqual(firstUse);

    // A minute later (past the 5 s cache of valid tokens too) it is recorded again.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 61_000);
    await call(whoAmI, bearer(`Bearer ${secret}`));
    const again = (await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt;
    expect(again!.getTime()).toBeGreaterThan(firstUse!.getTime() + 60_000);
  });

  it("answers null without an Authorization header, so a route can fall back to the session", async () => {
    expect(await authenticateBearer(new Headers())).toBeNull();
    expect(await authenticateBearer(alice.headers)).toBeNull();
  });

  it.each([
    ["another scheme", "Basic dXNlcjpwYXNz", "unauthorized:malformed_token", /Bearer <token>/],
    ["no token", "Bearer", "unauthorized:malformed_token", /Bearer <token>/],
    ["two tokens", "Bearer a b", "unauthorized:malformed_token", /Bearer <token>/],
    ["an empty header", "", "unauthorized:malformed_token", /Bearer <token>/],
    ["a foreign token", "Bearer sk-1234567890", "unauthorized:invalid_token", /ide_/],
    ["an unknown token", `Bearer ide_${"A".repeat(43)}`, "unauthorized:invalid_token", /not valid/],
  ])("refuses %s with 401 and a message", async (_label, authorization, code, message) => {
    const res = await call(whoAmI, bearer(authorization));
    expect(res.status).toBe(401);
    expect(res.data.error.code).toBe(code);
    expect(res.data.error.message).toMatch(message);
  });

  it("revokes a token: it stays listed as revoked and no longer authenticates", async () => {
    const { token, secret } = await newToken(alice, "Old script");
    const res = await revoke(alice, token.id);
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ revoked: true });

    const listed = (await listTokens(alice)).find((t) => t.id === token.id);
    expect(listed?.revokedAt).toEqual(expect.any(String));

    const denied = await call(whoAmI, bearer(`Bearer ${secret}`));
    expect(denied.status).toBe(401);
    expect(denied.data.error.code).toBe("unauthorized:revoked_token");
    expect(denied.data.error.message).toMatch(/revoked/);

    // Revoking again is harmless and keeps the first revocation time.
    expect((await revoke(alice, token.id)).status).toBe(200);
    expect((await listTokens(alice)).find((t) => t.id === token.id)?.revokedAt).toBe(listed?.revokedAt);
  });

  it("answers 404 to another user revoking a token, and leaves it working", async () => {
    const { token, secret } = await newToken(alice);
    const res = await revoke(bob, token.id);
    expect(res.status).toBe(404);
    expect(res.data.error.code).toBe("not_found:api_token");
    expect((await call(whoAmI, bearer(`Bearer ${secret}`))).data.caller.userId).toBe(alice.userId);
    expect((await revoke(alice, "no-such-token")).status).toBe(404);
  });

  it("manages tokens only with a session: a bearer token cannot list, mint or revoke tokens", async () => {
    const { token, secret } = await newToken(alice);
    const asToken = bearer(`Bearer ${secret}`).user;
    for (const res of [
      await call(tokensRoute.GET, { user: asToken }),
      await call(tokensRoute.POST, { user: asToken, json: { name: "more" } }),
      await revoke(asToken, token.id),
    ]) {
      expect(res.status).toBe(403);
      expect(res.data.error.code).toBe("forbidden:api_token");
    }
    expect((await listTokens(alice)).filter((t) => t.name === "more")).toEqual([]);
    expect((await listTokens(alice)).find((t) => t.id === token.id)?.revokedAt).toBeNull();
    expect((await call(tokensRoute.GET, {})).status).toBe(401);
  });

  it.each([
    ["an empty name", { name: "   " }, /required/],
    ["a missing name", {}, /name/],
    ["a name that is not text", { name: 42 }, /name/],
    ["an overlong name", { name: "x".repeat(101) }, /100/],
  ])("refuses %s with 400 and a message", async (_label, json, message) => {
    const res = await call(tokensRoute.POST, { user: alice, json });
    expect(res.status).toBe(400);
    expect(res.data.error.message).toMatch(message);
  });

  it("refuses malformed JSON with 400", async () => {
    const res = await call(tokensRoute.POST, { user: alice, body: "{nope" });
    expect(res.status).toBe(400);
    expect(res.data.error.code).toBe("bad_request:json");
  });

  it(`caps active tokens at ${apiTokenLimits.activePerUser} per user; revoking one makes room`, async () => {
    const carol = await signUpUser("Carol");
    const made = [];
    for (let i = 0; i < apiTokenLimits.activePerUser; i++) made.push(await createApiToken({ userId: carol.userId, name: `t${i}` }));
    const refused = await call(tokensRoute.POST, { user: carol, json: { name: "one too many" } });
    expect(refused.status).toBe(409);
    expect(refused.data.error.code).toBe("conflict:token_limit");
    expect(refused.data.error.message).toMatch(/revoke/);

    expect((await revoke(carol, made[0]!.token.id)).status).toBe(200);
    await newToken(carol, "now it fits");
  });
});
