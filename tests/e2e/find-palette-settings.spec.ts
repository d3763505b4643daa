import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { AuthPage } from "./pages/auth-page";
import { DashboardPage } from "./pages/dashboard-page";
import { IdePage } from "./pages/ide-page";
import { SearchPanel } from "./pages/search-panel";

test("search across files with options and globs, open a result at its match, and replace all as one version", async ({ page }) => {
  await new AuthPage(page).signUp({ name: "Sam", email: `e2e-${randomUUID().slice(0, 8)}@example.test`, password: "correct horse battery" });
  const dashboard = new DashboardPage(page);
  await dashboard.createProject("Find");
  await dashboard.openProject("Find");
  const ide = new IdePage(page);
  await ide.waitForReady();
  for (const [path, text] of [
    ["src/app.js", "const hello = 'Hello';\nhello();\n"],
    ["notes.txt", "say hello\nhelloworld\n"],
  ] as const) {
    await ide.createFile(path);
    await ide.setEditorText(text);
    await ide.save();
  }

  const search = new SearchPanel(page);
  await search.open();
  await search.search("hello");
  await search.expectSummary("5 results in 2 files");
  await search.expectFiles(["notes.txt", "src/app.js"]);
  await search.toggle("word");
  await search.expectSummary("4 results in 2 files");
  await search.toggle("case");
  await search.expectSummary("3 results in 2 files");
  await search.setInclude("*.js");
  await search.expectSummary("2 results in 1 file");
  await search.setInclude("");

  await search.openResult("notes.txt");
  await ide.waitForActiveFile("notes.txt");
  await expect(page.locator('[data-testid="editor"] .selected-text').first()).toBeVisible();

  await search.replaceAll("bye");
  await search.expectSummary("0 results in 0 files");
  await ide.expectEditorText("say bye\nhelloworld\n");
  await ide.activateTab("src/app.js");
  await ide.expectEditorText("const bye = 'Hello';\nbye();\n");
});

test("the command palette runs an IDE action by a fuzzy name, and the shortcuts sheet lists the bindings", async ({ page }) => {
  await new AuthPage(page).signUp({ name: "Pat", email: `e2e-${randomUUID().slice(0, 8)}@example.test`, password: "correct horse battery" });
  const dashboard = new DashboardPage(page);
  await dashboard.createProject("Palette");
  await dashboard.openProject("Palette");
  await new IdePage(page).waitForReady();

  await page.keyboard.press("ControlOrMeta+Shift+p");
  await page.getByTestId("command-palette-input").fill("tgl tree");
  await expect(page.getByTestId("command-palette-item").first()).toHaveAttribute("data-command", "toggleTree");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("command-palette")).toHaveCount(0);
  await expect(page.getByTestId("tree-panel")).toHaveAttribute("data-collapsed", "true");

  await page.keyboard.press("ControlOrMeta+Shift+p");
  await page.getByTestId("command-palette-input").fill("find in files");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("tree-panel")).toHaveAttribute("data-collapsed", "false");
  await expect(page.getByTestId("search-panel")).toBeVisible();

  await page.keyboard.press("ControlOrMeta+Shift+p");
  await page.getByTestId("command-palette-input").fill("keyboard shortcuts");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("shortcuts-sheet")).toBeVisible();
  await expect(page.getByTestId("shortcut-row").filter({ hasText: "Search: Find in files" })).toContainText("Ctrl+Shift+F");
});
