import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { AuthPage } from "./pages/auth-page";
import { DashboardPage } from "./pages/dashboard-page";
import { IdePage } from "./pages/ide-page";
import { RuntimePanel } from "./pages/runtime-panel";

// Two people in one team: A creates the team and a project, invites B as editor; B accepts in
// another browser context; both edit the project and see each other's saves live. Then A makes B
// a viewer: B's IDE says read-only, has no agent, and nothing B does is saved.

test.describe.configure({ timeout: 240_000 });
const password = "correct horse battery";

async function signUp(page: Page, name: string) {
  await RuntimePanel.preferRuntime(page, "box");
  const email = `team-${randomUUID().slice(0, 8)}@example.test`;
  await new AuthPage(page).signUp({ name, email, password });
  return email;
}

test("invite, accept, edit one project together live; a viewer cannot save or use the agent", async ({ page, browser }, testInfo) => {
  await signUp(page, "Alice Owner");
  const bContext = await browser.newContext();
  const bPage = await bContext.newPage();
  const bEmail = await signUp(bPage, "Bob Member");

  // A creates a team from the dashboard's switcher and a project in it.
  const dashboard = new DashboardPage(page);
  await dashboard.waitForReady();
  await page.getByTestId("new-team").click();
  const teamName = `Team ${randomUUID().slice(0, 6)}`;
  await page.getByTestId("create-team-input").fill(teamName);
  await page.getByTestId("create-team-submit").click();
  await expect(page.locator('[data-testid="workspace-option"][aria-current="page"]')).toHaveText(teamName, { timeout: 30_000 });
  await dashboard.waitForReady();
  const projectId = await dashboard.createProject("Team project");
  await page.screenshot({ path: testInfo.outputPath("dashboard-team.png") });

  // A invites B as editor on the members page and copies the link shown.
  await page.getByTestId("members-link").click();
  await expect(page.getByTestId("members-workspace-name")).toHaveText(teamName);
  await page.getByTestId("invite-email").fill(bEmail);
  await page.getByTestId("invite-role").selectOption("editor");
  await page.getByTestId("invite-submit").click();
  const link = await page.getByTestId("invite-link").inputValue();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  await expect(page.getByTestId("invitation-item")).toContainText(`${bEmail} as editor`);
  await page.screenshot({ path: testInfo.outputPath("members-invite.png") });

  // B accepts in the other browser and lands on the team's projects.
  await bPage.goto(new URL(link).pathname);
  await expect(bPage.getByTestId("invitation-workspace")).toHaveText(teamName);
  await bPage.getByTestId("invitation-accept").click();
  const bDashboard = new DashboardPage(bPage);
  await expect(bDashboard.project("Team project")).toBeVisible({ timeout: 30_000 });

  // Both in the IDE; each one's save reaches the other without a reload.
  const aIde = new IdePage(page);
  await aIde.goto(projectId);
  await expect(page.getByTestId("workspace-name")).toHaveText(teamName);
  await aIde.createFile("notes.txt");
  await aIde.setEditorText("from Alice\n");
  await aIde.save();
  const bIde = new IdePage(bPage);
  await bIde.goto(projectId);
  await expect(bPage.getByTestId("read-only-badge")).toHaveCount(0);
  await bIde.openFile("notes.txt");
  await bIde.expectEditorText("from Alice\n");
  await aIde.openFile("notes.txt");
  await bIde.setEditorText("from Alice\nand Bob\n");
  await bIde.save();
  await aIde.expectEditorText("from Alice\nand Bob\n");
  await aIde.setEditorText("from Alice\nand Bob\nAlice again\n");
  await aIde.save();
  await bIde.expectEditorText("from Alice\nand Bob\nAlice again\n");

  // A makes B a viewer.
  const { workspaceId } = (await (await page.request.get(`/api/projects/${projectId}`)).json()).project;
  await page.goto(`/workspaces/${workspaceId}/members`);
  const bRow = page.locator(`[data-testid="member-item"][data-email="${bEmail}"]`);
  await bRow.getByTestId("member-role").selectOption("viewer");
  await expect
    .poll(async () => {
      const { members } = await (await page.request.get(`/api/workspaces/${workspaceId}/members`)).json();
      return members.find((m: { email: string }) => m.email === bEmail)?.role;
    })
    .toBe("viewer");
  await expect(page.getByTestId("members-error")).toHaveCount(0);

  // B's IDE, opened again, says read-only and has no agent; nothing B does changes the project.
  await bIde.goto(projectId);
  await expect(bPage.getByTestId("read-only-badge")).toBeVisible();
  await expect(bPage.getByTestId("side-tab-agent")).toHaveCount(0);
  await bPage.screenshot({ path: testInfo.outputPath("viewer-ide.png") });
  const headBefore = (await (await page.request.get(`/api/projects/${projectId}`)).json()).project.headSnapshotId;
  await bIde.openFile("notes.txt");
  // The viewer cannot type: Monaco is read-only and says so, and the tree offers no writes.
  await expect(bPage.getByTestId("read-only-hint")).toHaveText("Read only — viewer");
  await bIde.typeInEditor("Bob as viewer");
  await bIde.expectEditorText("from Alice\nand Bob\nAlice again\n");
  await expect(bPage.getByTestId("tree-toolbar-new-file")).toHaveCount(0);
  await bIde.expectSaveStatus("saved");
  await aIde.goto(projectId);
  await aIde.openFile("notes.txt");
  await aIde.expectEditorText("from Alice\nand Bob\nAlice again\n");
  expect((await (await page.request.get(`/api/projects/${projectId}`)).json()).project.headSnapshotId).toBe(headBefore);
  const agent = await bPage.request.post(`/api/projects/${projectId}/agent/sessions`, { data: {} });
  expect(agent.status()).toBe(403);
  expect((await agent.json()).error.code).toBe("forbidden:agent:use");
  await bContext.close();
});
