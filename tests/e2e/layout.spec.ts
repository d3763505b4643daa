import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { AuthPage } from "./pages/auth-page";
import { DashboardPage } from "./pages/dashboard-page";
import { IdePage } from "./pages/ide-page";

const password = "correct horse battery";

async function openNewProject(page: Page): Promise<IdePage> {
  await new AuthPage(page).signUp({ name: "Lin", email: `e2e-${randomUUID().slice(0, 8)}@example.test`, password });
  const dashboard = new DashboardPage(page);
  await dashboard.createProject("Layout");
  await dashboard.openProject("Layout");
  const ide = new IdePage(page);
  await ide.waitForReady();
  return ide;
}

const width = async (page: Page, testId: string) => (await page.getByTestId(testId).boundingBox())?.width ?? 0;
const height = async (page: Page, testId: string) => (await page.getByTestId(testId).boundingBox())?.height ?? 0;

test("the tree, terminal and side panel collapse and reopen with buttons and shortcuts, and stay so after a reload", async ({ page }) => {
  await openNewProject(page);
  const tree = page.getByTestId("tree-panel");
  const side = page.getByTestId("right-panel");
  const bottom = page.getByTestId("bottom-panel");
  for (const panel of [tree, side, bottom]) await expect(panel).toHaveAttribute("data-collapsed", "false");

  await page.getByTestId("toggle-tree").click();
  await expect(tree).toHaveAttribute("data-collapsed", "true");
  await expect(page.getByTestId("toggle-tree")).toHaveAttribute("aria-pressed", "false");
  expect(await width(page, "tree-panel")).toBeLessThan(1);
  await page.keyboard.press("Control+b");
  await expect(tree).toHaveAttribute("data-collapsed", "false");
  expect(await width(page, "tree-panel")).toBeGreaterThanOrEqual(160);

  await page.keyboard.press("Control+j");
  await expect(bottom).toHaveAttribute("data-collapsed", "true");
  expect(await height(page, "bottom-panel")).toBeLessThan(1);
  await page.keyboard.press("Control+Alt+b");
  await expect(side).toHaveAttribute("data-collapsed", "true");
  expect(await width(page, "right-panel")).toBeLessThan(1);

  await page.reload();
  await new IdePage(page).waitForReady();
  await expect(bottom).toHaveAttribute("data-collapsed", "true");
  await expect(side).toHaveAttribute("data-collapsed", "true");
  await expect(tree).toHaveAttribute("data-collapsed", "false");

  await page.getByTestId("toggle-bottom").click();
  await page.getByTestId("toggle-side").click();
  await expect(bottom).toHaveAttribute("data-collapsed", "false");
  await expect(side).toHaveAttribute("data-collapsed", "false");
  expect(await height(page, "bottom-panel")).toBeGreaterThanOrEqual(80);
  expect(await width(page, "right-panel")).toBeGreaterThanOrEqual(240);
});

test("at 800 px wide the header stays on one line and the editor keeps at least 360 px", async ({ page }) => {
  await page.setViewportSize({ width: 800, height: 700 });
  await openNewProject(page);
  const header = page.locator("header").first();
  const headerBox = await header.boundingBox();
  if (!headerBox) throw new Error("no header");
  const controls = header.locator("a:visible, button:visible");
  expect(await controls.count()).toBeGreaterThan(5);
  for (const control of await controls.all()) {
    const box = await control.boundingBox();
    if (!box) continue;
    const name = (await control.getAttribute("data-testid")) ?? (await control.textContent());
    // A wrapped label makes its button taller than one line of the 44 px header.
    expect(box.height, `${name} wraps`).toBeLessThanOrEqual(30);
    expect(box.x + box.width, `${name} is cut off`).toBeLessThanOrEqual(800);
  }
  expect(await width(page, "layout-work")).toBeGreaterThanOrEqual(360);
});

test("on a 160 px tree a click on a row opens the file, and the lock toggle says what it did", async ({ page }) => {
  const ide = await openNewProject(page);
  await ide.createFile("src/components/main.py");
  await ide.createFile("notes.md");
  // To its minimum width: dragging further would collapse it.
  await ide.resizeTree(160 - (await ide.treeWidth()));
  await expect(page.getByTestId("tree-panel")).toHaveAttribute("data-collapsed", "false");
  expect(Math.round(await ide.treeWidth())).toBeGreaterThanOrEqual(150);
  expect(Math.round(await ide.treeWidth())).toBeLessThanOrEqual(170);

  const row = ide.treeItem("src/components/main.py");
  const box = await row.boundingBox();
  if (!box) throw new Error("no row");
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  // Hovered, the row shows its buttons; none lies over the name.
  const name = await row.getByTestId("file-tree-item-name").boundingBox();
  expect(name?.width ?? 0).toBeGreaterThanOrEqual(60);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await ide.waitForActiveFile("src/components/main.py");
  await expect(row).not.toHaveAttribute("data-locked", "true");

  // A root-level row has room for its first button (the lock) beside the name.
  const notes = ide.treeItem("notes.md");
  await notes.hover();
  await notes.getByTestId("tree-lock").click();
  await expect(ide.infoToast(/Locked notes\.md/)).toBeVisible();
  await expect(notes).toHaveAttribute("data-locked", "true");
});
