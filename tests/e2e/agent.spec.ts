import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { AgentPanel } from "./pages/agent-panel";
import { AuthPage } from "./pages/auth-page";
import { DashboardPage } from "./pages/dashboard-page";
import { IdePage } from "./pages/ide-page";
import { RuntimePanel } from "./pages/runtime-panel";

// The agent panel in Chromium. The default model is the scripted OpenAI-compatible server that
// playwright.config.ts starts (tests/fixtures/agent-e2e-script.json), so these turns take the real
// provider path: HTTP, streaming, tool calls, the box, snapshots.

test.describe.configure({ timeout: 240_000 });
const password = "correct horse battery";

/** A new account with a project holding `files`, open in the IDE on the offline box. */
async function openProject(page: Page, files: Record<string, string>) {
  await RuntimePanel.preferRuntime(page, "box");
  await new AuthPage(page).signUp({ name: "Agent user", email: `agent-${randomUUID().slice(0, 8)}@example.test`, password });
  const projectId = await new DashboardPage(page).createProject("Agent project");
  const project = await page.request.get(`/api/projects/${projectId}`);
  const { project: summary } = (await project.json()) as { project: { headSnapshotId: string } };
  const changes = Object.entries(files).map(([path, content]) => ({ type: "write", path, content }));
  const saved = await page.request.post(`/api/projects/${projectId}/save`, { data: { baseSnapshotId: summary.headSnapshotId, changes } });
  expect(saved.ok()).toBe(true);
  const ide = new IdePage(page);
  await ide.goto(projectId);
  return { ide, agent: new AgentPanel(page), runtime: new RuntimePanel(page), projectId };
}

test("a multi-step turn edits and runs code; the user rejects one file, undoes the turn, and the chat survives a reload", async ({ page }) => {
  const { ide, agent } = await openProject(page, { "src/greet.js": "export const greet = (name) => 'Hello, ' + name + '!';\n" });
  await agent.send("Please shorten the greeting in src/greet.js and run it");

  expect(await agent.lastTurnStatus()).toBe("completed");
  expect((await agent.toolCardInfo()).map((c) => `${c.tool}:${c.state}`)).toEqual([
    "list_files:done",
    "read_file:done",
    "edit_file:done",
    "write_file:done",
    "run_command:done",
  ]);
  await agent.expectLastAssistantText("Hi, Ada");
  const run = agent.toolCard("run_command");
  await agent.expandToolCard(run);
  await expect(run).toContainText("Hi, Ada!");
  await expect(agent.footer()).toContainText(/\d[\d.]*k? in · \d+ out/);

  // The IDE shows what the agent did.
  await expect.poll(() => ide.visibleTreePaths()).toContain("main.mjs");
  expect(await agent.changedFiles()).toEqual([
    { path: "main.mjs", change: "added", decision: null },
    { path: "src/greet.js", change: "modified", decision: null },
  ]);

  // Review in the diff editor, then reject that file: it is back as it was.
  await agent.openChange("src/greet.js");
  const diff = await agent.diffTexts();
  expect(diff.original).toContain("'Hello, '");
  expect(diff.modified).toContain("'Hi, '");
  await agent.reject("src/greet.js");
  await agent.closeReview();
  await ide.revealInTree("src/greet.js");
  await ide.openFile("src/greet.js");
  await ide.expectEditorText(/'Hello, '/);
  await agent.accept("main.mjs");

  // Undo the whole turn: exactly the checkpoint, so main.mjs is gone.
  await agent.undoTurn();
  await expect.poll(() => ide.visibleTreePaths()).not.toContain("main.mjs");

  // The conversation is stored on the server: a reload shows it as it was.
  await page.reload();
  await ide.waitForReady();
  await agent.open();
  await expect(agent.userMessages()).toHaveCount(1);
  await agent.expectLastAssistantText("Hi, Ada");
  expect(await agent.toolCards().count()).toBe(5);
  await expect(agent.changesCard()).toHaveAttribute("data-undone", "true");
  expect(await agent.changedFiles()).toEqual([
    { path: "main.mjs", change: "added", decision: "accepted" },
    { path: "src/greet.js", change: "modified", decision: "rejected" },
  ]);
});

test("Reject of a file the user changed after the turn shows the versions and keeps the user's fix when asked", async ({ page }) => {
  const { ide, agent } = await openProject(page, { "src/greet.js": "export const greet = (name) => 'Hello, ' + name + '!';\n" });
  await agent.send("Please shorten the greeting in src/greet.js and run it");
  expect(await agent.lastTurnStatus()).toBe("completed");

  // The user saves a fix on top of the agent's version.
  await ide.openFile("src/greet.js");
  await ide.expectEditorText(/'Hi, '/);
  await ide.typeInEditor("// my fix\n", { at: "start" });
  await ide.save();

  // Reject asks instead of replacing the fix: the diff shows the fix against the version before the turn.
  const dialog = await agent.rejectChangedFile("src/greet.js");
  const diff = await agent.diffTexts();
  expect(diff.original).toContain("// my fix");
  expect(diff.modified).toContain("'Hello, '");
  await dialog.getByTestId("agent-reject-keep").click();
  await expect(dialog).toHaveCount(0);
  await expect(agent.changeRow("src/greet.js")).toHaveAttribute("data-decision", "accepted");
  await ide.expectEditorText(/\/\/ my fix[\s\S]*'Hi, '/);
});

