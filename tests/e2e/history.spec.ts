import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { AgentPanel } from "./pages/agent-panel";
import { AuthPage } from "./pages/auth-page";
import { DashboardPage } from "./pages/dashboard-page";
import { HistoryPanel } from "./pages/history-panel";
import { IdePage } from "./pages/ide-page";
import { RuntimePanel } from "./pages/runtime-panel";

const password = "correct horse battery";

test("history: edit, save, see the diff, restore one file (from the file's history in the tree), restore a whole version, undo that", async ({ page }) => {
  await new AuthPage(page).signUp({ name: "Historian", email: `e2e-${randomUUID().slice(0, 8)}@example.test`, password });
  const dashboard = new DashboardPage(page);
  await dashboard.createProject("History");
  await dashboard.openProject("History");
  const ide = new IdePage(page);
  const history = new HistoryPanel(page);

  await ide.createFile("a.txt");
  await ide.waitForEditor("a.txt");
  await ide.setEditorText("one\n");
  await ide.save();
  await ide.createFile("b.txt");
  await ide.waitForEditor("b.txt");
  await ide.setEditorText("bee\n");
  await ide.save();
  await ide.openFile("a.txt");
  await ide.setEditorText("two\n");
  await ide.save();

  // The newest snapshot changed a.txt: its diff opens in Monaco's diff editor.
  await history.open();
  const newest = await history.select(0);
  await expect(newest.getByTestId("history-entry-count")).toHaveText("1 file");
  await expect(history.changedFile("a.txt")).toHaveAttribute("data-change", "modified");
  await history.changedFile("a.txt").click();
  await expect(history.root.getByTestId("text-diff")).toContainText("two");
  await history.close();

  // The file's own history, from its row in the tree: restore its first text.
  await history.openForFile(ide.treeItem("a.txt"));
  await expect(history.root.getByTestId("history-path-filter")).toContainText("a.txt");
  await expect(history.entries().first()).toContainText("a.txt");
  const aOne = history.entries().nth(1);
  await history.select(1);
  const oneSnapshot = await aOne.getAttribute("data-snapshot-id");
  await history.restoreFile("a.txt");
  await ide.expectEditorText("one\n");

  // The whole project as it was then: b.txt did not exist yet.
  await expect(history.root.locator(`[data-snapshot-id="${oneSnapshot}"]`)).toBeVisible();
  await history.restoreVersion(history.root.locator(`[data-snapshot-id="${oneSnapshot}"]`));
  await expect.poll(() => ide.visibleTreePaths()).not.toContain("b.txt");
  await expect.poll(() => ide.visibleTreePaths()).toContain("a.txt");

  // Undo: the project as it was before the whole restore, b.txt included.
  await history.undo();
  await expect.poll(() => ide.visibleTreePaths()).toContain("b.txt");
  await history.close();
  await ide.openFile("b.txt");
  await ide.expectEditorText("bee\n");
  await history.open();
  await expect(history.entries().first()).toContainText("Restore");
});

// An agent turn's snapshots and its chat link both ways, by the turn the snapshots record: the
// scripted model's "plan it and edit twice" (tests/fixtures/agent-e2e-script.json) writes two files.
test("history and the chat link an agent turn both ways; the turn's diff reads its texts when opened", async ({ page }) => {
  test.setTimeout(240_000);
  await RuntimePanel.preferRuntime(page, "box");
  await new AuthPage(page).signUp({ name: "Linker", email: `e2e-${randomUUID().slice(0, 8)}@example.test`, password });
  const projectId = await new DashboardPage(page).createProject("Turn links");
  const { project } = (await (await page.request.get(`/api/projects/${projectId}`)).json()) as { project: { headSnapshotId: string } };
  const greet = "export const greet = (name) => 'Hello, ' + name + '!';\n";
  const saved = await page.request.post(`/api/projects/${projectId}/save`, {
    data: { baseSnapshotId: project.headSnapshotId, changes: [{ type: "write", path: "src/greet.js", content: greet }] },
  });
  expect(saved.ok()).toBe(true);
  const ide = new IdePage(page);
  await ide.goto(projectId);
  const agent = new AgentPanel(page);
  await agent.send("Please plan it and edit twice");
  expect(await agent.lastTurnStatus()).toBe("completed");

  // The change list carries hashes; the diff reads both texts when the file is opened.
  await agent.openChange("src/greet.js");
  const texts = await agent.diffTexts();
  expect(texts.original).toBe(greet);
  expect(texts.modified).toContain("'Hey, '");
  await agent.closeReview();

  // Chat → history: the turn's last snapshot, selected, with everything the turn changed.
  const history = new HistoryPanel(page);
  await agent.changesCard().getByTestId("agent-changes-history").click();
  await expect(history.root).toBeVisible();
  await expect(history.selectedEntry()).toContainText("Agent · turn 1");
  await expect(history.root.getByTestId("history-diff-title")).toContainText("compared snapshot");
  await expect(history.changedFile("notes.md")).toHaveAttribute("data-change", "added");
  await expect(history.changedFile("src/greet.js")).toHaveAttribute("data-change", "modified");

  // History → chat: both agent snapshots name the turn and lead to its message.
  const agentEntries = history.entries().filter({ hasText: "Agent · turn 1" });
  await expect(agentEntries).toHaveCount(2);
  await agentEntries.nth(1).getByTestId("history-open-chat").click();
  // The history, which lies over the agent panel, makes way for the chat.
  await expect(history.root).toHaveCount(0);
  await expect(agent.lastAssistantMessage()).toBeInViewport();

  // With another chat shown, the link switches the panel to the turn's chat, then shows the message.
  const turnChat = await agent.currentSessionTitle();
  await agent.newChat();
  await expect(agent.assistantMessages()).toHaveCount(0);
  await history.open();
  await history.entries().filter({ hasText: "Agent · turn 1" }).first().getByTestId("history-open-chat").click();
  await expect(history.root).toHaveCount(0);
  await expect.poll(() => agent.currentSessionTitle()).toBe(turnChat);
  await expect(agent.lastAssistantMessage()).toBeInViewport();
});
