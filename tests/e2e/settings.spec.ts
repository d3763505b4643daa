import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { AuthPage } from "./pages/auth-page";
import { DashboardPage } from "./pages/dashboard-page";
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
