import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { AgentPanel } from "./pages/agent-panel";
import { AuthPage } from "./pages/auth-page";
import { DashboardPage } from "./pages/dashboard-page";
import { IdePage } from "./pages/ide-page";
import { RuntimePanel } from "./pages/runtime-panel";
import { SettingsPage } from "./pages/settings-page";

const password = "correct horse battery";
const newEmail = () => `e2e-${randomUUID().slice(0, 8)}@example.test`;

test("API tokens: create one, see its secret once, find it by prefix, revoke it", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await new AuthPage(page).signUp({ name: "Tim", email: newEmail(), password });
  const dashboard = new DashboardPage(page);
  await dashboard.waitForReady();
  await page.getByTestId("settings-link").click();
  await expect(page).toHaveURL(/\/settings$/);

  const settings = new SettingsPage(page);
  await settings.waitForReady();
  await expect(settings.emptyState).toBeVisible();
  expect(await settings.tryCreateToken("   ")).toMatch(/required/);

  const secret = await settings.createToken("CI laptop");
  expect(secret).toMatch(/^ide_[A-Za-z0-9_-]{43}$/);
  await expect(settings.secretBox).toContainText("it will not be shown again");
  await settings.copyButton.click();
  await expect(settings.copyButton.filter({ hasText: "Copied" }).or(page.getByText("Copying was not allowed"))).toBeVisible();
  const prefix = secret.slice(0, 12);
  await expect(settings.token("CI laptop").getByTestId("api-token-prefix")).toHaveText(`${prefix}…`);
  await expect(settings.token("CI laptop")).toContainText("Never used");
  await expect(settings.curlExample).toContainText(`${new URL(page.url()).origin}/api/agent`);
  await expect(settings.curlExample).toContainText("Authorization: Bearer $IDE_API_TOKEN");

  // The API lists the token by its prefix and never with its secret.
  const listed = await settings.listTokensViaApi();
  expect(listed.tokens).toEqual([expect.objectContaining({ name: "CI laptop", prefix, revokedAt: null })]);
  expect(JSON.stringify(listed)).not.toContain(secret);

  // Shown once: gone once dismissed, and not on the page after a reload.
  await settings.dismissSecret();
  await page.reload();
  await settings.waitForReady();
  await expect(settings.secretBox).toHaveCount(0);
  await expect(settings.token("CI laptop")).toBeVisible();
  expect(await page.content()).not.toContain(secret);

  // Revoking asks first; cancelling keeps the token.
  await settings.revokeToken("CI laptop", { confirm: false });
  await settings.revokeToken("CI laptop");
  await expect(settings.token("CI laptop").getByTestId("api-token-revoked")).toBeVisible();
  await expect(settings.token("CI laptop").getByTestId("api-token-revoke")).toHaveCount(0);
  const afterRevoke = await settings.listTokensViaApi();
  expect(afterRevoke.tokens).toEqual([expect.objectContaining({ name: "CI laptop", revokedAt: expect.any(String) })]);

  // Still revoked after a reload.
  await page.reload();
  await settings.waitForReady();
  await expect(settings.token("CI laptop")).toHaveAttribute("data-revoked", "true");
});

test("API tokens: one limited to a workspace shows its scope and creates projects there from a script", async ({ page, request }) => {
  await new AuthPage(page).signUp({ name: "Sam", email: newEmail(), password });
  await new DashboardPage(page).waitForReady();
  const settings = new SettingsPage(page);
  await settings.goto();
  const secret = await settings.createToken("Personal only", { scope: "Only Sam's workspace (personal)" });
  await expect(settings.token("Personal only").getByTestId("api-token-scope")).toHaveText("Only Sam's workspace");
  await page.reload();
  await settings.waitForReady();
  await expect(settings.token("Personal only").getByTestId("api-token-scope")).toHaveText("Only Sam's workspace");

  // A script with only the token (no cookie) creates a project; the owner sees it in the dashboard.
  const created = await request.post("/api/projects", { headers: { authorization: `Bearer ${secret}` }, data: { name: "From a script" } });
  expect(created.status()).toBe(201);
  await page.goto("/projects");
  await expect(page.getByText("From a script")).toBeVisible();

  // The workspace's audit log (its owner may read it) shows the token's creation, by its name.
  await settings.goto();
  const workspaceId = await settings.token("Personal only").getByTestId("api-token-scope").getAttribute("data-workspace-id");
  await page.goto(`/workspaces/${workspaceId}/audit`);
  const audited = page.locator('[data-testid="audit-event"][data-action="token.created"]');
  await expect(audited).toContainText("Created an API token");
  await expect(audited).toContainText("name: Personal only");
});