test("Stop ends the model's turn and the command it runs; Retry is offered", async ({ page }) => {
  const { agent } = await openProject(page, { "readme.md": "# loop\n" });
  await agent.send("run the slow loop", { wait: false });
  const card = agent.toolCard("run_command", { all: true });
  await expect(card).toHaveAttribute("data-state", "running", { timeout: 60_000 });
  await agent.stop();
  await expect.poll(() => agent.lastTurnStatus(), { timeout: 30_000 }).toBe("interrupted");
  await expect(agent.lastAssistantMessage().getByRole("button", { name: "Retry" })).toBeVisible();
  await expect(card).not.toHaveAttribute("data-state", "running");
});

test("while the model is silent the panel says it waits for the model, and for how long", async ({ page }) => {
  const { agent } = await openProject(page, { "readme.md": "# silent\n" });
  await agent.send("ask a silent model", { wait: false });
  const waiting = page.getByTestId("agent-waiting-for-model");
  await expect(waiting).toContainText("Waiting for the model…");
  // The seconds count up while nothing arrives.
  await expect(waiting.getByTestId("agent-waiting-elapsed")).toHaveText(/^[1-9]\d* s$/);
  await agent.stop();
  await expect.poll(() => agent.lastTurnStatus(), { timeout: 30_000 }).toBe("interrupted");
  await expect(waiting).toHaveCount(0);
});

test("a reload mid-turn shows the turn as it stands, and it finishes on the server", async ({ page }) => {
  const { ide, agent } = await openProject(page, { "readme.md": "# ticks\n" });
  await agent.send("count slowly to six", { wait: false });
  await expect(agent.toolCard("run_command", { all: true })).toHaveAttribute("data-state", "running", { timeout: 60_000 });

  await page.reload();
  await ide.waitForReady();
  await agent.open();
  // The turn is still working: its prompt and the command so far are shown, with a way to stop it.
  await expect(agent.userMessages()).toHaveCount(1);
  await expect(agent.runningBanner).toBeVisible();
  await expect(agent.toolCard("run_command", { all: true })).toBeVisible();
  // …and it ends on its own, without the page having to ask again.
  await agent.expectLastAssistantText("Counted to six while you were away.", { timeout: 60_000 });
  await expect(agent.runningBanner).toHaveCount(0);
  expect(await agent.lastTurnStatus()).toBe("completed");
});

test("the built-in agent is a notebook: names stay defined in a chat's later blocks, not in another chat", async ({ page }) => {
  const { agent } = await openProject(page, { "readme.md": "# scratch\n" });
  await agent.open();
  await agent.selectModel("offline");

  await agent.send("```js\nconst greeting = 'hi'\n```");
  await agent.send("```js\ngreeting + ' there'\n```");
  await agent.expectLastAssistantText("hi there");
  await agent.send("```python\ny = 2\n```");
  await agent.send("```python\nprint('tripled', y * 3)\n```");
  await agent.expectLastAssistantText("tripled 6");

  await agent.newChat();
  await agent.selectModel("offline");
  await agent.send("```js\ntypeof greeting\n```");
  await agent.expectLastAssistantText("undefined");
});

test("the built-in offline agent runs code and remembers it across sessions and reloads", async ({ page }) => {
  const { agent } = await openProject(page, { "readme.md": "# scratch\n" });
  await agent.open();
  await agent.selectModel("offline");

  await agent.send("execute code\n```js\nconst a = 5; const b = 10; a + b;\n```");
  await agent.expectLastAssistantText("15");
  await expect(agent.lastAssistantMessage()).toContainText(/offline/i);
  await agent.send("define variable x as 42");
  await agent.send("execute code\n```python\nprint('py', 6 * 7)\n```");
  await agent.expectLastAssistantText("py 42");
  await agent.send("execute code\n```js\nx + 1\n```");
  await agent.expectLastAssistantText("43");
  await agent.send("what was the last code I ran?");
  await agent.expectLastAssistantText("x + 1");
  await agent.send("show me the execution history");
  await agent.expectLastAssistantText(/a \+ b[\s\S]*print\('py', 6 \* 7\)[\s\S]*x \+ 1/);
  await agent.send("what can you do?");
  await agent.expectLastAssistantText(/OPENAI_API_KEY/);
  const title = await agent.currentSessionTitle();

  // A new chat starts empty; the earlier one is listed and reopens with its memory.
  await agent.newChat();
  await agent.switchSession(title);
  await expect(agent.userMessages()).toHaveCount(7);
  await page.reload();
  await agent.open();
  await agent.send("what was the last code I ran?");
  await agent.expectLastAssistantText("x + 1");
});
