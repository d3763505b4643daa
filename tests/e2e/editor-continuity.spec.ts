import { randomUUID } from "node:crypto";
import { deflateSync } from "node:zlib";
import { expect, test, type Page } from "@playwright/test";
import { AuthPage } from "./pages/auth-page";
import { DashboardPage } from "./pages/dashboard-page";
import { IdePage } from "./pages/ide-page";
import { RuntimePanel } from "./pages/runtime-panel";

// A person's open tabs survive a reload (order, active tab, cursor), a new project opens at once,
// and files that are not plain code show as what they are: images, rendered Markdown, binaries.

const password = "correct horse battery";

async function signUp(page: Page, name: string) {
  await RuntimePanel.preferRuntime(page, "box");
  await new AuthPage(page).signUp({ name, email: `continuity-${randomUUID().slice(0, 8)}@example.test`, password });
}

async function saveFiles(page: Page, projectId: string, files: Record<string, string>) {
  const head = (await (await page.request.get(`/api/projects/${projectId}`)).json()).project.headSnapshotId;
  const changes = Object.entries(files).map(([path, content]) => ({ type: "write", path, content }));
  const res = await page.request.post(`/api/projects/${projectId}/save`, { data: { baseSnapshotId: head, changes } });
  expect(res.ok()).toBe(true);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes: Buffer) => {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

/** A real PNG of `width` × `height` red pixels, so the browser draws it and reports its size. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, Buffer.from([255, 0, 0]))]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", pixels), chunk("IEND", Buffer.alloc(0))]);
}

test("the file left open comes back in the page itself, before its scripts run, and this browser's unsaved edits win over it", async ({ page, browser }) => {
  await signUp(page, "Rhea");
  const projectId = await new DashboardPage(page).createAndOpenProject("Return");
  await saveFiles(page, projectId, { "src/app.ts": "export const app = 'served';\n", "notes.md": "# Notes\n" });
  await page.reload();
  const ide = new IdePage(page);
  await ide.waitForReady();
  await ide.openFile("notes.md");
  await ide.openFile("src/app.ts");
  await ide.waitForEditor("src/app.ts");

  // Another project, another file: each project remembers its own, in a cookie that rides only
  // with that project's page.
  const dashboard = new DashboardPage(page);
  await dashboard.goto();
  const otherId = await dashboard.createAndOpenProject("Elsewhere");
  await saveFiles(page, otherId, { "lib/other.ts": "export const other = 2;\n" });
  await page.reload();
  await ide.waitForReady();
  await ide.openFile("lib/other.ts");
  await ide.waitForEditor("lib/other.ts");
  const remembered = async () =>
    (await page.context().cookies()).filter((cookie) => cookie.name.startsWith("ide-open-file")).map((cookie) => cookie.path).sort();
  await expect.poll(remembered).toEqual([`/projects/${otherId}`, `/projects/${projectId}`].sort());

  // The same person, another window with JavaScript off: the server has put each file in its page.
  const noScripts = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  try {
    const bare = await noScripts.newPage();
    await bare.goto(`/projects/${projectId}`);
    const shown = bare.locator('[data-testid="light-editor"][data-path="src/app.ts"] textarea');
    await expect(shown).toHaveValue("export const app = 'served';\n");
    // Keys typed before the page runs would be lost: it is read-only until then.
    await expect(shown).toHaveAttribute("readonly", "");
    await bare.goto(`/projects/${otherId}`);
    await expect(bare.locator('[data-testid="light-editor"][data-path="lib/other.ts"] textarea')).toHaveValue("export const other = 2;\n");
  } finally {
    await noScripts.close();
  }
  await page.goto(`/projects/${projectId}`);
  await ide.waitForReady();
  await ide.waitForEditor("src/app.ts");

  // Typed, not saved; after a reload the draft replaces the text the page came with.
  await ide.typeInEditor("// mine\n", { at: "start" });
  await ide.expectDirty("src/app.ts");
  await page.reload();
  await ide.waitForReady();
  await expect.poll(() => ide.openTabs()).toEqual(["notes.md", "src/app.ts"]);
  await ide.expectDirty("src/app.ts");
  await ide.waitForEditor("src/app.ts");
  await ide.expectEditorText("// mine\nexport const app = 'served';\n");
});

test("a new project opens at once, and its open tabs, the active one and the cursor come back after a reload", async ({ page }, testInfo) => {
  await signUp(page, "Tabitha");
  const projectId = await new DashboardPage(page).createAndOpenProject("Continuity");
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}$`));

  const long = Array.from({ length: 120 }, (_, i) => `export const line${i + 1} = ${i + 1};`).join("\n") + "\n";
  await saveFiles(page, projectId, { "src/first.ts": "export const first = 1;\n", "src/second.ts": long, "third.md": "# Third\n" });
  await page.reload();
  const ide = new IdePage(page);
  await ide.waitForReady();
  for (const path of ["src/first.ts", "src/second.ts", "third.md"]) await ide.openFile(path);
  await ide.activateTab("src/second.ts");
  await ide.waitForEditor("src/second.ts");
  await ide.editor.locator(".view-lines").click();
  await page.keyboard.press("ControlOrMeta+End");
  await expect.poll(async () => (await ide.editorCursor())?.line).toBe(121);
  const before = await ide.editorCursor();
  expect(before?.scrollTop).toBeGreaterThan(0);

  await page.reload();
  await ide.waitForReady();
  await expect.poll(() => ide.openTabs()).toEqual(["src/first.ts", "src/second.ts", "third.md"]);
  await expect(ide.tab("src/second.ts")).toHaveAttribute("data-active", "true");
  await ide.waitForEditor("src/second.ts");
  await expect.poll(() => ide.editorCursor()).toEqual(before);
  await page.screenshot({ path: testInfo.outputPath("tabs-restored.png") });

  // While the project is closed, a tab's file is deleted elsewhere (not reopened) and another's is
  // renamed (its tab follows the file).
  await page.goto("/projects");
  const head = (await (await page.request.get(`/api/projects/${projectId}`)).json()).project.headSnapshotId;
  const res = await page.request.post(`/api/projects/${projectId}/save`, {
    data: { baseSnapshotId: head, changes: [{ type: "delete", path: "src/first.ts" }, { type: "move", from: "third.md", to: "docs/third.md" }] },
  });
  expect(res.ok()).toBe(true);
  await ide.goto(projectId);
  await expect.poll(() => ide.openTabs()).toEqual(["src/second.ts", "docs/third.md"]);
  await expect(ide.tab("src/second.ts")).toHaveAttribute("data-active", "true");
});

test("images preview with their size, Markdown renders beside its source, a binary file says what it is and downloads", async ({ page }, testInfo) => {
  await signUp(page, "Iris");
  const dashboard = new DashboardPage(page);
  const projectId = await dashboard.createProject("Previews");
  const ide = new IdePage(page);
  await ide.goto(projectId);
  const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1"), Buffer.alloc(2000, 0)]);
  await ide.uploadFiles([
    { name: "logo.png", mimeType: "image/png", buffer: png(3, 2) },
    { name: "icon.svg", mimeType: "image/svg+xml", buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><script>window.__svgRan = true</script><rect width="40" height="30" fill="teal"/></svg>\n') },
    { name: "README.md", mimeType: "text/markdown", buffer: Buffer.from("# Hello preview\n\nSome **bold** text.\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n<img src=x onerror=\"window.__mdRan = true\">\n") },
    { name: "manual.pdf", mimeType: "application/pdf", buffer: pdf },
  ]);
  await expect(ide.treeItem("manual.pdf")).toBeVisible({ timeout: 30_000 });

  await ide.openFile("logo.png");
  await expect(ide.imagePreview.getByTestId("image-preview-info")).toHaveText(/PNG image · 3 × 2 px · \d+ bytes/);
  await page.screenshot({ path: testInfo.outputPath("image-preview.png") });

  // An SVG opens as the picture beside its source; its script never runs.
  await ide.openFile("icon.svg");
  await expect(ide.previewToggle).toHaveAttribute("aria-pressed", "true");
  await expect(ide.imagePreview.getByTestId("image-preview-info")).toContainText("SVG image · 40 × 30 px");
  expect(await page.evaluate(() => (window as { __svgRan?: boolean }).__svgRan ?? false)).toBe(false);
  await page.screenshot({ path: testInfo.outputPath("svg-preview.png") });

  await ide.openFile("README.md");
  await ide.expectEditorText(/^# Hello preview/);
  await expect(ide.markdownPreview).toHaveCount(0);
  await ide.previewToggle.click();
  await expect(ide.markdownPreview.getByRole("heading", { level: 1 })).toHaveText("Hello preview");
  await expect(ide.markdownPreview.locator("table td").first()).toHaveText("1");
  // Typing shows in the preview; raw HTML in the file is never put into the page.
  await ide.typeInEditor("\n## Added while previewing\n");
  await expect(ide.markdownPreview.getByRole("heading", { level: 2 })).toHaveText("Added while previewing");
  await expect(ide.markdownPreview.locator("img")).toHaveCount(0);
  expect(await page.evaluate(() => (window as { __mdRan?: boolean }).__mdRan ?? false)).toBe(false);
  await page.screenshot({ path: testInfo.outputPath("markdown-preview.png") });

  await ide.openFile("manual.pdf");
  await expect(ide.binaryFile.getByTestId("binary-file-label")).toHaveText(`PDF document · ${(pdf.length / 1024).toFixed(1)} KB`);
  await expect(ide.binaryFile).toContainText("cannot be edited here");
  expect(await ide.downloadOpenFile()).toBe("manual.pdf");
  await page.screenshot({ path: testInfo.outputPath("binary-file.png") });
});

test("Markdown shows the project's pictures by path — beside it, from the root, up a folder — but nothing outside the project and nothing remote", async ({ page }) => {
  await signUp(page, "Marko");
  const projectId = await new DashboardPage(page).createProject("Pictures");
  const head = (await (await page.request.get(`/api/projects/${projectId}`)).json()).project.headSnapshotId;
  const binary = (path: string, bytes: Buffer) => ({ type: "write", path, content: bytes.toString("base64"), encoding: "base64" });
  const text = (path: string, content: string) => ({ type: "write", path, content });
  const saved = await page.request.post(`/api/projects/${projectId}/save`, {
    data: {
      baseSnapshotId: head,
      changes: [
        text("README.md", "# Pictures\n\n![The logo](logo.png)\n"),
        binary("logo.png", png(3, 2)),
        binary("docs/img/shot.png", png(5, 4)),
        text("icon.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="6"><script>window.__svgRan = true</script><rect width="8" height="6"/></svg>\n'),
        text(
          "docs/guide.md",
          [
            "![beside](img/shot.png)",
            "![dotted](./img/shot.png)",
            "![root](/logo.png)",
            "![up](../logo.png)",
            "![drawing](../icon.svg)",
            "![escape](../../logo.png)",
            "![missing](img/none.png)",
            "![remote](https://example.com/tracker.png)",
            "",
          ].join("\n\n"),
        ),
      ],
    },
  });
  expect(saved.ok()).toBe(true);
  // Nothing the document names outside the project is fetched.
  const remote: string[] = [];
  await page.route("https://example.com/**", (route) => {
    remote.push(route.request().url());
    return route.abort();
  });

  const ide = new IdePage(page);
  await ide.goto(projectId);
  const image = (alt: string) => ide.markdownPreview.getByTestId("markdown-image").and(page.locator(`[alt="${alt}"], [data-state]:text-is("[${alt}]")`));
  const naturalWidth = (alt: string) => image(alt).evaluate((el) => (el instanceof HTMLImageElement && el.complete ? el.naturalWidth : 0));

  await ide.openFile("README.md");
  await ide.previewToggle.click();
  await expect(image("The logo")).toHaveAttribute("data-state", "shown");
  await expect.poll(() => naturalWidth("The logo")).toBe(3);
  // Typed in, a picture shows at once, read from the project.
  await ide.typeInEditor("\n![typed](docs/img/shot.png)\n");
  await expect.poll(() => naturalWidth("typed")).toBe(5);

  await ide.openFile("docs/guide.md");
  await ide.previewToggle.click();
  await expect.poll(() => naturalWidth("beside")).toBe(5);
  await expect.poll(() => naturalWidth("dotted")).toBe(5);
  await expect.poll(() => naturalWidth("root")).toBe(3);
  await expect.poll(() => naturalWidth("up")).toBe(3);
  await expect.poll(() => naturalWidth("drawing")).toBe(8);
  expect(await page.evaluate(() => (window as { __svgRan?: boolean }).__svgRan ?? false)).toBe(false);
  await expect(image("escape")).toHaveAttribute("data-state", "refused");
  await expect(image("escape")).toHaveAttribute("title", /outside the project/);
  await expect(image("missing")).toHaveAttribute("data-state", "missing");
  await expect(image("missing")).toHaveAttribute("title", "There is no file docs/img/none.png in the project");
  await expect(image("remote")).toHaveAttribute("data-state", "remote");
  await expect(image("remote")).toHaveAttribute("href", "https://example.com/tracker.png");
  expect(await ide.markdownPreview.locator("img").evaluateAll((shown) => shown.map((el) => (el as HTMLImageElement).src.slice(0, 5)))).toEqual(Array(5).fill("blob:"));
  expect(remote).toEqual([]);
});
