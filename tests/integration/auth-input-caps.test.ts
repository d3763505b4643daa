import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/auth/[...all]/route";
import { getDb } from "@/lib/db/client";
import { signUpUser } from "./helpers";

// Sign-ups here are about field sizes, not the rate limit (tests/integration/auth-rate-limit.test.ts).
vi.hoisted(() => {
  process.env.AUTH_RATE_LIMIT_MAX = "1000";
});

const post = (path: string, json: unknown, headers: Record<string, string> = {}) =>
  POST(
    new Request(`http://localhost:3000/api/auth/${path}`, {
      method: "POST",
      headers: { host: "localhost:3000", "content-type": "application/json", ...headers },
      body: JSON.stringify(json),
    }),
  );

const newEmail = () => `caps-${randomUUID()}@example.test`;
const password = "correct horse battery";

async function storedUsers(email: string) {
  const db = await getDb();
  return db.user.count({ where: { email } });
}

describe("sign-up and profile field caps", () => {
  it("refuses a 20 MB name before reading it all, and stores nothing", async () => {
    const email = newEmail();
    const res = await post("sign-up/email", { email, password, name: "n".repeat(20 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect(await storedUsers(email)).toBe(0);
  });

  it.each([
    ["a name over 100 characters", { name: "n".repeat(101) }, /name is limited to 100 characters/],
    ["a name with NUL", { name: "Ada\u0000Lovelace" }, /control character/],
    ["a name with a right-to-left override", { name: "Ada\u202eecalevol" }, /control character/],
    ["a 1 MB email", { email: `${"e".repeat(1024 * 1024)}@example.test` }, /./],
    ["an email over 254 characters", { email: `${"e".repeat(250)}@example.test` }, /./],
  ])("refuses %s with a 4xx and stores nothing", async (_, fields, message) => {
    const body = { email: newEmail(), password, name: "Ada", ...fields };
    const res = await post("sign-up/email", body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(JSON.stringify(await res.json())).toMatch(message);
    expect(await storedUsers(body.email)).toBe(0);
  });

  it("accepts a name of exactly 100 characters", async () => {
    const email = newEmail();
    const res = await post("sign-up/email", { email, password, name: "n".repeat(100) });
    expect(res.status).toBe(200);
    expect(await storedUsers(email)).toBe(1);
  });

  it("holds update-user to the same caps", async () => {
    const user = await signUpUser("Before");
    const cookie = user.headers.get("cookie")!;
    const refused = await post("update-user", { name: "n".repeat(101) }, { cookie, origin: "http://localhost:3000" });
    expect(refused.status).toBe(400);
    const db = await getDb();
    expect((await db.user.findUniqueOrThrow({ where: { id: user.userId } })).name).toBe("Before");
    const accepted = await post("update-user", { name: "After" }, { cookie, origin: "http://localhost:3000" });
    expect(accepted.status).toBe(200);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.userId } })).name).toBe("After");
  });
});
