import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { AuthPage } from "./pages/auth-page";
import { DashboardPage } from "./pages/dashboard-page";
import { IdePage } from "./pages/ide-page";
import { PresenceBar } from "./pages/presence-bar";

const password = "correct horse battery";

test("presence: two tabs of one person see each other and the file each has in front, live; a closed tab drops out", async ({ page, browser }) => {
  const email = `e2e-${randomUUID().slice(0, 8)}@example.test`;
  await new AuthPage(page).signUp({ name: "Ada", email, password });
  const projectId = await new DashboardPage(page).createProject("Together");
  const ide = new IdePage(page);
  await ide.goto(projectId);
  const mine = new PresenceBar(page);
  // Alone on the project: no avatars.
  await expect(mine.avatars).toHaveCount(0);
  await ide.createFile("a.ts");
  await ide.typeInEditor("export const a = 1;");
  await ide.save();
  await ide.createFile("src/b.ts");
  await ide.typeInEditor("export const b = 2;");
  await ide.save();

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await new AuthPage(otherPage).signIn({ email, password });
  const otherIde = new IdePage(otherPage);
  await otherIde.goto(projectId);
  const theirs = new PresenceBar(otherPage);

  await expect(mine.yourOtherTabs()).toHaveAttribute("title", "You, in another tab — no file open");
  await expect(theirs.yourOtherTabs()).toHaveAttribute("title", "You, in another tab — editing src/b.ts");
  await expect(theirs.avatars).toHaveCount(1);
  await expect(theirs.avatars).toHaveText("A");

  await otherIde.openFile("a.ts");
  await expect(mine.yourOtherTabs()).toHaveAttribute("title", "You, in another tab — editing a.ts");
  await expect(mine.treeMarker("a.ts")).toHaveAttribute("aria-label", "You, in another tab — editing a.ts");
  await expect(mine.treeMarker("src/b.ts")).toHaveCount(0);
  await ide.openFile("a.ts");
  await expect(theirs.yourOtherTabs()).toHaveAttribute("title", "You, in another tab — editing a.ts");
  await page.getByRole("banner").screenshot({ path: "test-results/presence-header.png" });
  await ide.tree.screenshot({ path: "test-results/presence-tree.png" });

  await otherPage.close();
  await expect(mine.avatars).toHaveCount(0);
  await expect(mine.treeMarker("a.ts")).toHaveCount(0);
  await other.close();
});
