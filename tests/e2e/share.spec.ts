import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { AuthPage } from "./pages/auth-page";
import { DashboardPage } from "./pages/dashboard-page";
import { IdePage } from "./pages/ide-page";
import { RuntimePanel } from "./pages/runtime-panel";

// Alice shares a project: a live view link opens in a signed-out browser and follows her saves
// without a reload; Carol runs it from a fork link's page in her own box, then forks it into her own workspace; Alice revokes both
// links, which then show the not-found page, and Carol's fork keeps working.

test.describe.configure({ timeout: 240_000 });
const password = "correct horse battery";

async function signUp(page: Page, name: string) {
  await RuntimePanel.preferRuntime(page, "box");
  await new AuthPage(page).signUp({ name, email: `share-${randomUUID().slice(0, 8)}@example.test`, password });
}

async function saveFile(page: Page, projectId: string, path: string, content: string) {
  const head = (await (await page.request.get(`/api/projects/${projectId}`)).json()).project.headSnapshotId;
  const res = await page.request.post(`/api/projects/${projectId}/save`, { data: { baseSnapshotId: head, changes: [{ type: "write", path, content }] } });
  expect(res.ok()).toBe(true);
}

async function makeLink(page: Page, access: "view" | "fork") {
  await page.getByTestId("share-button").click();
  const dialog = page.getByTestId("share-dialog");
  await dialog.getByLabel("Access").selectOption(access);
  await dialog.getByTestId("create-share-link").click();
  const url = await dialog.getByTestId("share-link-url").inputValue();
  expect(url).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/);
  await dialog.getByRole("button", { name: "Close", exact: true }).click();
  return new URL(url).pathname;
}

test("a view link follows the head signed out; a fork link is forked by a third user; revoked links 404 and the fork keeps working", async ({ page, browser }, testInfo) => {
  await signUp(page, "Alice Sharer");
  const dashboard = new DashboardPage(page);
  await dashboard.waitForReady();
  const projectId = await dashboard.createProject("Shared project");
  await saveFile(page, projectId, "readme.md", "first version\n");
  const ide = new IdePage(page);
  await ide.goto(projectId);

  const viewPath = await makeLink(page, "view");

  // A signed-out browser opens the link in the IDE: tree and Monaco, read-only, live.
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.goto(viewPath);
  const visitorIde = new IdePage(visitor);
  await visitorIde.waitForReady();
  await expect(visitor.getByTestId("project-name")).toHaveText("Shared project");
  await expect(visitor.getByTestId("shared-mode")).toHaveText(/live/);
  await expect(visitor.getByTestId("sign-in-to-fork")).toHaveCount(0);
  await expect(visitor.getByTestId("save-all")).toHaveCount(0);
  await expect(visitor.getByTestId("tree-toolbar-new-file")).toHaveCount(0);
  await visitorIde.openFile("readme.md");
  await visitorIde.expectEditorText("first version\n");
  await expect(visitor.getByTestId("editor")).toHaveAttribute("data-read-only", "true");
  await expect(visitor.getByTestId("read-only-hint")).toHaveText("Read only — shared link");
  await visitorIde.typeInEditor("visitor was here");
  await visitor.keyboard.press("ControlOrMeta+S");
  await visitorIde.expectEditorText("first version\n");
  await saveFile(page, projectId, "readme.md", "second version\n");
  await visitorIde.expectEditorText("second version\n");
  // The preview shows the shared site, and follows the head too.
  await saveFile(page, projectId, "index.html", "<h1>Shared site page</h1>");
  await expect(visitor.frameLocator('[data-testid="preview-frame"]').locator("h1")).toHaveText("Shared site page");
  await visitor.screenshot({ path: testInfo.outputPath("view-link-live.png") });

  // Carol forks through a fork link.
  const forkPath = await makeLink(page, "fork");
  const carolContext = await browser.newContext();
  const carol = await carolContext.newPage();
  await signUp(carol, "Carol Forker");
  await new DashboardPage(carol).waitForReady();
  await carol.goto(forkPath);
  // Signed in, Carol runs the shared project from the link page, in a box of her own: she sees the
  // output, and nothing she runs reaches Alice's project.
  const aliceHead = async () => (await (await page.request.get(`/api/projects/${projectId}`)).json()).project.headSnapshotId;
  const headBeforeRun = await aliceHead();
  const carolRuntime = new RuntimePanel(carol);
  await carolRuntime.waitForRuntime("box");
  await carolRuntime.runInTerminal("echo carol-was-here > carol.txt && cat readme.md carol.txt");
  await carolRuntime.expectTerminalText(/second version\s+carol-was-here/);
  expect(await aliceHead()).toBe(headBeforeRun);
  await carol.getByTestId("fork-button").click();
  await carol.waitForURL(/\/projects\/[^/]+$/);
  const forkId = new URL(carol.url()).pathname.split("/").pop()!;
  expect(forkId).not.toBe(projectId);
  const carolIde = new IdePage(carol);
  await carolIde.waitForReady();
  await carolIde.openFile("readme.md");
  await carolIde.expectEditorText("second version\n");
  await carol.getByTestId("share-button").click();
  const carolDialog = carol.getByTestId("share-dialog");
  await expect(carolDialog.getByTestId("forked-from")).toContainText("Shared project");
  await carolDialog.getByRole("button", { name: "Close", exact: true }).click();

  // Alice sees the fork, then revokes both links.
  await page.getByTestId("share-button").click();
  const dialog = page.getByTestId("share-dialog");
  await expect(dialog.getByTestId("forks")).toContainText("1 fork");
  for (let open = 2; open > 0; open--) {
    await expect(dialog.getByTestId("revoke-share-link")).toHaveCount(open);
    await dialog.getByTestId("revoke-share-link").first().click();
  }
  await expect(dialog.getByTestId("revoke-share-link")).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("share-dialog-revoked.png") });

  for (const path of [viewPath, forkPath]) {
    const res = await visitor.goto(path);
    expect(res?.status()).toBe(404);
    await expect(visitor.getByTestId("project-name")).toHaveCount(0);
  }
  const wrong = await visitor.goto(`/s/${"A".repeat(43)}`);
  expect(wrong?.status()).toBe(404);

  // The fork is Carol's own: it still opens and saves.
  await carolIde.goto(forkId);
  await carolIde.openFile("readme.md");
  await carolIde.expectEditorText("second version\n");
  await saveFile(carol, forkId, "readme.md", "carol's version\n");
  await carolIde.goto(forkId);
  await carolIde.openFile("readme.md");
  await carolIde.expectEditorText("carol's version\n");

  await visitorContext.close();
  await carolContext.close();
});
