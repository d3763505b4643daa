import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { AuthPage } from "./pages/auth-page";
import { DashboardPage } from "./pages/dashboard-page";
import { IdePage } from "./pages/ide-page";

const password = "correct horse battery";
const newEmail = () => `e2e-${randomUUID().slice(0, 8)}@example.test`;

test("accounts: sign up, sign out, wrong password, sign in; pages need a session", async ({ page }) => {
  const auth = new AuthPage(page);
  const email = newEmail();
  await page.goto("/projects");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fprojects/);

  await auth.signUp({ name: "Ada", email, password });
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
  await auth.signOut();

  await auth.trySignIn({ email, password: "not the password" });
  await expect(page.getByTestId("auth-error")).toBeVisible();
  await auth.signIn({ email, password });
});

test("a project's files: create, edit, save, rename, move, delete, reload, and a second browser sees them", async ({ page, browser }) => {
  const email = newEmail();
  await new AuthPage(page).signUp({ name: "Grace", email, password });
  const dashboard = new DashboardPage(page);
  const projectId = await dashboard.createProject("Hello app");
  await dashboard.renameProject("Hello app", "Hello world");
  await dashboard.openProject("Hello world");

  const ide = new IdePage(page);
  await ide.createFile("src/index.ts");
  await ide.waitForEditor("src/index.ts");
  await ide.typeInEditor("export const greeting = 42;");
  await ide.expectDirty("src/index.ts");
  await ide.expectSaveStatus("unsaved");
  await ide.save();
  await ide.expectDirty("src/index.ts", false);
  await ide.expectSaveStatus("saved");

  await ide.createFolder("lib");
  await ide.createFile("notes.md");
  await ide.typeInEditor("# Notes");
  await ide.save();
  await ide.move("notes.md", "lib");
  await ide.rename("lib/notes.md", "README.md");
  await ide.createFile("trash.txt");
  await ide.delete("trash.txt");

  // An unsaved edit survives a reload, still marked unsaved.
  await ide.openFile("src/index.ts");
  await ide.typeInEditor("\n// draft");
  await page.reload();
  await ide.waitForReady();
  await ide.expectDirty("src/index.ts");
  await ide.activateTab("src/index.ts");
  await ide.expectEditorText(/draft/);
  await ide.save();

  // A second browser (its own cookies and storage) sees the saved state.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await new AuthPage(otherPage).signIn({ email, password });
  const otherIde = new IdePage(otherPage);
  await otherIde.goto(projectId);
  await otherIde.revealInTree("lib/README.md");
  await otherIde.revealInTree("src/index.ts");
  expect(await otherIde.visibleTreePaths()).toEqual(["lib", "lib/README.md", "src", "src/index.ts"]);
  await otherIde.openFile("src/index.ts");
  await otherIde.expectEditorText("export const greeting = 42;\n// draft");
  await otherIde.openFile("lib/README.md");
  await otherIde.expectEditorText("# Notes");
  await other.close();
});

test("a stale save gets the conflict prompt; keep mine and reload theirs both work", async ({ page, browser }) => {
  const email = newEmail();
  await new AuthPage(page).signUp({ name: "Linus", email, password });
  const projectId = await new DashboardPage(page).createProject("Conflicts");
  const ide = new IdePage(page);
  await ide.goto(projectId);
  await ide.createFile("shared.txt");
  await ide.typeInEditor("original");
  await ide.save();

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await new AuthPage(otherPage).signIn({ email, password });
  const otherIde = new IdePage(otherPage);
  await otherIde.goto(projectId);
  await otherIde.openFile("shared.txt");
  // This browser has unsaved edits from the old version: its save must not overwrite theirs silently.
  await ide.replaceEditorTextByTyping("mine");
  await otherIde.replaceEditorTextByTyping("theirs");
  await otherIde.save();
  await expect(page.getByTestId("changed-elsewhere")).toBeVisible();
  await ide.save({ wait: false });
  expect(await ide.conflictPaths()).toEqual(["shared.txt"]);
  await ide.reloadTheirs();
  await ide.expectEditorText("theirs");
  await ide.expectDirty("shared.txt", false);

  await ide.replaceEditorTextByTyping("mine after all");
  await otherIde.replaceEditorTextByTyping("theirs again");
  await otherIde.save();
  await expect(page.getByTestId("changed-elsewhere")).toBeVisible();
  await ide.save({ wait: false });
  await ide.conflictPaths();
  await ide.keepMine();
  await ide.expectDirty("shared.txt", false);

  await otherPage.reload();
  await otherIde.waitForReady();
  await otherIde.openFile("shared.txt");
  await otherIde.expectEditorText("mine after all");
  await other.close();
});

test("bad input gets a clear message and loses nothing", async ({ page }) => {
  await new AuthPage(page).signUp({ name: "Barbara", email: newEmail(), password });
  const dashboard = new DashboardPage(page);
  expect(await dashboard.tryCreateProject("   ")).toMatch(/required/i);
  const projectId = await dashboard.createProject("Limits");
  const ide = new IdePage(page);
  await ide.goto(projectId);
  await ide.tryCreateFile("../escape.txt");
  await expect(ide.nameError).toContainText("..");
  await ide.cancelNameInput();

  await ide.uploadFiles([
    { name: "logo.png", buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3]) },
    { name: "hello.py", buffer: Buffer.from("print('hi')\n") },
  ]);
  await expect(ide.treeItem("logo.png")).toBeVisible();
  await ide.openFile("logo.png");
  await expect(ide.binaryFile).toContainText("11 bytes");
  await ide.openFile("hello.py");
  await ide.expectEditorText("print('hi')\n");

  // Another user cannot see the project at all.
  await new AuthPage(page).signOut();
  await new AuthPage(page).signUp({ name: "Mallory", email: newEmail(), password });
  const res = await page.goto(`/projects/${projectId}`);
  expect(res?.status()).toBe(404);
});

test("editor: quick open, TypeScript diagnostics, tabs; dashboard deletes after confirmation", async ({ page }) => {
  await new AuthPage(page).signUp({ name: "Margaret", email: newEmail(), password });
  const dashboard = new DashboardPage(page);
  const projectId = await dashboard.createProject("Editor");
  const ide = new IdePage(page);
  await ide.goto(projectId);
  await ide.createFile("src/deep/util.ts");
  await ide.setEditorText("export const n: number = 'not a number';\n");
  await expect.poll(async () => (await ide.editorMarkers()).map((m) => m.message).join("\n"), { timeout: 30_000 }).toMatch(
    /not assignable to type 'number'/,
  );
  await ide.save();
  await ide.createFile("main.ts");
  expect(await ide.quickOpen("utl")).toBe("src/deep/util.ts");
  expect(await ide.openTabs()).toEqual(["src/deep/util.ts", "main.ts"]);
  await ide.closeTab("main.ts");

  await page.screenshot({ path: "test-results/ide.png" });
  await ide.backToDashboard();
  await dashboard.deleteProject("Editor", { confirm: false });
  await dashboard.deleteProject("Editor");
  expect(await dashboard.projectNames()).toEqual([]);
});
