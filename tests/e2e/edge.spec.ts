import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { AuthPage } from "./pages/auth-page";

// What the production server does at its edge, seen from a browser and from curl-like clients.
const password = "correct horse battery";

test("signing in from a crafted link stays on the IDE", async ({ page, baseURL }) => {
  const auth = new AuthPage(page);
  const email = `edge-${randomUUID().slice(0, 8)}@example.test`;
  await auth.signUp({ name: "Edge", email, password });
  await auth.signOut();
  // next=/\evil.example.com/phish: browsers read "/\" as "//", another host.
  await page.goto("/sign-in?next=%2F%5Cevil.example.com%2Fphish");
  await page.getByTestId("auth-email").fill(email);
  await page.getByTestId("auth-password").fill(password);
  await page.getByTestId("auth-submit").click();
  await expect(page).toHaveURL(`${baseURL}/projects`);
});

test.describe("malformed percent-escapes in the path", () => {
  for (const path of ["/api/tokens/%ZZ", "/api/projects/%E0%A4%A/files", "/api/projects/%/files", "/api/preview/abc.def/%E0%A4%A"])
    test(`${path} answers 400 JSON`, async ({ request }) => {
      const res = await request.get(path);
      expect(res.status()).toBe(400);
      expect((await res.json()).error.code).toBe("bad_request:path");
    });

  test("a page answers the 404 page", async ({ page }) => {
    const res = await page.goto("/projects/%E0%A4%A");
    expect(res?.status()).toBe(404);
  });
});

test("POST /api/agent without a token runs for a caller on this machine, whatever X-Forwarded-For says", async ({ request }) => {
  const variants: Record<string, string>[] = [{}, { "x-forwarded-for": "203.0.113.9" }];
  for (const headers of variants) {
    // The e2e server's model is scripted: any answer will do, what matters is that it ran.
    const res = await request.post("/api/agent", { data: { prompt: "hello" }, headers });
    expect(res.status(), await res.text()).toBe(200);
    expect(typeof (await res.json()).sessionId).toBe("string");
  }
});

test("the suite's server takes sign-ups as fast as the tests make them", async ({ request, baseURL }) => {
  // Its limit is raised (playwright.config.ts); at the default of 3 per 10 s the 4th would be refused.
  for (let i = 0; i < 5; i++) {
    const email = `burst-${randomUUID().slice(0, 8)}@example.test`;
    const res = await request.post("/api/auth/sign-up/email", { data: { email, password, name: "Burst" }, headers: { origin: baseURL! } });
    expect(res.status(), await res.text()).toBe(200);
  }
});
