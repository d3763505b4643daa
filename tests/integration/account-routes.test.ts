import { describe, expect, it } from "vitest";
import * as authRoute from "@/app/api/auth/[...all]/route";
import { getCaller } from "@/lib/auth/guard";
import { call, signUpUser, type TestUser } from "./helpers";

// Settings → Account goes through better-auth's own endpoints; these pin what the page relies on.

const post = (user: TestUser, path: string, json: unknown) => {
  const headers = new Headers(user.headers);
  headers.set("origin", "http://localhost:3000");
  return call(authRoute.POST, { user: { ...user, headers }, url: `/api/auth/${path}`, json });
};

describe("account changes through /api/auth", () => {
  it("a new name is what the next request's caller carries, at once (the cached session is forgotten)", async () => {
    const user = await signUpUser("Before");
    expect((await getCaller(user.headers))?.name).toBe("Before");
    expect((await post(user, "update-user", { name: "After" })).status).toBe(200);
    expect((await getCaller(user.headers))?.name).toBe("After");
  });

  it.each([
    ["a wrong current password", { currentPassword: "not the password", newPassword: "a new password" }, "INVALID_PASSWORD"],
    ["a new password that is too short", { currentPassword: "correct horse battery", newPassword: "short" }, "PASSWORD_TOO_SHORT"],
  ])("refuses %s with a code the form explains", async (_, json, code) => {
    const user = await signUpUser();
    const res = await post(user, "change-password", json);
    expect(res.status).toBe(400);
    expect(res.data.code).toBe(code);
    // Nothing changed: the session still works.
    expect(await getCaller(user.headers)).not.toBeNull();
  });

  it("a changed password ends the other sessions at once", async () => {
    const user = await signUpUser();
    const res = await post(user, "change-password", { currentPassword: "correct horse battery", newPassword: "a brand new secret", revokeOtherSessions: true });
    expect(res.status).toBe(200);
    // The cookie this request carried belonged to a session that no longer exists.
    expect(await getCaller(user.headers)).toBeNull();
  });
});
