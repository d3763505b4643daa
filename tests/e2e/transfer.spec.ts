import { randomUUID } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { AuthPage } from "./pages/auth-page";
import { DashboardPage } from "./pages/dashboard-page";
import { IdePage } from "./pages/ide-page";
import { RuntimePanel } from "./pages/runtime-panel";
import { TransferPanel } from "./pages/transfer-panel";

// Box commands go through the server: allow for a busy machine.
test.describe.configure({ timeout: 180_000 });
const password = "correct horse battery";

test.beforeEach(async ({ page }) => {
  await RuntimePanel.preferRuntime(page, "box");
  await new AuthPage(page).signUp({ name: "Porter", email: `transfer-${randomUUID().slice(0, 8)}@example.test`, password });
  await new DashboardPage(page).waitForReady();
});

test("a starter becomes a project that opens and runs in the box", async ({ page }) => {
  await new TransferPanel(page).createFromStarter("node-script", "Tasks");
  const ide = new IdePage(page);
  await ide.waitForReady();
  await expect(ide.projectName).toHaveText("Tasks");
  await ide.openFile("index.js");
  const runtime = new RuntimePanel(page);
  await runtime.waitForRuntime("box");
  await runtime.clickRun();
  await runtime.expectTerminalText("2 of 3 tasks done (67%)");
  await runtime.expectTerminalText("- todo: Change data/tasks.json and run again");
});

test("a project exported as a zip and as a git repository imports back as new projects", async ({ page }) => {
  const transfer = new TransferPanel(page);
  await transfer.createFromStarter("static-site", "Site");
  const ide = new IdePage(page);
  await ide.waitForReady();
  await ide.openFile("style.css");
  await ide.setEditorText("body { color: red; }\n");
  await ide.save();
  await ide.expectDirty("style.css", false);

  const dir = mkdtempSync(path.join(tmpdir(), "e2e-transfer-"));
  const zipFile = path.join(dir, "Site copy.zip");
  await (await transfer.export("zip")).saveAs(zipFile);
  const bundleFile = path.join(dir, "Site history.bundle");
  await (await transfer.export("git")).saveAs(bundleFile);
  // What the browser downloaded is a repository real git reads: the starter, then the save.
  const clone = path.join(dir, "clone");
  execFileSync("git", ["clone", "-q", bundleFile, clone]);
  expect(execFileSync("git", ["log", "--format=%an|%s"], { cwd: clone, encoding: "utf8" })).toBe("Porter|Save style.css\nPorter|Create from the Static site starter\n");

  for (const [file, name] of [[zipFile, "Site copy"], [bundleFile, "Site history"]] as const) {
    await new DashboardPage(page).goto();
    await transfer.importArchive(file);
    await ide.waitForReady();
    await expect(ide.projectName).toHaveText(name);
    await ide.openFile("style.css");
    await ide.expectEditorText("body { color: red; }\n");
    expect(await ide.visibleTreePaths()).toEqual(expect.arrayContaining(["index.html", "script.js", "style.css", "README.md"]));
  }
});
