import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { AgentPanel } from "./pages/agent-panel";
import { AuthPage } from "./pages/auth-page";
import { DashboardPage } from "./pages/dashboard-page";
import { IdePage } from "./pages/ide-page";
import { RuntimePanel } from "./pages/runtime-panel";

// search and outline in the production server, against the scripted model ("find the helper and
// outline greet" in tests/fixtures/agent-e2e-script.json): a bare "*.js" glob finds a nested file,
// a backtracking regex is stopped in its worker with an error while the server keeps serving, and
// outline lists a file's declarations.

test.describe.configure({ timeout: 180_000 });

test("search finds nested files by a bare glob, a backtracking regex is stopped, outline lists declarations", async ({ page }) => {
  await RuntimePanel.preferRuntime(page, "box");
  await new AuthPage(page).signUp({ name: "Finder", email: `find-${randomUUID().slice(0, 8)}@example.test`, password: "correct horse battery" });
  const projectId = await new DashboardPage(page).createProject("Search project");
  const { project } = (await (await page.request.get(`/api/projects/${projectId}`)).json()) as { project: { headSnapshotId: string } };
  const files = {
    "src/greet.js": "export function greet(name) {\n  return 'Hello, ' + name;\n}\nexport const DEFAULT = 'Ada';\n",
    "src/deep/util.js": "export const helperName = 1;\n",
    "evil.txt": "a".repeat(60) + "!\n",
  };
  const changes = Object.entries(files).map(([path, content]) => ({ type: "write", path, content }));
  expect((await page.request.post(`/api/projects/${projectId}/save`, { data: { baseSnapshotId: project.headSnapshotId, changes } })).ok()).toBe(true);
  const ide = new IdePage(page);
  await ide.goto(projectId);
  const agent = new AgentPanel(page);

  await agent.send("Please find the helper and outline greet");
  expect(await agent.lastTurnStatus()).toBe("completed");
  expect((await agent.toolCardInfo()).map((card) => card.tool)).toEqual(["search", "search", "outline"]);
  const [found, stopped, outline] = await Promise.all([0, 1, 2].map((i) => agent.toolCards().nth(i)));
  for (const card of [found!, stopped!, outline!]) await agent.expandToolCard(card);
  await expect(found!).toContainText("src/deep/util.js:1: export const helperName = 1;");
  await expect(stopped!).toContainText(/ran longer than 2000 ms on evil\.txt and was stopped: it likely backtracks catastrophically/);
  await expect(outline!).toContainText("1  export function greet(name)");
  await expect(outline!).toContainText("4  export const DEFAULT");
  await agent.expectLastAssistantText(/helperName is in src\/deep\/util\.js/);
});
