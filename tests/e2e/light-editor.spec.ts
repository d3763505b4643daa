import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { AuthPage } from "./pages/auth-page";
import { DashboardPage } from "./pages/dashboard-page";
import { IdePage } from "./pages/ide-page";
import { RuntimePanel } from "./pages/runtime-panel";

// A file shows, and takes keystrokes, before Monaco's code has arrived (the light view); Monaco then
// carries on with the text typed so far, the cursor and the focus, and nothing typed is lost.

type HeldMonaco = Window & { __releaseMonaco?: () => void };

async function signUp(page: Page, name: string) {
  await RuntimePanel.preferRuntime(page, "box");
  await new AuthPage(page).signUp({ name, email: `light-${randomUUID().slice(0, 8)}@example.test`, password: "correct horse battery" });
}

/**
 * Signs up `name`, saves `path` with `content` in a new project, and opens it with Monaco's code held
 * back until the test lets it arrive (`__releaseMonaco`), as on a slow network.
 */
async function openWithMonacoHeld(page: Page, { name, project, path, content }: { name: string; project: string; path: string; content: string }) {
  await signUp(page, name);
  const projectId = await new DashboardPage(page).createAndOpenProject(project);
  const head = (await (await page.request.get(`/api/projects/${projectId}`)).json()).project.headSnapshotId;
  const saved = await page.request.post(`/api/projects/${projectId}/save`, {
    data: { baseSnapshotId: head, changes: [{ type: "write", path, content }] },
  });
  expect(saved.ok()).toBe(true);
  await page.addInitScript(() => {
    window.__ideHoldMonaco = new Promise<void>((release) => {
      (window as HeldMonaco).__releaseMonaco = release;
    });
  });
  await page.reload();
  const ide = new IdePage(page);
  await ide.waitForReady();
  await ide.openFile(path);
  return { ide, projectId };
}

test("a file is shown and editable before Monaco loads; Monaco carries on with the text, the cursor and the focus", async ({ page }, testInfo) => {
  const { ide, projectId } = await openWithMonacoHeld(page, { name: "Lena", project: "Light view", path: "src/app.ts", content: "export const a = 1;\nexport const b = 2;\n" });

  const light = page.getByTestId("light-editor");
  const text = light.getByRole("textbox", { name: "Editing src/app.ts" });
  await expect(text).toHaveValue("export const a = 1;\nexport const b = 2;\n");
  await expect(ide.editor).toHaveCount(0);

  await text.click();
  await page.keyboard.press("ControlOrMeta+Home");
  await page.keyboard.press("End");
  await page.keyboard.type(" // light");
  await expect(text).toHaveValue("export const a = 1; // light\nexport const b = 2;\n");
  // The text area (caret and selection) never scrolls apart from the text drawn beneath it.
  expect(await text.evaluate((area) => [area.scrollLeft, area.scrollTop])).toEqual([0, 0]);
  await ide.expectDirty("src/app.ts");
  await page.screenshot({ path: testInfo.outputPath("light-view.png") });

  await page.evaluate(() => (window as HeldMonaco).__releaseMonaco?.());
  await ide.waitForEditor("src/app.ts");
  await expect(light).toHaveCount(0);
  await expect.poll(async () => (await ide.editorCursor())?.column).toBe(29);
  expect((await ide.editorCursor())?.line).toBe(1);
  // The keyboard focus went with it: the next keystroke lands in Monaco, where the cursor was.
  await page.keyboard.type("!");
  await ide.expectEditorText("export const a = 1; // light!\nexport const b = 2;\n");
  await expect.poll(() => ide.editorMarkers()).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath("monaco-took-over.png") });

  // Monaco's undo reaches back past its arrival: what was typed in the light view is one step.
  await page.keyboard.press("ControlOrMeta+z");
  await ide.expectEditorText("export const a = 1; // light\nexport const b = 2;\n");
  await page.keyboard.press("ControlOrMeta+z");
  await ide.expectEditorText("export const a = 1;\nexport const b = 2;\n");
  await page.keyboard.press("ControlOrMeta+Shift+z");
  await page.keyboard.press("ControlOrMeta+Shift+z");
  await ide.expectEditorText("export const a = 1; // light!\nexport const b = 2;\n");

  await ide.save();
  await ide.expectDirty("src/app.ts", false);
  const file = await page.request.get(`/api/projects/${projectId}/files/raw?path=${encodeURIComponent("src/app.ts")}`);
  expect(await file.text()).toBe("export const a = 1; // light!\nexport const b = 2;\n");
});

