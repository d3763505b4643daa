import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { AuthPage } from "./pages/auth-page";
import { DashboardPage } from "./pages/dashboard-page";
import { IdePage } from "./pages/ide-page";

// The editor loads only the Monaco features components/editor/monaco-core.ts picks, and each
// language's tokenizer or service when a file of it opens: this checks a user still gets them.

/** Monaco colours a token with an `mtk<n>` class; text no tokenizer has read is all one class. */
const tokenClasses = (page: Page) =>
  page.getByTestId("editor").locator(".view-lines span[class^='mtk']").evaluateAll((spans) => new Set(spans.map((s) => s.className)).size);

async function openNewProject(page: Page) {
  await new AuthPage(page).signUp({ name: "Barbara", email: `e2e-${randomUUID().slice(0, 8)}@example.test`, password: "correct horse battery" });
  const projectId = await new DashboardPage(page).createProject("Editor features");
  const ide = new IdePage(page);
  await ide.goto(projectId);
  return ide;
}

test("editor: JSON, Python and Markdown are highlighted", async ({ page }) => {
  const ide = await openNewProject(page);
  for (const [path, text] of [
    ["data.json", '{ "name": "demo", "count": 2, "ok": true }\n'],
    ["tool.py", "def greet(name):\n    return f'hi {name}'  # a comment\n"],
    ["notes.md", "# Title\n\nSome *emphasis* and `code`.\n"],
  ]) {
    await ide.createFile(path!);
    await ide.setEditorText(text!);
    await expect.poll(() => tokenClasses(page), { message: `${path} is highlighted`, timeout: 30_000 }).toBeGreaterThan(2);
  }
  await page.screenshot({ path: test.info().outputPath("markdown.png") });
});

test("editor: TypeScript diagnostics, suggest and find", async ({ page }) => {
  // Monaco's workers come from versioned paths, so a repeat visit uses the browser's copy outright.
  const workers: { path: string; cacheControl: string }[] = [];
  page.on("response", (response) => {
    const { pathname } = new URL(response.url());
    if (pathname.startsWith("/monaco/")) workers.push({ path: pathname, cacheControl: response.headers()["cache-control"] ?? "" });
  });
  const ide = await openNewProject(page);
  await ide.createFile("main.ts");
  await ide.setEditorText("export const count: number = 'three';\nconst greeting = 'hi';\n");
  await expect.poll(async () => (await ide.editorMarkers()).map((m) => m.message).join("\n"), { timeout: 30_000 }).toMatch(/not assignable to type 'number'/);
  expect(await tokenClasses(page)).toBeGreaterThan(2);
  expect(workers.map((w) => w.path)).toContainEqual(expect.stringMatching(/^\/monaco\/\d+\.\d+\.\d+\/ts\.worker\.js$/));
  for (const worker of workers) expect(worker.cacheControl, worker.path).toBe("public, max-age=31536000, immutable");

  // Suggest: the language service offers a name declared above.
  await ide.typeInEditor("greet");
  await page.keyboard.press("Control+Space");
  const suggest = page.getByTestId("editor").locator(".suggest-widget");
  await expect(suggest).toBeVisible();
  await expect(suggest.locator(".monaco-list-row").filter({ hasText: "greeting" }).first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("suggest.png") });
  await page.keyboard.press("Escape");

  // Find (Ctrl+F): the widget opens and counts the matches.
  await page.keyboard.press("Control+f");
  const find = page.getByTestId("editor").locator(".find-widget");
  await expect(find).toHaveClass(/visible/);
  await page.keyboard.type("greet");
  await expect(find.locator(".matchesCount")).toHaveText(/of 2/);
  await page.screenshot({ path: test.info().outputPath("find.png") });
});
