import { randomBytes, randomUUID } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import pg from "pg";
import { adminDatabaseUrl, createDatabase, dropDatabase } from "../../scripts/lib/throwaway-database";
import { startInstance } from "../support/app-instances";
import { AgentPanel } from "./pages/agent-panel";
import { AuthPage } from "./pages/auth-page";
import { DashboardPage } from "./pages/dashboard-page";
import { IdePage } from "./pages/ide-page";
import { RuntimePanel } from "./pages/runtime-panel";

// Two browsers (separate contexts: own cookies, storage and connections) on one project follow
// each other through the project's head channel, without reloading the page. The same person
// first; then two people, on a server of this test's own whose database it can write to (there
// are no team workspaces yet, so the second person is made a member in the database).

test.describe.configure({ timeout: 240_000 });
const password = "correct horse battery";

/** Signs up in `page`, makes a project holding `files`, opens it; returns its id and credentials. */
async function newProject(page: Page, files: Record<string, string>) {
  await RuntimePanel.preferRuntime(page, "box");
  const email = `live-${randomUUID().slice(0, 8)}@example.test`;
  await new AuthPage(page).signUp({ name: "Live user", email, password });
  const projectId = await new DashboardPage(page).createProject("Live project");
  const project = await page.request.get(`/api/projects/${projectId}`);
  const { project: summary } = (await project.json()) as { project: { headSnapshotId: string } };
  const changes = Object.entries(files).map(([path, content]) => ({ type: "write", path, content }));
  const saved = await page.request.post(`/api/projects/${projectId}/save`, { data: { baseSnapshotId: summary.headSnapshotId, changes } });
  expect(saved.ok()).toBe(true);
  const ide = new IdePage(page);
  await ide.goto(projectId);
  return { ide, projectId, email };
}

/** The same person in a second browser context, on the same project. */
async function secondBrowser(browser: Browser, { projectId, email }: { projectId: string; email: string }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await RuntimePanel.preferRuntime(page, "box");
  await new AuthPage(page).signIn({ email, password });
  const ide = new IdePage(page);
  await ide.goto(projectId);
  // Gone if the page reloads: every change below must arrive without one.
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  return { context, page, ide };
}

const sameDocument = (page: Page) => page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);

test("a save, a new file and a delete in one browser show up in the other; a modified editor is warned with a diff before it saves", async ({ page, browser }, testInfo) => {
  const { ide, projectId, email } = await newProject(page, { "notes.txt": "first line\n", "keep.txt": "kept\n" });
  const other = await secondBrowser(browser, { projectId, email });
  await other.ide.openFile("notes.txt");
  await other.ide.expectEditorText("first line\n");

  // A save: the other's clean editor follows. How long that takes is printed (a figure, not a check).
  await ide.openFile("notes.txt");
  await ide.setEditorText("first line\nsaved in the first browser\n");
  const savedAt = Date.now();
  await ide.save();
  await other.page.waitForFunction((text) => window.__ideTest?.getEditorValue() === text, "first line\nsaved in the first browser\n", { polling: "raf" });
  console.log(`save in one browser → the other's editor shows it: ${Date.now() - savedAt} ms (Ctrl+S to text, both browsers on one machine)`);
  await other.ide.expectEditorText("first line\nsaved in the first browser\n");
  await other.ide.expectDirty("notes.txt", false);

  // A new file (in a new folder) appears in the other's tree.
  await ide.createFile("src/new.ts");
  await ide.setEditorText("export const made = 1;\n");
  await ide.save();
  await other.ide.revealInTree("src/new.ts");
  await other.ide.openFile("src/new.ts");
  await other.ide.expectEditorText("export const made = 1;\n");

  // A delete: the row goes, and so does the other's (clean) tab of it.
  await ide.delete("src/new.ts");
  await expect(other.ide.treeItem("src/new.ts")).toHaveCount(0);
  await expect(other.ide.tab("src/new.ts")).toHaveCount(0);

  // A modified editor whose file is saved elsewhere keeps my text and says so, with a diff.
  await other.ide.activateTab("notes.txt");
  await other.ide.setEditorText("first line\nmine, typed in the second browser\n");
  await other.ide.expectDirty("notes.txt");
  await ide.activateTab("notes.txt");
  await ide.setEditorText("first line\ntheirs, saved in the first browser\n");
  await ide.save();
  const bar = other.page.getByTestId("changed-elsewhere");
  await expect(bar).toBeVisible();
  await expect(bar).toContainText(/changed elsewhere/i);
  await expect(other.ide.tab("notes.txt")).toHaveAttribute("data-changed-elsewhere", "true");
  await other.ide.expectEditorText("first line\nmine, typed in the second browser\n");
  await bar.getByTestId("changed-elsewhere-diff").click();
  const diff = bar.getByTestId("text-diff");
  await expect(diff.locator(".editor.original .view-lines")).toContainText("theirs, saved in the first browser");
  await expect(diff.locator(".editor.modified .view-lines")).toContainText("mine, typed in the second browser");
  await other.page.screenshot({ path: testInfo.outputPath("changed-elsewhere.png") });

  // Saving now is stopped before it reaches the server: the conflict dialog, with the same diff.
  await other.ide.save({ wait: false });
  expect(await other.ide.conflictPaths()).toEqual(["notes.txt"]);
  const dialogDiff = other.ide.conflictDialog.getByTestId("text-diff");
  await expect(dialogDiff.locator(".editor.original .view-lines")).toContainText("theirs, saved in the first browser");
  await expect(dialogDiff.locator(".editor.modified .view-lines")).toContainText("mine, typed in the second browser");
  await other.page.screenshot({ path: testInfo.outputPath("conflict-dialog.png") });
  await other.page.keyboard.press("Escape");
  await expect(other.ide.conflictDialog).toHaveCount(0);

  // Keep mine saves it over theirs; the first browser's clean editor follows.
  await bar.getByTestId("changed-elsewhere-keep-mine").click();
  await expect(bar).toHaveCount(0);
  await other.ide.expectDirty("notes.txt", false);
  await expect(other.ide.tab("notes.txt")).toHaveAttribute("data-changed-elsewhere", "false");
  await ide.expectEditorText("first line\nmine, typed in the second browser\n");

  // Take theirs drops my edit for their saved version.
  await other.ide.setEditorText("an edit I will give up\n");
  await ide.setEditorText("their last word\n");
  await ide.save();
  await bar.getByTestId("changed-elsewhere-take-theirs").click();
  await other.ide.expectEditorText("their last word\n");
  await other.ide.expectDirty("notes.txt", false);
  await expect(bar).toHaveCount(0);

  expect(await sameDocument(other.page)).toBe(true);
  await other.context.close();
});

