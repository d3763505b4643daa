import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { AgentPanel } from "./pages/agent-panel";
import { AuthPage } from "./pages/auth-page";
import { DashboardPage } from "./pages/dashboard-page";
import { IdePage } from "./pages/ide-page";
import { RuntimePanel } from "./pages/runtime-panel";

// A chat open in one browser learns of a turn started in another (the head channel's `turn` events)
// and follows it live without a reload, then shows its end. The scripted model
// (tests/fixtures/agent-e2e-script.json, "print slowly for a follower") runs a command printing one
// line a second for ten seconds on the box.

test.describe.configure({ timeout: 240_000 });

const password = "correct horse battery";

/** The highest "follower line N" the card's live output shows. */
async function lastLine(agent: AgentPanel): Promise<number> {
  const text = (await agent.liveOutput(agent.toolCard("run_command", { all: true })).textContent()) ?? "";
  return Math.max(0, ...[...text.matchAll(/follower line (\d+)/g)].map((m) => Number(m[1])));
}

async function openAgent(page: Page, projectId: string) {
  const ide = new IdePage(page);
  await ide.goto(projectId);
  const agent = new AgentPanel(page);
  await agent.open();
  return agent;
}

test("a turn started in one browser shows live in another open on the same chat, without a reload, to its end", async ({ page, browser }) => {
  await RuntimePanel.preferRuntime(page, "box");
  const email = `follow-${randomUUID().slice(0, 8)}@example.test`;
  await new AuthPage(page).signUp({ name: "Follow user", email, password });
  const projectId = await new DashboardPage(page).createProject("Follow project");
  const a = await openAgent(page, projectId);
  // A first, quick turn makes the chat both browsers show.
  await a.send("hello before the follower");
  const sessionId = await a.root.getAttribute("data-session-id");
  expect(sessionId).toBeTruthy();

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await RuntimePanel.preferRuntime(otherPage, "box");
  await new AuthPage(otherPage).signIn({ email, password });
  const b = await openAgent(otherPage, projectId);
  await expect(b.root).toHaveAttribute("data-session-id", sessionId!);
  await expect(b.assistantMessages()).toHaveCount(1);
  let loads = 0;
  otherPage.on("load", () => loads++);

  await a.send("print slowly for a follower", { wait: false });

  // B shows the prompt and the command's output as it comes, though nothing was done there.
  await expect(b.userMessages().last()).toContainText("print slowly for a follower", { timeout: 60_000 });
  const card = b.toolCard("run_command", { all: true });
  await expect(card).toHaveAttribute("data-state", "running", { timeout: 60_000 });
  await expect.poll(() => lastLine(b), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
  const seen = await lastLine(b);
  await expect.poll(() => lastLine(b), { timeout: 30_000 }).toBeGreaterThan(seen);
  await expect(b.input).toBeDisabled();
  // The chat list marks the chat as working.
  await b.sessionPicker.click();
  await expect(b.root.locator(`[data-testid="agent-session-option"][data-session-id="${sessionId}"]`)).toHaveAttribute("data-turn-status", "running");
  await otherPage.keyboard.press("Escape");

  // Both show the turn's end; B was never reloaded.
  await a.expectLastAssistantText("The follower saw it all.", { timeout: 90_000 });
  await b.expectLastAssistantText("The follower saw it all.", { timeout: 60_000 });
  await expect.poll(() => b.lastTurnStatus(), { timeout: 30_000 }).toBe("completed");
  await expect(b.runningBanner).toHaveCount(0);
  await expect(card).toHaveAttribute("data-state", "done");
  await expect(b.input).toBeEnabled();
  await expect(b.assistantMessages()).toHaveCount(2);
  await expect(b.userMessages()).toHaveCount(2);
  expect(loads).toBe(0);
  // A showed its own turn once, streamed through its own request.
  await expect(a.assistantMessages()).toHaveCount(2);
  expect(await a.lastTurnStatus()).toBe("completed");
  await other.close();
});
