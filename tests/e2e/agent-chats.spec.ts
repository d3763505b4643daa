import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { AgentPanel } from "./pages/agent-panel";
import { AuthPage } from "./pages/auth-page";
import { DashboardPage } from "./pages/dashboard-page";
import { IdePage } from "./pages/ide-page";
import { RuntimePanel } from "./pages/runtime-panel";

// Chats and the panel's rough edges (issue 14), against the scripted model
// (tests/fixtures/agent-e2e-script.json): rename, search by a word of a message and delete a chat;
// an approval card asks "Run …?" and reads Denied once refused; with Follow on the file the agent
// writes opens in the editor, and the running turn's time ticks.

test.describe.configure({ timeout: 180_000 });

async function openProject(page: Page, name: string) {
  await RuntimePanel.preferRuntime(page, "box");
  await new AuthPage(page).signUp({ name: "Chatter", email: `chats-${randomUUID().slice(0, 8)}@example.test`, password: "correct horse battery" });
  const projectId = await new DashboardPage(page).createProject(name);
  const ide = new IdePage(page);
  await ide.goto(projectId);
  const agent = new AgentPanel(page);
  await agent.open();
  return { ide, agent, projectId };
}

test("a chat is renamed, found by a word of its answer, and deleted", async ({ page }) => {
  const { agent, projectId } = await openProject(page, "Chats project");
  await agent.send("tell me about pelicans");
  await agent.expectLastAssistantText("throat pouch");
  // A second tab on the same chat follows its name, live.
  const other = await page.context().newPage();
  await new IdePage(other).goto(projectId);
  const otherAgent = new AgentPanel(other);
  await otherAgent.open();
  await expect(otherAgent.sessionTitle).toHaveText("tell me about pelicans");
  await agent.renameChat("Bird facts");
  await expect(otherAgent.sessionTitle).toHaveText("Bird facts");
  await other.close();

  await agent.newChat();
  await agent.send("hello there");

  // The name is the server's: it is there after a reload.
  await page.reload();
  await agent.open();
  expect(await agent.sessionTitles()).toEqual(expect.arrayContaining(["Bird facts"]));

  await agent.openSessionList();
  await agent.root.getByTestId("agent-session-search").fill("pouch");
  await expect(agent.root.getByTestId("agent-session-match")).toBeVisible();
  await page.keyboard.press("Escape");
  const found = await agent.searchChats("POUCH");
  expect(found).toHaveLength(1);
  expect(found[0]!.title).toBe("Bird facts");
  expect(found[0]!.match).toContain("stretchy throat pouch");
  expect(await agent.searchChats("no chat says this")).toEqual([]);

  await agent.switchSession("Bird facts");
  await agent.deleteChat();
  await expect(agent.sessionTitle).not.toHaveText("Bird facts");
  expect(await agent.sessionTitles()).not.toContain("Bird facts");
  expect(await agent.searchChats("pouch")).toEqual([]);
});

test("an approval card asks Run …? and reads Denied once refused, never Done", async ({ page }) => {
  const { agent } = await openProject(page, "Approval wording");
  await agent.setApprovalMode("ask");
  await agent.send("run a command I may refuse", { wait: false });

  const card = agent.toolCard("run_command", { all: true });
  await expect(card).toHaveAttribute("data-state", "approval", { timeout: 60_000 });
  await expect(card.getByTestId("agent-tool-label")).toHaveText("Run");
  await expect(card).toHaveAttribute("aria-label", "Run echo refused-maybe? (waiting for your approval)");

  await agent.deny({ wait: false });
  await agent.expectLastAssistantText("I left the command alone");
  await agent.waitForTurnEnd();
  await expect(card).toHaveAttribute("data-state", "denied");
  await expect(card.getByTestId("agent-tool-label")).toHaveText("Denied: run");
  await agent.expandToolCard(card);
  await expect(card).not.toContainText("Done");
  await expect(card).not.toContainText("Ran");
});

test("with Follow on, the file the agent writes opens in the editor while the turn's time ticks", async ({ page }) => {
  const { ide, agent } = await openProject(page, "Follow project");
  await agent.setFollow(true);
  await agent.send("write a file for the follower", { wait: false });

  // The turn's time ticks while it runs (the command alone takes six seconds)…
  await expect(agent.turnElapsed()).toBeVisible({ timeout: 30_000 });
  await expect.poll(async () => Number(await agent.turnElapsed().getAttribute("data-seconds")), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
  await expect(agent.turnElapsed()).toContainText(/Running for \d+ s/);
  // …and the new file opens once written (it reaches the editor through the project's head channel).
  await expect(ide.tab("src/followed.js")).toHaveAttribute("data-active", "true", { timeout: 60_000 });

  await agent.waitForTurnEnd();
  await expect(agent.turnElapsed()).toHaveCount(0);
  await expect(agent.lastAssistantMessage().getByTestId("agent-message-duration")).toHaveText(/^\d+(\.\d)? s$/);

  // The choice is kept for the next visit.
  await page.reload();
  await agent.open();
  await expect(agent.followToggle()).toHaveAttribute("aria-pressed", "true");
});
