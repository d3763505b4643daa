import { randomUUID } from "node:crypto";
import { test } from "@playwright/test";
import { AuthPage } from "./pages/auth-page";
import { DashboardPage } from "./pages/dashboard-page";
import { IdePage } from "./pages/ide-page";
import { RuntimePanel } from "./pages/runtime-panel";

test.describe.configure({ timeout: 120_000 });

test("the offline box's terminal is one shell session: variables, $? and cd persist between lines", async ({ page }) => {
  await RuntimePanel.preferRuntime(page, "box");
  await new AuthPage(page).signUp({ name: "Shell", email: `shell-${randomUUID().slice(0, 8)}@example.test`, password: "correct horse battery" });
  const projectId = await new DashboardPage(page).createProject("Shell session");
  await new IdePage(page).goto(projectId);
  const runtime = new RuntimePanel(page);
  await runtime.waitForRuntime("box");
  await runtime.waitForPrompt();

  await runtime.runInTerminal("export FOO=bar");
  await runtime.waitForPrompt();
  await runtime.runInTerminal("echo foo=$FOO");
  await runtime.expectTerminalText(/\n\s*foo=bar/);
  await runtime.waitForPrompt();
  await runtime.runInTerminal("false; echo status=$?");
  await runtime.expectTerminalText(/\n\s*status=1/);
  await runtime.waitForPrompt();
  await runtime.runInTerminal("false");
  await runtime.waitForPrompt();
  await runtime.runInTerminal("echo after=$?");
  await runtime.expectTerminalText(/\n\s*after=1/);
  await runtime.waitForPrompt();
  await runtime.runInTerminal("mkdir -p src && cd /project/src");
  await runtime.waitForPrompt();
  await runtime.runInTerminal("pwd");
  await runtime.expectTerminalText(/\n\s*\/project\/src/);
  await runtime.expectTerminalText("~/src");
});
