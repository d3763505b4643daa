import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { AuthPage } from "./pages/auth-page";
import { DashboardPage } from "./pages/dashboard-page";
import { IdePage } from "./pages/ide-page";
import { RuntimePanel } from "./pages/runtime-panel";

// WebContainer cannot boot here (StackBlitz is out of reach), exactly as for a person offline:
// its boot hangs until the IDE gives up on it.
const password = "correct horse battery";
const newEmail = () => `boot-${randomUUID().slice(0, 8)}@example.test`;
const failureKey = "ide:webcontainer-boot-failure";

async function openNewProject(page: Page, name: string) {
  await new AuthPage(page).signUp({ name: "Booter", email: newEmail(), password });
  const projectId = await new DashboardPage(page).createProject(name);
  const ide = new IdePage(page);
  await ide.goto(projectId);
  return { ide, runtime: new RuntimePanel(page) };
}

/** The hidden frame @webcontainer/api opens to StackBlitz's runtime: there while a boot runs. */
const bootFrame = (page: Page) => page.locator('iframe[src*="/headless"]');
const rememberedFailure = (page: Page) => page.evaluate((key) => localStorage.getItem(key), failureKey);

test("the terminal answers right after open while WebContainer is still starting in the background", async ({ page }) => {
  // A boot timeout far beyond every wait below: whatever works here did not wait for it.
  await RuntimePanel.shortenWebContainerBoot(page, 300_000);
  const { runtime } = await openNewProject(page, "Prompt first");
  await runtime.waitForRuntime("box", { timeout: 15_000 });
  await runtime.runInTerminal("echo served by the box");
  await runtime.expectTerminalText(/\n\s*served by the box/, { timeout: 15_000 });

  await expect(runtime.indicator).toHaveAttribute("data-webcontainer", "booting");
  await expect(runtime.webcontainerStatus).toContainText("WebContainer starting");
  await expect(bootFrame(page)).toHaveCount(1);
});

test("a WebContainer that cannot start is reported with Try again, remembered, and not booted on the next open", async ({ page }) => {
  await RuntimePanel.shortenWebContainerBoot(page, 2000);
  const { ide, runtime } = await openNewProject(page, "Remembered");
  await runtime.waitForRuntime("box", { timeout: 15_000 });

  // After the timeout: the box keeps running the project, the indicator says why and offers a retry.
  await expect(runtime.indicator).toHaveAttribute("data-webcontainer", "unavailable", { timeout: 30_000 });
  await expect(runtime.indicator).toHaveAttribute("data-runtime", "box");
  await expect(runtime.webcontainerStatus).toContainText("WebContainer unavailable");
  // This page's boot still hangs and holds the runtime: only a new page can try again.
  await expect(runtime.webcontainerRetry).toHaveAttribute("data-retry", "reload");
  await runtime.openRuntimeMenu();
  await expect(runtime.reason).toContainText(/did not start within 2 s[^]*offline box runs the project/);
  await page.keyboard.press("Escape");
  expect(JSON.parse((await rememberedFailure(page)) ?? "null")).toMatchObject({ reason: "timeout" });

  // The next open does not try: no boot, the box at once, and Try again offered.
  await page.reload();
  await ide.waitForReady();
  await expect(runtime.indicator).toHaveAttribute("data-webcontainer", "unavailable");
  await runtime.waitForRuntime("box", { timeout: 15_000 });
  await runtime.runInTerminal("echo second open");
  await runtime.expectTerminalText(/\n\s*second open/, { timeout: 15_000 });
  await expect(bootFrame(page)).toHaveCount(0);
  await expect(runtime.webcontainerRetry).toHaveAttribute("data-retry", "boot");

  // Try again in a page that has not booted: WebContainer starts in the background, the box stays.
  await runtime.webcontainerRetry.click();
  await expect(bootFrame(page)).toHaveCount(1);
  expect(await rememberedFailure(page)).toBeNull();
  await expect(runtime.indicator).toHaveAttribute("data-runtime", "box");
  await expect(runtime.indicator).toHaveAttribute("data-webcontainer", "unavailable", { timeout: 30_000 });

  // Try again after this page's own boot hung: the page reloads and boots afresh.
  await expect(runtime.webcontainerRetry).toHaveAttribute("data-retry", "reload");
  await Promise.all([page.waitForEvent("load"), runtime.webcontainerRetry.click()]);
  await ide.waitForReady();
  await runtime.waitForRuntime("box", { timeout: 15_000 });
  await expect(bootFrame(page)).toHaveCount(1);
});