test("what the agent writes in one browser shows up in the other", async ({ page, browser }) => {
  const { projectId, email } = await newProject(page, { "src/greet.js": "export const greet = (name) => 'Hello, ' + name + '!';\n" });
  const other = await secondBrowser(browser, { projectId, email });
  await other.ide.openFile("src/greet.js");
  await other.ide.expectEditorText(/'Hello, '/);

  const agent = new AgentPanel(page);
  await agent.send("Please shorten the greeting in src/greet.js and run it");
  expect(await agent.lastTurnStatus()).toBe("completed");

  await other.ide.expectEditorText(/'Hi, '/);
  await other.ide.expectDirty("src/greet.js", false);
  await expect(other.ide.treeItem("main.mjs")).toBeVisible();
  expect(await sameDocument(other.page)).toBe(true);
  await other.context.close();
});

test("two people on one project see each other's saves, new files and deletes", async ({ browser }) => {
  // The suite's server holds its embedded database in its own process: this test starts one on
  // Postgres (the production build), so it can add the membership no page can make yet.
  const databaseName = `ide_e2e_live_${randomBytes(6).toString("hex")}`;
  const databaseUrl = await createDatabase({ adminUrl: adminDatabaseUrl(), name: databaseName });
  const server = await startInstance({ kind: "built", port: Number(process.env.E2E_PORT ?? 3100) + 2, env: { DATABASE_URL: databaseUrl, PGLITE_DIR: "" } });
  const contexts = [await browser.newContext({ baseURL: server.origin }), await browser.newContext({ baseURL: server.origin })];
  try {
    const [ada, grace] = await Promise.all(contexts.map((context) => context.newPage()));
    const { ide, projectId } = await newProject(ada!, { "plan.md": "# Plan\n" });
    const graceEmail = `live-${randomUUID().slice(0, 8)}@example.test`;
    await RuntimePanel.preferRuntime(grace!, "box");
    await new AuthPage(grace!).signUp({ name: "Grace", email: graceEmail, password });
    const { project } = (await (await ada!.request.get(`/api/projects/${projectId}`)).json()) as { project: { workspaceId: string } };
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO memberships ("workspaceId", "userId", role) SELECT $1, id, 'editor' FROM users WHERE email = $2`,
        [project.workspaceId, graceEmail],
      );
    } finally {
      await db.end();
    }
    const other = new IdePage(grace!);
    await other.goto(projectId);
    await other.openFile("plan.md");
    await ide.openFile("plan.md");

    // Grace saves; Ada's clean editor follows. Grace adds a file; it shows in Ada's tree.
    await other.setEditorText("# Plan\n- written by Grace\n");
    await other.save();
    await ide.expectEditorText("# Plan\n- written by Grace\n");
    await other.createFile("graces.txt");
    await other.setEditorText("hello Ada\n");
    await other.save();
    await expect(ide.treeItem("graces.txt")).toBeVisible();
    await ide.openFile("graces.txt");
    await ide.expectEditorText("hello Ada\n");

    // Ada deletes it: gone from Grace's tree and tabs.
    await ide.delete("graces.txt");
    await expect(other.treeItem("graces.txt")).toHaveCount(0);
    await expect(other.tab("graces.txt")).toHaveCount(0);

    // Ada's unsaved edit is warned about Grace's save before Ada saves.
    await ide.activateTab("plan.md");
    await ide.setEditorText("# Plan\n- Ada's idea\n");
    await other.setEditorText("# Plan\n- Grace's idea\n");
    await other.save();
    await expect(ada!.getByTestId("changed-elsewhere")).toBeVisible();
    await ide.expectEditorText("# Plan\n- Ada's idea\n");
  } finally {
    await Promise.all(contexts.map((context) => context.close()));
    await server.stop();
    await dropDatabase({ adminUrl: adminDatabaseUrl(), name: databaseName });
  }
});