test("the IDE header links to the settings", async ({ page }) => {
  await new AuthPage(page).signUp({ name: "Ida", email: newEmail(), password });
  const dashboard = new DashboardPage(page);
  await dashboard.waitForReady();
  await dashboard.createProject("Linked");
  await dashboard.openProject("Linked");
  await page.getByTestId("settings-link").click();
  await expect(page).toHaveURL(/\/settings$/);
  await new SettingsPage(page).waitForReady();
});

/** The page's background as computed, "rgb(r, g, b)". */
const pageBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const white = "rgb(255, 255, 255)";
const dark = "rgb(15, 17, 21)";

test("theme: follows the system until one is chosen; Light sticks across reloads, reaches the editor and the other tabs", async ({ page, context }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await new AuthPage(page).signUp({ name: "Thea", email: newEmail(), password });
  const dashboard = new DashboardPage(page);
  await dashboard.waitForReady();
  await dashboard.createProject("Themed");
  const settings = new SettingsPage(page);
  await settings.goto();

  // System is the default: the page follows the emulated system setting both ways, live.
  await expect(settings.themeOption("system")).toBeChecked();
  expect(await pageBackground(page)).toBe(dark);
  await page.emulateMedia({ colorScheme: "light" });
  await expect.poll(() => pageBackground(page)).toBe(white);

  // Light wins over a dark system, survives a reload, and is on the page before any script of ours runs.
  await page.emulateMedia({ colorScheme: "dark" });
  await expect.poll(() => pageBackground(page)).toBe(dark);
  await settings.chooseTheme("light");
  await expect.poll(() => pageBackground(page)).toBe(white);
  await page.reload({ waitUntil: "commit" });
  await page.waitForSelector("body");
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("light");
  await settings.waitForReady();
  await expect(settings.themeOption("light")).toBeChecked();
  expect(await pageBackground(page)).toBe(white);

  // The editor uses Monaco's light theme.
  const idePage = await context.newPage();
  await idePage.emulateMedia({ colorScheme: "dark" });
  await idePage.goto("/projects");
  await new DashboardPage(idePage).openProject("Themed");
  const ide = new IdePage(idePage);
  await ide.waitForReady();
  await ide.createFile("index.js");
  await ide.waitForEditor("index.js");
  const monaco = idePage.locator('[data-testid="editor"] .monaco-editor').first();
  await expect(monaco).toHaveClass(/\bvs\b/);
  await expect(monaco).not.toHaveClass(/\bvs-dark\b/);
  expect(await pageBackground(idePage)).toBe(white);

  // Dark chosen in the settings tab reaches the open IDE tab and its editor without a reload.
  await settings.chooseTheme("dark");
  await expect(monaco).toHaveClass(/\bvs-dark\b/);
  await expect.poll(() => pageBackground(idePage)).toBe(dark);
});

