import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { AuthPage } from "./pages/auth-page";
import { DashboardPage } from "./pages/dashboard-page";
import { IdePage } from "./pages/ide-page";

/** Serious and critical axe violations, each with the elements it found, so a failure says where. */
async function seriousViolations(page: Page, exclude: string[] = []) {
  let builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]);
  for (const selector of exclude) builder = builder.exclude(selector);
  const { violations } = await builder.analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test("no serious or critical accessibility violations on the sign-in page and the dashboard", async ({ page }) => {
  // The dark palette (Playwright emulates a light system otherwise); the light one is scanned below.
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/sign-in");
  await expect(page.getByTestId("app-mark")).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await new AuthPage(page).signUp({ name: "Axe", email: `e2e-${randomUUID().slice(0, 8)}@example.test`, password: "correct horse battery" });
  const dashboard = new DashboardPage(page);
  await dashboard.createProject("Accessible");
  expect(await seriousViolations(page)).toEqual([]);
});

test("no serious or critical accessibility violations on the dashboard and the settings in the light theme", async ({ page }) => {
  // The light palette is reached through the system setting, the default choice.
  await page.emulateMedia({ colorScheme: "light" });
  await new AuthPage(page).signUp({ name: "Lux", email: `e2e-${randomUUID().slice(0, 8)}@example.test`, password: "correct horse battery" });
  const dashboard = new DashboardPage(page);
  await dashboard.createProject("Bright");
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(255, 255, 255)");
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByTestId("settings-link").click();
  await expect(page.getByTestId("preferences")).toHaveAttribute("data-hydrated", "true", { timeout: 60_000 });
  expect(await seriousViolations(page)).toEqual([]);
});

// Open: the IDE still has serious findings (contrast of the agent panel's small print and kbd keys,
// a tab's buttons nested in the tab, an aria attribute on the mention list). Kept here, skipped, so
// the scan is one line away once they are mended.
test.fixme("no serious or critical accessibility violations in the IDE", async ({ page }) => {
  await new AuthPage(page).signUp({ name: "Axe", email: `e2e-${randomUUID().slice(0, 8)}@example.test`, password: "correct horse battery" });
  const dashboard = new DashboardPage(page);
  await dashboard.createProject("Accessible");
  await dashboard.openProject("Accessible");
  const ide = new IdePage(page);
  await ide.waitForReady();
  await ide.createFile("index.js");
  await ide.typeInEditor("console.log(1)");
  // Monaco's and xterm's own DOM are third-party widgets with their own accessibility modes.
  expect(await seriousViolations(page, [".monaco-editor", ".xterm"])).toEqual([]);
});

test("a missing page is in the app's look and leads back; the favicon is served", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId("status-page")).toBeVisible();
  await expect(page.getByTestId("status-page-home")).toHaveAttribute("href", "/projects");
  expect(await seriousViolations(page)).toEqual([]);
  for (const path of ["/favicon.ico", "/icon.svg", "/apple-touch-icon.png"]) {
    expect((await page.request.get(path)).status(), path).toBe(200);
  }
});
