import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { AgentPanel } from "./pages/agent-panel";
import { AuthPage } from "./pages/auth-page";
import { DashboardPage } from "./pages/dashboard-page";
import { IdePage } from "./pages/ide-page";
import { RuntimePanel } from "./pages/runtime-panel";

// What the IDE sends with a message: the file open in the editor and an @-mentioned file picked from
// the prompt box's suggestions. The scripted model (tests/fixtures/agent-e2e-script.json) answers
// "The IDE sent me …" only when the request it receives holds both, so its answer proves they arrived.

test.describe.configure({ timeout: 180_000 });

test("an @-mentioned file and the open file reach the model with the message", async ({ page }) => {
  await RuntimePanel.preferRuntime(page, "box");
  await new AuthPage(page).signUp({ name: "Context user", email: `context-${randomUUID().slice(0, 8)}@example.test`, password: "correct horse battery" });
  const projectId = await new DashboardPage(page).createProject("Context project");
  const { project } = (await (await page.request.get(`/api/projects/${projectId}`)).json()) as { project: { headSnapshotId: string } };
  const files = { "src/util.js": "export function add(a, b) {\n  return a + b;\n}\n", "src/app.js": "import { add } from './util.js';\nconsole.log(add(1, 2));\n" };
  const changes = Object.entries(files).map(([path, content]) => ({ type: "write", path, content }));
  expect((await page.request.post(`/api/projects/${projectId}/save`, { data: { baseSnapshotId: project.headSnapshotId, changes } })).ok()).toBe(true);

  const ide = new IdePage(page);
  await ide.goto(projectId);
  await ide.revealInTree("src/app.js");
  // A click that lands before the tree is interactive opens nothing: click until the tab is there.
  await expect(async () => {
    await ide.treeItem("src/app.js").click();
    await expect(page.locator('[data-testid="tab"][data-path="src/app.js"]')).toHaveAttribute("data-active", "true", { timeout: 3000 });
  }).toPass({ timeout: 30_000 });
  await ide.waitForActiveFile("src/app.js");

  const agent = new AgentPanel(page);
  await agent.open();
  const input = page.getByTestId("agent-input");
  await input.fill("Explain the mentioned file ");
  await input.pressSequentially("@utl");
  const option = page.getByTestId("agent-mention-option").first();
  await expect(option).toHaveText("src/util.js");
  await input.press("Enter");
  await expect(input).toHaveValue("Explain the mentioned file @src/util.js ");
  await expect(page.getByTestId("agent-mention-list")).toBeHidden();
  await input.press("Enter");

  const sent = agent.userMessages().last();
  await expect(sent.getByTestId("agent-message-context")).toHaveText(/^src\/app\.js:\d+ · @src\/util\.js$/);
  await agent.expectLastAssistantText("The IDE sent me src/app.js as your open file and the outline of src/util.js");
});
