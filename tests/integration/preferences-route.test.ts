import { describe, expect, it } from "vitest";
import * as preferencesRoute from "@/app/api/settings/preferences/route";
import { defaultPreferences } from "@/lib/validation/preferences";
import { call, signUpUser } from "./helpers";

const url = "/api/settings/preferences";
const chosen = { theme: "light", fontSize: 18, tabSize: 4, wordWrap: true, minimap: true };

describe("GET/PUT /api/settings/preferences", () => {
  it("answers the defaults first, then what the person saved, to them only", async () => {
    const [ann, bob] = await Promise.all([signUpUser("Ann"), signUpUser("Bob")]);
    expect((await call(preferencesRoute.GET, { user: ann, url })).data).toEqual({ preferences: defaultPreferences });

    const saved = await call(preferencesRoute.PUT, { user: ann, url, method: "PUT", json: chosen });
    expect(saved.status).toBe(200);
    expect(saved.data).toEqual({ preferences: chosen });
    expect((await call(preferencesRoute.GET, { user: ann, url })).data).toEqual({ preferences: chosen });

    // Bob's requests only ever reach Bob's row: he neither sees Ann's choice nor changes it.
    expect((await call(preferencesRoute.GET, { user: bob, url })).data).toEqual({ preferences: defaultPreferences });
    await call(preferencesRoute.PUT, { user: bob, url, method: "PUT", json: { ...chosen, theme: "dark", fontSize: 11 } });
    expect((await call(preferencesRoute.GET, { user: ann, url })).data).toEqual({ preferences: chosen });
    expect((await call(preferencesRoute.GET, { user: bob, url })).data.preferences).toMatchObject({ theme: "dark", fontSize: 11 });
  });

  it.each([
    ["a font size out of bounds", { ...chosen, fontSize: 40 }, "fontSize: Font size must be between 10 and 28"],
    ["a tab size of zero", { ...chosen, tabSize: 0 }, "tabSize: Tab size must be between 1 and 8"],
    ["an unknown theme", { ...chosen, theme: "neon" }, "theme: Theme must be one of: system, light, dark"],
    ["a partial set", { theme: "dark" }, "fontSize: Font size must be a number"],
  ])("refuses %s with 400 and a message, keeping what was stored", async (_, json, message) => {
    const user = await signUpUser();
    await call(preferencesRoute.PUT, { user, url, method: "PUT", json: chosen });
    const res = await call(preferencesRoute.PUT, { user, url, method: "PUT", json });
    expect(res.status).toBe(400);
    expect(res.data.error.message).toBe(message);
    expect((await call(preferencesRoute.GET, { user, url })).data).toEqual({ preferences: chosen });
  });

  it("asks an anonymous caller to sign in", async () => {
    expect((await call(preferencesRoute.GET, { url })).status).toBe(401);
    expect((await call(preferencesRoute.PUT, { url, method: "PUT", json: chosen })).status).toBe(401);
  });
});
