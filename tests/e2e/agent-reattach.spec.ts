import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { AgentPanel } from "./pages/agent-panel";
import { AuthPage } from "./pages/auth-page";
import { DashboardPage } from "./pages/dashboard-page";
import { IdePage } from "./pages/ide-page";
import { RuntimePanel } from "./pages/runtime-panel";

// A running agent turn outlives the page: a reload (or another tab) follows it live from the server
// (GET …/agent/sessions/:id/stream), its command's output continuing, until it ends. The scripted
// model (tests/fixtures/agent-e2e-script.json, "print slowly for a reload") runs a command printing
// one line a second for twelve seconds on the box.

test.describe.configure({ timeout: 240_000 });

async function openProject(page: Page) {
  await RuntimePanel.preferRuntime(page, "box");
  await new AuthPage(page).signUp({ name: "Reattach user", email: `reattach-${randomUUID().slice(0, 8)}@example.test`, password: "correct horse battery" });
  const projectId = await new DashboardPage(page).createProject("Reattach project");
  const ide = new IdePage(page);
  await ide.goto(projectId);
  return { ide, agent: new AgentPanel(page), projectId };
}

/** The highest "reattach line N" the card's live output shows. */
async function lastLine(agent: AgentPanel): Promise<number> {
  const text = (await agent.liveOutput(agent.toolCard("run_command", { all: true })).textContent()) ?? "";
  return Math.max(0, ...[...text.matchAll(/reattach line (\d+)/g)].map((m) => Number(m[1])));
}

test("a reload mid-command follows the running turn live, from its start to its end, and so does another tab", async ({ page, context }) => {
  const { ide, agent, projectId } = await openProject(page);
  await agent.send("print slowly for a reload", { wait: false });
  const card = agent.toolCard("run_command", { all: true });
  await expect(card).toHaveAttribute("data-state", "running", { timeout: 60_000 });
  await expect.poll(() => lastLine(agent), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);

  // Every request the reloaded page makes for the session: the follow stream, and no polling.
  const sessionRequests: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith(`/api/projects/${projectId}/agent/sessions/`)) sessionRequests.push(`${request.method()} ${url.pathname.split("/").slice(6).join("/")}`);
  });
  await page.reload();
  await ide.waitForReady();
  await agent.open();

  // The output so far is shown again (it is never stored: it comes from the followed stream)…
  await expect(agent.runningBanner).toBeVisible();
  await expect(card).toHaveAttribute("data-state", "running");
  await expect(agent.liveOutput(card)).toContainText("reattach line 1");
  const atReload = await lastLine(agent);
  // …and goes on growing while the command runs.
  await expect.poll(() => lastLine(agent), { timeout: 30_000 }).toBeGreaterThan(atReload);

  // Another tab on the same project follows the same turn.
  const other = await context.newPage();
  const otherIde = new IdePage(other);
  await otherIde.goto(projectId);
  const otherAgent = new AgentPanel(other);
  await otherAgent.open();
  await expect(otherAgent.liveOutput(otherAgent.toolCard("run_command", { all: true }))).toContainText("reattach line 1");

  // The turn ends on the server, and both pages show its stored end without being reloaded.
  await agent.expectLastAssistantText("The slow printer finished.", { timeout: 60_000 });
  await expect(agent.runningBanner).toHaveCount(0);
  expect(await agent.lastTurnStatus()).toBe("completed");
  await expect(card).toHaveAttribute("data-state", "done");
  await otherAgent.expectLastAssistantText("The slow printer finished.", { timeout: 60_000 });

  const follows = sessionRequests.filter((r) => r.endsWith("/stream"));
  const loads = sessionRequests.filter((r) => /^GET [^/]+$/.test(r));
  expect(follows, sessionRequests.join("\n")).toHaveLength(1);
  // The chat as the page opened it, then as stored at the turn's end: nothing in between.
  expect(loads, sessionRequests.join("\n")).toHaveLength(2);
});

test("Stop on a reloaded page ends the turn it follows", async ({ page }) => {
  const { ide, agent } = await openProject(page);
  await agent.send("print slowly for a reload", { wait: false });
  const card = agent.toolCard("run_command", { all: true });
  await expect.poll(() => lastLine(agent), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);

  await page.reload();
  await ide.waitForReady();
  await agent.open();
  await expect(agent.runningBanner).toBeVisible();
  await expect(agent.liveOutput(card)).toContainText("reattach line 1");

  await agent.stop();
  await expect.poll(() => agent.lastTurnStatus(), { timeout: 30_000 }).toBe("interrupted");
  await expect(agent.runningBanner).toHaveCount(0);
  await expect(card).not.toHaveAttribute("data-state", "running");
  expect(await agent.lastAssistantText()).not.toContain("The slow printer finished.");
});