test("the focus stays in the editor when it lands back on the light view just as Monaco takes over", async ({ page }) => {
  const { ide } = await openWithMonacoHeld(page, { name: "Fay", project: "Focus handover", path: "src/focus.ts", content: "export const f = 1;\n" });
  const text = page.getByTestId("light-editor").getByRole("textbox", { name: "Editing src/focus.ts" });
  await text.click();
  await page.keyboard.press("ControlOrMeta+End");

  // The moment Monaco takes the focus, it goes back to the light view, still on the page for one
  // more render (a click landing then, or a focus call): the light view then goes while focused.
  await page.evaluate(() => {
    const area = document.querySelector<HTMLTextAreaElement>('[data-testid="light-editor"] textarea')!;
    const refocus = (event: FocusEvent) => {
      if (!(event.target instanceof Element) || !event.target.closest(".monaco-editor")) return;
      document.removeEventListener("focusin", refocus);
      area.focus();
    };
    document.addEventListener("focusin", refocus);
    (window as HeldMonaco).__releaseMonaco?.();
  });
  await expect(page.getByTestId("light-editor")).toHaveCount(0, { timeout: 60_000 });
  await expect(ide.editor).toHaveAttribute("data-ready", "true");
  await expect.poll(() => page.evaluate(() => document.activeElement?.closest(".monaco-editor") !== null)).toBe(true);
  await page.keyboard.type("// here");
  await ide.expectEditorText("export const f = 1;\n// here");
});

test("a file only read is shown coloured and never loads Monaco; a click in it brings Monaco", async ({ page }, testInfo) => {
  await signUp(page, "Reed");
  const projectId = await new DashboardPage(page).createAndOpenProject("Reading");
  const head = (await (await page.request.get(`/api/projects/${projectId}`)).json()).project.headSnapshotId;
  const source = 'export const greeting = "hi"; // says hi\nexport const n = 42;\n';
  const saved = await page.request.post(`/api/projects/${projectId}/save`, {
    data: { baseSnapshotId: head, changes: [{ type: "write", path: "src/read.ts", content: source }] },
  });
  expect(saved.ok()).toBe(true);
  const monacoRequests: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname.startsWith("/monaco/")) monacoRequests.push(request.url());
  });
  await page.reload();
  const ide = new IdePage(page);
  await ide.waitForReady();
  await ide.openFile("src/read.ts");

  const light = page.getByTestId("light-editor");
  await expect(light).toHaveAttribute("data-highlighted", "true");
  // highlight.js's tokens in Monaco's palette (vs, or vs-dark with a dark system theme).
  await expect(light.locator(".hljs-keyword").first()).toHaveText("export");
  await expect(light.locator(".hljs-keyword").first()).toHaveCSS("color", /^rgb\((0, 0, 255|86, 156, 214)\)$/);
  await expect(light.locator(".hljs-string")).toHaveText('"hi"');
  await expect(light.locator(".hljs-comment")).toHaveText("// says hi");
  await expect(light.locator(".hljs-number")).toHaveText("42");
  // The coloured text lies exactly under the text area's (its caret and selection), which also
  // fills the view below a short file, so a click there lands in it.
  const drawn = (await light.locator("pre.light-code").boundingBox())!;
  const area = (await light.getByRole("textbox").boundingBox())!;
  expect({ x: area.x, y: area.y, width: area.width }).toEqual({ x: drawn.x, y: drawn.y, width: drawn.width });
  expect(area.height).toBeGreaterThanOrEqual(drawn.height);
  await page.screenshot({ path: testInfo.outputPath("read-only-coloured.png") });
  // Reading, scrolling the tree, waiting: Monaco stays out (it used to load once the page was idle).
  await page.waitForTimeout(2_000);
  await expect(ide.editor).toHaveCount(0);
  expect(monacoRequests).toEqual([]);

  // A click in the text is reaching for the editor: Monaco takes over where the click put the cursor.
  await light.getByRole("textbox").click({ position: { x: 8, y: 4 } });
  await ide.waitForEditor("src/read.ts");
  await expect(light).toHaveCount(0);
  expect((await ide.editorCursor())?.line).toBe(1);
  await ide.expectEditorText(source);
  await expect.poll(() => monacoRequests.some((url) => url.endsWith("/editor.worker.js") || url.includes("worker"))).toBe(true);
});