test("editor preferences: font size 18 and word wrap apply in the IDE, live, and follow the person to another browser", async ({ page, browser }) => {
  const email = newEmail();
  await new AuthPage(page).signUp({ name: "Fontaine", email, password });
  const dashboard = new DashboardPage(page);
  await dashboard.waitForReady();
  await dashboard.createProject("Wrapped");
  const settings = new SettingsPage(page);
  await settings.goto();
  await expect(settings.fontSizeInput).toHaveValue("13");

  // Out of bounds: refused with the bounds, nothing saved.
  await settings.fontSizeInput.fill("40");
  await expect(settings.preferencesStatus).toContainText("Font size must be between 10 and 28");
  await settings.setFontSize(18);
  await settings.setWordWrap(true);

  await page.goto("/projects");
  await dashboard.openProject("Wrapped");
  const ide = new IdePage(page);
  await ide.waitForReady();
  await ide.createFile("long.js");
  await ide.setEditorText(`const line = "${"wrap me ".repeat(80)}";`);
  const lines = page.locator('[data-testid="editor"] .view-lines');
  await expect.poll(() => lines.evaluate((el) => getComputedStyle(el).fontSize)).toBe("18px");
  // One line of text, several rows on screen.
  await expect.poll(() => lines.locator(".view-line").count()).toBeGreaterThan(1);

  // Changed in the settings (another tab), the open editor follows without a reload.
  const settingsTab = await page.context().newPage();
  const otherSettings = new SettingsPage(settingsTab);
  await otherSettings.goto();
  await otherSettings.setFontSize(12);
  await otherSettings.setWordWrap(false);
  await expect.poll(() => lines.evaluate((el) => getComputedStyle(el).fontSize)).toBe("12px");
  await expect.poll(() => lines.locator(".view-line").count()).toBe(1);

  // Another browser (no shared storage) gets them from the account.
  const elsewhere = await browser.newContext();
  try {
    const other = await elsewhere.newPage();
    await new AuthPage(other).signIn({ email, password });
    const remote = new SettingsPage(other);
    await remote.goto();
    await expect(remote.fontSizeInput).toHaveValue("12");
    await expect(remote.wordWrapToggle).not.toBeChecked();
  } finally {
    await elsewhere.close();
  }
});

test("the terminal takes the editor font size, live, and refits its columns to the panel", async ({ page }) => {
  await RuntimePanel.preferRuntime(page, "box");
  await new AuthPage(page).signUp({ name: "Terminus", email: newEmail(), password });
  const projectId = await new DashboardPage(page).createProject("Big terminal");
  const settings = new SettingsPage(page);
  await settings.goto();
  await settings.setFontSize(18);

  await new IdePage(page).goto(projectId);
  const runtime = new RuntimePanel(page);
  await runtime.waitForRuntime("box");
  const rows = runtime.terminalScreen.locator(".xterm-rows");
  const shown = () =>
    page.evaluate(() => {
      const screen = document.querySelector<HTMLElement>('[data-testid="terminal-screen"]');
      const row = screen?.querySelector<HTMLElement>(".xterm-rows > div");
      const canvas = screen?.querySelector<HTMLElement>(".xterm-screen");
      return {
        rowHeight: row?.getBoundingClientRect().height ?? 0,
        screenWidth: canvas?.getBoundingClientRect().width ?? Infinity,
        panelWidth: screen?.getBoundingClientRect().width ?? 0,
        cols: window.__terminalTest?.size().cols ?? 0,
      };
    });
  await expect.poll(() => rows.evaluate((el) => getComputedStyle(el).fontSize)).toBe("18px");
  const large = await shown();
  expect(large.rowHeight).toBeGreaterThanOrEqual(18);
  expect(large.screenWidth).toBeLessThanOrEqual(large.panelWidth);

  // Changed in another tab, the open terminal follows without a reload: smaller cells, more columns,
  // and the grid still ends inside the panel.
  const settingsTab = await page.context().newPage();
  const otherSettings = new SettingsPage(settingsTab);
  await otherSettings.goto();
  await otherSettings.setFontSize(11);
  await expect.poll(() => rows.evaluate((el) => getComputedStyle(el).fontSize)).toBe("11px");
  await expect.poll(async () => (await shown()).cols).toBeGreaterThan(large.cols * 1.3);
  const small = await shown();
  expect(small.rowHeight).toBeLessThan(large.rowHeight);
  expect(small.screenWidth).toBeLessThanOrEqual(small.panelWidth);

  // The shell works at the new size.
  await runtime.runInTerminal("echo sized");
  await runtime.expectTerminalText(/\n\s*sized/);
});

