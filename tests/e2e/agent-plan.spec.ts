import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { AgentPanel } from "./pages/agent-panel";
import { AuthPage } from "./pages/auth-page";
import { DashboardPage } from "./pages/dashboard-page";
import { IdePage } from "./pages/ide-page";
import { RuntimePanel } from "./pages/runtime-panel";

// The agent's plan card and "Undo last edit", against the scripted model ("plan it and edit twice"
// in tests/fixtures/agent-e2e-script.json): a plan, two file writes, the plan again as it goes.

test.describe.configure({ timeout: 240_000 });

async function openProject(page: Page, files: Record<string, string>) {
  await RuntimePanel.preferRuntime(page, "box");
  await new AuthPage(page).signUp({ name: "Planner", email: `plan-${randomUUID().slice(0, 8)}@example.test`, password: "correct horse battery" });
  const projectId = await new DashboardPage(page).createProject("Plan project");
  const { project } = (await (await page.request.get(`/api/projects/${projectId}`)).json()) as { project: { headSnapshotId: string } };
  const changes = Object.entries(files).map(([path, content]) => ({ type: "write", path, content }));
  expect((await page.request.post(`/api/projects/${projectId}/save`, { data: { baseSnapshotId: project.headSnapshotId, changes } })).ok()).toBe(true);
  const ide = new IdePage(page);
  await ide.goto(projectId);
  const headText = async (path: string) => (await page.request.get(`/api/projects/${projectId}/files/raw?path=${encodeURIComponent(path)}`)).text();
  return { ide, agent: new AgentPanel(page), headText };
}

test("the plan shows as a checklist card, and Undo last edit puts back only the last file the agent wrote", async ({ page }) => {
  const { ide, agent, headText } = await openProject(page, { "src/greet.js": "export const greet = (name) => 'Hello, ' + name + '!';\n" });

  await agent.send("Please plan it and edit twice");
  expect(await agent.lastTurnStatus()).toBe("completed");
  // One card, with the plan's latest state; the plan calls are not tool cards of their own.
  await expect(agent.lastAssistantMessage().getByTestId("agent-plan")).toHaveCount(1);
  expect(await agent.planSteps()).toEqual(["done Write notes.md", "done Shorten the greeting"]);
  expect((await agent.toolCardInfo()).map((c) => c.tool)).toEqual(["write_file", "write_file"]);
  expect(await headText("src/greet.js")).toContain("'Hey, '");

  // Only the last write goes back.
  await agent.undoLastEdit();
  expect(await headText("src/greet.js")).toContain("'Hello, '");
  expect(await headText("notes.md")).toBe("# Notes\n");
  await expect.poll(() => ide.visibleTreePaths()).toContain("notes.md");

  // Both are stored: a reload shows the plan and that the last edit was undone.
  await page.reload();
  await ide.waitForReady();
  await agent.open();
  expect(await agent.planSteps()).toEqual(["done Write notes.md", "done Shorten the greeting"]);
  await expect(agent.changesCard().getByTestId("agent-last-edit-undone")).toBeVisible();
});
