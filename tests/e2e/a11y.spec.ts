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

test("no serious or critical accessibility violations in the IDE; its tabs work from the keyboard", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await new AuthPage(page).signUp({ name: "Axe", email: `e2e-${randomUUID().slice(0, 8)}@example.test`, password: "correct horse battery" });
  const dashboard = new DashboardPage(page);
  await dashboard.createProject("Accessible");
  await dashboard.openProject("Accessible");
  const ide = new IdePage(page);
  await ide.waitForReady();
  await ide.createFile("a.js");
  await ide.createFile("index.js");
  await ide.typeInEditor("console.log(1)");
  // Monaco's and xterm's own DOM are third-party widgets with their own accessibility modes.
  expect(await seriousViolations(page, [".monaco-editor", ".xterm"])).toEqual([]);

  // One tab in the Tab order; the arrows move along the row and open what they land on.
  await ide.tab("index.js").focus();
  await page.keyboard.press("ArrowLeft");
  await expect(ide.tab("a.js")).toBeFocused();
  await expect(ide.tab("a.js")).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("End");
  await expect(ide.tab("index.js")).toBeFocused();
  await page.keyboard.press("Home");
  await expect(ide.tab("a.js")).toHaveAttribute("data-active", "true");
  // Delete closes the focused tab (a.js has no unsaved changes).
  await page.keyboard.press("Delete");
  await expect(ide.tab("a.js")).toHaveCount(0);
  expect(await ide.openTabs()).toEqual(["index.js"]);
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
