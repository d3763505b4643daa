import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { AuthPage } from "./pages/auth-page";
import { DashboardPage } from "./pages/dashboard-page";
import { IdePage } from "./pages/ide-page";
import { RuntimePanel } from "./pages/runtime-panel";

const password = "correct horse battery";
// Box commands go through the server, and each python3 starts a fresh CPython: allow for a busy machine.
test.describe.configure({ timeout: 180_000 });
const newEmail = () => `run-${randomUUID().slice(0, 8)}@example.test`;

/** A new account with one empty project, open in the IDE. */
async function openNewProject(page: Page, name: string) {
  await new AuthPage(page).signUp({ name: "Runner", email: newEmail(), password });
  const projectId = await new DashboardPage(page).createProject(name);
  const ide = new IdePage(page);
  await ide.goto(projectId);
  return { ide, runtime: new RuntimePanel(page), projectId };
}

/** Creates a file, replaces its text in one edit and saves it. */
async function writeFile(ide: IdePage, path: string, text: string) {
  await ide.createFile(path);
  await ide.setEditorText(text);
  await ide.save();
  await ide.expectDirty(path, false);
}

test.describe("on the offline box", () => {
  test.beforeEach(async ({ page }) => {
    await RuntimePanel.preferRuntime(page, "box");
  });

  test("runs JavaScript and Python from the terminal and with the Run button", async ({ page }) => {
    const { ide, runtime } = await openNewProject(page, "Hello runner");
    await runtime.waitForRuntime("box");
    await expect(runtime.indicator).toContainText("Offline box");

    await writeFile(ide, "hello.js", 'console.log("hello from node", 6 * 7);\n');
    await writeFile(ide, "hello.py", 'print("hello from python", 6 * 7)\n');

    await runtime.runInTerminal("node hello.js");
    await runtime.expectTerminalText("hello from node 42");
    await runtime.waitForPrompt();
    await runtime.runInTerminal("python3 hello.py");
    await runtime.expectTerminalText("hello from python 42");
    await runtime.waitForPrompt();

    // The Run button runs the active file (hello.py) in the same terminal.
    await runtime.clickRun();
    await runtime.expectTerminalText("▶ python3 hello.py");
    await expect.poll(() => runtime.countInTerminal("hello from python 42"), { timeout: 30_000 }).toBe(2);
    await runtime.expectTerminalText(/✓ Done in .* \(exit 0\)/);
    await runtime.waitForRunToEnd();

    // Unsaved edits are saved first, so the run sees what the editor shows; Ctrl/Cmd+Enter runs too.
    await ide.activateTab("hello.js");
    await ide.setEditorText('console.log("edited, not yet saved");\n');
    await ide.expectDirty("hello.js");
    await runtime.pressRunShortcut();
    await runtime.expectTerminalText("edited, not yet saved");
    await ide.expectDirty("hello.js", false);
    await ide.expectSaveStatus("saved");
    await runtime.waitForRunToEnd();

    // Files without a runner are refused with the reason as the tooltip.
    await writeFile(ide, "notes.md", "# Notes\n");
    await expect(runtime.runButton).toBeDisabled();
    await expect(runtime.runButton).toHaveAttribute("title", /Markdown file cannot be run/);
  });

  test("Ctrl+C stops a runaway loop, and the deadline stops another", async ({ page }) => {
    const { ide, runtime } = await openNewProject(page, "Loops");
    await runtime.waitForRuntime("box");

    await runtime.runInTerminal('node -e "while(true){}"');
    await expect(runtime.terminal).toHaveAttribute("data-shell", "open");
    // Give the command time to reach the box and spin.
    await page.waitForTimeout(1500);
    await runtime.pressCtrlC();
    await runtime.expectTerminalText("^C");
    await runtime.waitForPrompt({ timeout: 15_000 });
    await runtime.runInTerminal("echo back at the prompt");
    await runtime.expectTerminalText(/\n\s*back at the prompt/);

    // The Run button's loop runs into the box's 10 s limit.
    await writeFile(ide, "spin.py", "while True:\n    pass\n");
    await runtime.clickRun();
    await expect(runtime.runButton).toHaveAttribute("data-state", "running");
    await runtime.expectTerminalText(/Timed out after .*exit 124/, { timeout: 45_000 });
    await runtime.expectTerminalText(/ran longer than 10 s/);
    await runtime.waitForRunToEnd();
    await runtime.waitForPrompt();

    // Stop from the Run button (it turns into Stop while a run is under way).
    await writeFile(ide, "spin.js", "while (true) {}\n");
    await runtime.clickRun();
    await expect(runtime.runButton).toHaveAttribute("data-state", "running");
    await page.waitForTimeout(1000);
    await runtime.runButton.click();
    await runtime.expectTerminalText(/Stopped \(exit 130\)/, { timeout: 15_000 });
    await runtime.waitForRunToEnd();
  });

  test("a static site previews in the sandboxed frame and reloads after a save", async ({ page }) => {
    const { ide, runtime } = await openNewProject(page, "Static site");
    await runtime.waitForRuntime("box");
    // The right panel opens on the agent; the preview is the tab beside it.
    await page.getByTestId("side-tab-preview").click();
    await expect(page.getByTestId("preview-empty")).toBeVisible();

    await writeFile(ide, "style.css", "#out { color: rgb(0, 128, 0); }\n");
    await writeFile(ide, "script.js", 'document.getElementById("out").textContent = "written by script v1";\n');
    await writeFile(
      ide,
      "index.html",
      [
        "<!doctype html>",
        '<html><head><link rel="stylesheet" href="style.css"></head>',
        '<body><h1>Static</h1><p id="out">not yet</p><script src="script.js"></script></body></html>',
        "",
      ].join("\n"),
    );

    await runtime.expectPreviewPath("index.html");
    await expect(runtime.previewFrameElement).toHaveAttribute("sandbox", "allow-scripts allow-forms allow-modals");
    const out = runtime.previewLocator("#out");
    await expect(out).toHaveText("written by script v1", { timeout: 30_000 });
    await expect(out).toHaveCSS("color", "rgb(0, 128, 0)");

    // Saving the script reloads the page.
    await ide.openFile("script.js");
    await ide.setEditorText('document.getElementById("out").textContent = "written by script v2";\n');
    await ide.save();
    await expect(out).toHaveText("written by script v2", { timeout: 30_000 });

    // The page cannot reach the IDE as the signed-in person: it is an opaque origin.
    const origin = await runtime.previewFrame.locator("body").evaluate(() => window.origin);
    expect(origin).toBe("null");

    // Run on an .html file opens it in the preview; the reload button loads it again.
    await writeFile(ide, "about.html", '<p id="about">About page</p>\n');
    await runtime.clickRun();
    await runtime.expectPreviewPath("about.html");
    await expect(runtime.previewLocator("#about")).toHaveText("About page");
    await runtime.reloadPreview();
    await expect(runtime.previewLocator("#about")).toHaveText("About page");
  });

  test("a file written by a command appears in the file tree", async ({ page }) => {
    const { ide, runtime } = await openNewProject(page, "Command output");
    await runtime.waitForRuntime("box");
    await runtime.runInTerminal("echo hi > out.txt");
    await runtime.waitForPrompt();
    await expect(ide.treeItem("out.txt")).toBeVisible({ timeout: 30_000 });
    await ide.openFile("out.txt");
    await ide.expectEditorText("hi\n");

    await runtime.runInTerminal("mkdir -p gen && echo generated > gen/file.txt");
    await ide.revealInTree("gen/file.txt");

    // A second load shows what the commands saved: they are snapshots like any save.
    await page.reload();
    await ide.waitForReady();
    await expect(ide.treeItem("out.txt")).toBeVisible();
    await runtime.waitForRuntime("box");
    await runtime.runInTerminal("cat out.txt gen/file.txt");
    await runtime.expectTerminalText(/hi\s*\n\s*generated/);
  });
});
