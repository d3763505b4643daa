import { expect, type Locator, type Page } from "@playwright/test";

export type SaveStatus = "saved" | "saving" | "unsaved";
export type UploadFile = { name: string; mimeType?: string; buffer: Buffer };

const parentOf = (path: string) => (path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "");
const baseName = (path: string) => path.slice(path.lastIndexOf("/") + 1);
const attr = (value: string) => JSON.stringify(value);
/** For waits on a server round trip; a dev server compiles each route on its first request. */
const serverWait = { timeout: 30_000 };

/** The IDE of one project: file tree, tabs, Monaco, quick open and the save and conflict dialogs. */
export class IdePage {
  readonly root: Locator;
  readonly tree: Locator;
  readonly editor: Locator;
  readonly saveStatus: Locator;
  readonly projectName: Locator;
  readonly quickOpenDialog: Locator;
  readonly conflictDialog: Locator;
  readonly closeTabDialog: Locator;
  readonly deleteDialog: Locator;
  readonly nameInput: Locator;
  readonly nameError: Locator;
  readonly toasts: Locator;
  readonly binaryFile: Locator;
  readonly imagePreview: Locator;
  readonly markdownPreview: Locator;
  readonly previewToggle: Locator;
  readonly largeFileBar: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId("ide");
    this.tree = page.getByTestId("file-tree");
    this.editor = page.getByTestId("editor");
    this.saveStatus = page.getByTestId("save-status");
    this.projectName = page.getByTestId("project-name");
    this.quickOpenDialog = page.getByTestId("quick-open");
    this.conflictDialog = page.getByTestId("conflict-dialog");
    this.closeTabDialog = page.getByTestId("close-tab-dialog");
    this.deleteDialog = page.getByTestId("delete-dialog");
    this.nameInput = page.getByTestId("tree-name-input");
    this.nameError = page.getByTestId("tree-name-error");
    this.toasts = page.getByTestId("toast");
    this.binaryFile = page.getByTestId("binary-file");
    this.imagePreview = page.getByTestId("image-preview");
    this.markdownPreview = page.getByTestId("markdown-preview");
    this.previewToggle = page.getByTestId("preview-toggle");
    this.largeFileBar = page.getByTestId("large-file-bar");
  }

  async goto(projectId: string) {
    await this.page.goto(`/projects/${encodeURIComponent(projectId)}`);
    await this.waitForReady();
  }

  /** Waits until the IDE is hydrated: clicks on the server-rendered HTML before that do nothing. */
  async waitForReady() {
    // Generous: the first visit of the IDE route compiles it in dev mode.
    await expect(this.root).toHaveAttribute("data-hydrated", "true", { timeout: 60_000 });
  }

  // ---- file tree ----

  treeItem(path: string): Locator {
    return this.tree.locator(`[data-testid="file-tree-item"][data-path=${attr(path)}]`);
  }

  /** Paths of the rows currently shown, top to bottom. */
  async visibleTreePaths(): Promise<string[]> {
    return this.tree.getByTestId("file-tree-item").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-path") ?? ""));
  }

  async expandFolder(path: string) {
    const row = this.treeItem(path);
    if ((await row.getAttribute("data-expanded")) !== "true") await row.click();
    await expect(row).toHaveAttribute("data-expanded", "true");
  }

  async collapseFolder(path: string) {
    const row = this.treeItem(path);
    if ((await row.getAttribute("data-expanded")) === "true") await row.click();
    await expect(row).toHaveAttribute("data-expanded", "false");
  }

  /** Expands every folder above `path` so its row is visible. */
  async revealInTree(path: string) {
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) await this.expandFolder(parts.slice(0, i).join("/"));
    await expect(this.treeItem(path)).toBeVisible();
  }

  /** Opens a file from the tree and waits until its tab is active and loaded. */
  async openFile(path: string) {
    await this.revealInTree(path);
    await this.treeItem(path).click();
    await this.waitForActiveFile(path);
  }

  async waitForActiveFile(path: string) {
    await expect(this.tab(path)).toHaveAttribute("data-active", "true", serverWait);
    await expect(this.page.getByText(`Loading ${path}…`)).toHaveCount(0, serverWait);
  }

  private async hoverAction(path: string, testId: string) {
    const row = this.treeItem(path);
    await row.hover();
    await row.getByTestId(testId).click();
  }

  /** Clicks the empty area under the tree, which deselects, so the toolbar acts on the root. */
  async deselect() {
    await this.page.getByTestId("file-tree-root-drop").click();
  }

  /**
   * Creates a file through the toolbar at the project root; `path` may contain folders
   * ("src/lib/a.ts"), which are created too. Waits for the new file to open.
   */
  async createFile(path: string) {
    await this.deselect();
    await this.page.getByTestId("tree-toolbar-new-file").click();
    await this.submitName(path);
    await this.waitForActiveFile(path);
  }

  async createFolder(path: string) {
    await this.deselect();
    await this.page.getByTestId("tree-toolbar-new-folder").click();
    await this.submitName(path);
    await expect(this.treeItem(path)).toBeVisible(serverWait);
  }

  /** Creates a file with the "new file" button on a folder's row. */
  async createFileIn(folder: string, name: string) {
    await this.revealInTree(folder);
    await this.hoverAction(folder, "tree-new-file");
    await this.submitName(name);
    await this.waitForActiveFile(`${folder}/${name}`);
  }

  async createFolderIn(folder: string, name: string) {
    await this.revealInTree(folder);
    await this.hoverAction(folder, "tree-new-folder");
    await this.submitName(name);
    await expect(this.treeItem(`${folder}/${name}`)).toBeVisible(serverWait);
  }

  /** Opens the toolbar's new-file field, types `name` and presses Enter; for testing refusals. */
  async tryCreateFile(name: string) {
    await this.deselect();
    await this.page.getByTestId("tree-toolbar-new-file").click();
    await this.nameInput.fill(name);
    await this.nameInput.press("Enter");
  }

  async cancelNameInput() {
    await this.nameInput.press("Escape");
    await expect(this.nameInput).toHaveCount(0);
  }

  private async submitName(name: string) {
    await expect(this.nameInput).toBeFocused();
    await this.nameInput.fill(name);
    await this.nameInput.press("Enter");
    await expect(this.nameInput).toHaveCount(0, serverWait);
  }

  /** Renames within the same folder; `newName` is a name, not a path. */
  async rename(path: string, newName: string) {
    await this.revealInTree(path);
    await this.hoverAction(path, "tree-rename");
    await this.submitName(newName);
    const to = parentOf(path) === "" ? newName : `${parentOf(path)}/${newName}`;
    await expect(this.treeItem(to)).toBeVisible(serverWait);
  }

  async delete(path: string) {
    await this.revealInTree(path);
    await this.hoverAction(path, "tree-delete");
    await expect(this.deleteDialog).toBeVisible();
    await this.deleteDialog.getByTestId("confirm-accept").click();
    await expect(this.deleteDialog).toHaveCount(0, serverWait);
    await expect(this.treeItem(path)).toHaveCount(0);
  }

  /** Drags `path` onto a folder, or onto the empty tree area when `targetFolder` is "". */
  async move(path: string, targetFolder: string) {
    await this.revealInTree(path);
    if (targetFolder !== "") await this.revealInTree(targetFolder);
    const target = targetFolder === "" ? this.page.getByTestId("file-tree-root-drop") : this.treeItem(targetFolder);
    await this.treeItem(path).dragTo(target);
    const to = targetFolder === "" ? baseName(path) : `${targetFolder}/${baseName(path)}`;
    await expect(this.treeItem(path)).toHaveCount(0, serverWait);
    if (targetFolder !== "") await this.expandFolder(targetFolder);
    await expect(this.treeItem(to)).toBeVisible();
  }

  /** Uploads files through the hidden file input into `targetFolder` ("" = root). */
  async uploadFiles(files: UploadFile[], targetFolder = "") {
    await this.selectFolder(targetFolder);
    await this.page.getByTestId("upload-files-input").setInputFiles(files.map((f) => ({ mimeType: "application/octet-stream", ...f })));
  }

  /** Uploads a folder from disk (a `webkitdirectory` input), keeping its structure. */
  async uploadFolder(directoryOnDisk: string, targetFolder = "") {
    await this.selectFolder(targetFolder);
    await this.page.getByTestId("upload-folder-input").setInputFiles(directoryOnDisk);
  }

  /** Drops files as if dragged from the operating system onto a folder row or the tree root. */
  async dropFiles(files: { name: string; content: string | Buffer; mimeType?: string }[], targetFolder = "") {
    const target = targetFolder === "" ? this.page.getByTestId("file-tree-root-drop") : this.treeItem(targetFolder);
    if (targetFolder !== "") await this.revealInTree(targetFolder);
    const payload = files.map((f) => ({
      name: f.name,
      type: f.mimeType ?? "application/octet-stream",
      base64: Buffer.from(f.content).toString("base64"),
    }));
    const dataTransfer = await this.page.evaluateHandle((items) => {
      const dt = new DataTransfer();
      for (const item of items) {
        const bytes = Uint8Array.from(atob(item.base64), (c) => c.charCodeAt(0));
        dt.items.add(new File([bytes], item.name, { type: item.type }));
      }
      return dt;
    }, payload);
    await target.dispatchEvent("dragover", { dataTransfer });
    await target.dispatchEvent("drop", { dataTransfer });
  }

  private async selectFolder(folder: string) {
    if (folder === "") {
      await this.deselect();
      return;
    }
    await this.revealInTree(folder);
    await this.expandFolder(folder);
  }

  // ---- tabs and editor ----

  tab(path: string): Locator {
    return this.page.locator(`[data-testid="tab"][data-path=${attr(path)}]`);
  }

  async openTabs(): Promise<string[]> {
    return this.page.getByTestId("tab").evaluateAll((tabs) => tabs.map((t) => t.getAttribute("data-path") ?? ""));
  }

  async activeTab(): Promise<string | null> {
    const active = this.page.locator('[data-testid="tab"][data-active="true"]');
    return (await active.count()) === 0 ? null : active.getAttribute("data-path");
  }

  async expectDirty(path: string, dirty = true) {
    await expect(this.tab(path)).toHaveAttribute("data-dirty", String(dirty));
  }

  async activateTab(path: string) {
    await this.tab(path).click();
    await this.waitForActiveFile(path);
  }

  /**
   * Closes a tab with its × button. For a tab with unsaved changes, answers the dialog:
   * "save", "discard" or "cancel".
   */
  async closeTab(path: string, unsaved?: "save" | "discard" | "cancel") {
    await this.tab(path).getByTestId("tab-close").click();
    if (unsaved) {
      await expect(this.closeTabDialog).toBeVisible();
      await this.closeTabDialog.getByTestId(`close-tab-${unsaved}`).click();
      await expect(this.closeTabDialog).toHaveCount(0);
    }
    if (unsaved !== "cancel") await expect(this.tab(path)).toHaveCount(0);
  }

  /** Waits until Monaco shows `path` and is ready for keyboard input. */
  async waitForEditor(path?: string) {
    // Monaco loads when the person reaches for the editor; until then the light view shows the file.
    // Reach for it as a keyboard user does (focus, which keeps the file's saved view, unlike a click).
    const light = this.page.locator('[data-testid="light-editor"] textarea');
    await expect
      .poll(
        async () => {
          if ((await this.editor.count()) > 0) return true;
          if ((await light.count()) > 0) await light.focus({ timeout: 1_000 }).catch(() => {});
          return false;
        },
        { timeout: 60_000 },
      )
      .toBe(true);
    // Allow for Monaco's download and, in dev mode, its compilation.
    await expect(this.editor).toHaveAttribute("data-ready", "true", { timeout: 60_000 });
    if (path) await expect(this.editor).toHaveAttribute("data-path", path);
  }

  /** Clicks into the editor and types with the real keyboard (Monaco may auto-close brackets and quotes). */
  async typeInEditor(text: string, { at = "end" }: { at?: "end" | "start" | "cursor" } = {}) {
    await this.waitForEditor();
    await this.editor.locator(".view-lines").click();
    if (at === "end") await this.page.keyboard.press("ControlOrMeta+End");
    if (at === "start") await this.page.keyboard.press("ControlOrMeta+Home");
    await this.page.keyboard.type(text);
  }

  /** Selects all the text in the editor and types `text` over it. */
  async replaceEditorTextByTyping(text: string) {
    await this.waitForEditor();
    await this.editor.locator(".view-lines").click();
    await this.page.keyboard.press("ControlOrMeta+A");
    await this.page.keyboard.type(text);
  }

  /** Replaces the editor's whole text in one edit (fast for long text; still marks the tab dirty). */
  async setEditorText(text: string) {
    await this.waitForEditor();
    await this.page.evaluate((value) => window.__ideTest?.setEditorValue(value), text);
  }

  /** The text of the active file's model, exactly (unlike the DOM, which only holds visible lines). */
  async editorText(): Promise<string | null> {
    await this.waitForEditor();
    return this.page.evaluate(() => window.__ideTest?.getEditorValue() ?? null);
  }

  async expectEditorText(expected: string | RegExp) {
    await expect.poll(() => this.editorText(), serverWait).toEqual(typeof expected === "string" ? expected : expect.stringMatching(expected));
  }

  /** Where the cursor of the active file's editor is, and how far it is scrolled. */
  async editorCursor() {
    await this.waitForEditor();
    return this.page.evaluate(() => window.__ideTest?.getCursor() ?? null);
  }

  /** Clicks "Download" in the open file's view; resolves to the file name the browser was given. */
  async downloadOpenFile(): Promise<string> {
    const [download] = await Promise.all([this.page.waitForEvent("download"), this.page.getByTestId("file-download").click()]);
    return download.suggestedFilename();
  }

  /** Diagnostics (errors, warnings) Monaco's language services report for the active file. */
  async editorMarkers() {
    return this.page.evaluate(() => window.__ideTest?.getMarkers() ?? []);
  }

  // ---- saving ----

  async expectSaveStatus(status: SaveStatus) {
    await expect(this.saveStatus).toHaveAttribute("data-status", status, serverWait);
  }

  /** Ctrl/Cmd+S: saves the active file. Waits for the save to finish unless told not to. */
  async save({ wait = true }: { wait?: boolean } = {}) {
    await this.page.keyboard.press("ControlOrMeta+s");
    if (wait) await this.waitForSaveToSettle();
  }

  /** Ctrl/Cmd+Shift+S: saves every unsaved file in one snapshot. */
  async saveAll({ wait = true }: { wait?: boolean } = {}) {
    await this.page.keyboard.press("ControlOrMeta+Shift+s");
    if (wait) await this.waitForSaveToSettle();
  }

  async clickSaveAll() {
    await this.page.getByTestId("save-all").click();
    await this.waitForSaveToSettle();
  }

  private async waitForSaveToSettle() {
    await expect(this.saveStatus).not.toHaveAttribute("data-status", "saving", serverWait);
  }

  // ---- quick open ----

  /** Ctrl/Cmd+P, types `query`; returns the listed paths, best match first. */
  async quickOpenSearch(query: string): Promise<string[]> {
    if (!(await this.quickOpenDialog.isVisible())) {
      await this.page.keyboard.press("ControlOrMeta+p");
      await expect(this.quickOpenDialog).toBeVisible();
    }
    await this.page.getByTestId("quick-open-input").fill(query);
    return this.quickOpenDialog.getByTestId("quick-open-item").evaluateAll((items) => items.map((i) => i.getAttribute("data-path") ?? ""));
  }

  /** Ctrl/Cmd+P, types `query`, Enter: opens the best match and returns its path. */
  async quickOpen(query: string): Promise<string> {
    const results = await this.quickOpenSearch(query);
    expect(results.length, `quick open found nothing for ${JSON.stringify(query)}`).toBeGreaterThan(0);
    await this.page.getByTestId("quick-open-input").press("Enter");
    await expect(this.quickOpenDialog).toHaveCount(0);
    await this.waitForActiveFile(results[0]!);
    return results[0]!;
  }

  // ---- conflicts ----

  async conflictPaths(): Promise<string[]> {
    await expect(this.conflictDialog).toBeVisible(serverWait);
    return this.conflictDialog.getByTestId("conflict-path").evaluateAll((items) => items.map((i) => i.getAttribute("data-path") ?? ""));
  }

  async reloadTheirs() {
    await this.conflictDialog.getByTestId("conflict-reload-theirs").click();
    await expect(this.conflictDialog).toHaveCount(0);
    await this.waitForSaveToSettle();
  }

  async keepMine() {
    await this.conflictDialog.getByTestId("conflict-keep-mine").click();
    await expect(this.conflictDialog).toHaveCount(0);
    await this.waitForSaveToSettle();
  }

  // ---- messages and layout ----

  errorToast(text?: string | RegExp): Locator {
    const errors = this.page.locator('[data-testid="toast"][data-kind="error"]');
    return text === undefined ? errors : errors.filter({ hasText: text });
  }

  infoToast(text?: string | RegExp): Locator {
    const infos = this.page.locator('[data-testid="toast"][data-kind="info"]');
    return text === undefined ? infos : infos.filter({ hasText: text });
  }

  /** Drags the separator between the file tree and the editor by `dx` pixels. */
  async resizeTree(dx: number) {
    const handle = this.page.getByTestId("tree-split-handle");
    const box = await handle.boundingBox();
    if (!box) throw new Error("The tree splitter is not visible");
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x + dx, y, { steps: 5 });
    await this.page.mouse.up();
  }

  async treeWidth(): Promise<number> {
    const box = await this.page.getByRole("region", { name: "Files" }).boundingBox();
    return box?.width ?? 0;
  }

  async backToDashboard() {
    await this.page.getByTestId("back-to-dashboard").click();
  }
}