test("the agent's change diff takes the editor preferences and the theme, live", async ({ page }) => {
  test.setTimeout(240_000);
  await RuntimePanel.preferRuntime(page, "box");
  await page.emulateMedia({ colorScheme: "dark" });
  await new AuthPage(page).signUp({ name: "Differ", email: newEmail(), password });
  const projectId = await new DashboardPage(page).createProject("Diff prefs");
  const settings = new SettingsPage(page);
  await settings.goto();
  await settings.setFontSize(18);
  await settings.setWordWrap(true);
  await page.getByTestId("tab-size-select").selectOption("8");
  await expect(settings.preferencesStatus).toHaveAttribute("data-status", "saved", { timeout: 30_000 });

  // A line far wider than the dialog, which the turn (the scripted model) edits.
  const greet = `export const greet = (name) => 'Hello, ' + name + '!'; // ${"a comment that runs on ".repeat(20)}\n`;
  const head = (await (await page.request.get(`/api/projects/${projectId}`)).json()) as { project: { headSnapshotId: string } };
  const saved = await page.request.post(`/api/projects/${projectId}/save`, {
    data: { baseSnapshotId: head.project.headSnapshotId, changes: [{ type: "write", path: "src/greet.js", content: greet }] },
  });
  expect(saved.ok()).toBe(true);
  await new IdePage(page).goto(projectId);
  const agent = new AgentPanel(page);
  await agent.send("Please shorten the greeting in src/greet.js and run it");
  await agent.openChange("src/greet.js");

  const shown = () => page.evaluate(() => window.__agentDiffTest?.shown() ?? null);
  const diff = agent.reviewDialog.locator('[data-testid="agent-diff"] .editor.modified');
  const rightLines = diff.locator(".view-lines");
  await expect.poll(shown).toEqual({ fontSize: 18, wordWrap: "on", tabSize: 8 });
  expect(await rightLines.evaluate((el) => getComputedStyle(el).fontSize)).toBe("18px");
  // Two lines (the long one and the empty one after its newline), more rows on screen.
  await expect.poll(() => rightLines.locator(".view-line").count()).toBeGreaterThan(2);
  await expect(diff.locator(".monaco-editor").first()).toHaveClass(/\bvs-dark\b/);

  // Changed in the settings (another tab), the open diff follows without a reload.
  const settingsTab = await page.context().newPage();
  const otherSettings = new SettingsPage(settingsTab);
  await otherSettings.goto();
  await otherSettings.setFontSize(12);
  await otherSettings.setWordWrap(false);
  await settingsTab.getByTestId("tab-size-select").selectOption("2");
  await expect(otherSettings.preferencesStatus).toHaveAttribute("data-status", "saved", { timeout: 30_000 });
  await otherSettings.chooseTheme("light");
  await expect.poll(shown).toEqual({ fontSize: 12, wordWrap: "off", tabSize: 2 });
  await expect.poll(() => rightLines.evaluate((el) => getComputedStyle(el).fontSize)).toBe("12px");
  await expect.poll(() => rightLines.locator(".view-line").count()).toBe(2);
  await expect(diff.locator(".monaco-editor").first()).not.toHaveClass(/\bvs-dark\b/);
});

test("account: a changed name shows in the header; a changed password signs in, the old one no longer does", async ({ page }) => {
  const email = newEmail();
  const auth = new AuthPage(page);
  await auth.signUp({ name: "Old Name", email, password });
  const settings = new SettingsPage(page);
  await settings.goto();
  await expect(page.getByTestId("signed-in-name")).toHaveText("Old Name");

  await settings.changeName("New Name");
  await expect(page.getByTestId("signed-in-name")).toHaveText("New Name");
  await page.reload();
  await settings.waitForReady();
  await expect(page.getByTestId("signed-in-name")).toHaveText("New Name");

  expect(await settings.changePassword({ current: "not my password", next: "a brand new secret" })).toEqual({
    ok: false,
    message: "The current password is wrong; type the one you sign in with",
  });
  expect(await settings.changePassword({ current: password, next: "short" })).toEqual({
    ok: false,
    message: "The new password is too short: use at least 8 characters",
  });
  const newPassword = "a brand new secret";
  expect((await settings.changePassword({ current: password, next: newPassword })).ok).toBe(true);

  await auth.signOut();
  await auth.trySignIn({ email, password });
  await expect(page.getByTestId("auth-error")).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
  await auth.signIn({ email, password: newPassword });
  await expect(page.getByTestId("signed-in-name")).toHaveText("New Name");
});
