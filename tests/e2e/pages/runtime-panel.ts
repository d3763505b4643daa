import { expect, type FrameLocator, type Locator, type Page } from "@playwright/test";

export type Runtime = "webcontainer" | "box";

/** A box command goes through the server, and python3 starts a fresh CPython (about a second). */
const commandWait = { timeout: 30_000 };

/**
 * The IDE's runtime: the terminal (xterm), the Run button, the preview and the runtime indicator.
 * The terminal's text is read through `window.__terminalTest`, which sees the scrollback too.
 */
export class RuntimePanel {
  readonly terminal: Locator;
  readonly terminalScreen: Locator;
  readonly terminalStatus: Locator;
  readonly runButton: Locator;
  readonly indicator: Locator;
  readonly reason: Locator;
  /** WebContainer's state beside the box ("starting…", "unavailable"), and its "Try again". */
  readonly webcontainerStatus: Locator;
  readonly webcontainerRetry: Locator;
  readonly preview: Locator;
  readonly previewFrameElement: Locator;
  readonly previewFrame: FrameLocator;
  readonly previewReload: Locator;
  readonly previewUrl: Locator;
  readonly previewError: Locator;

  constructor(readonly page: Page) {
    this.terminal = page.getByTestId("terminal");
    this.terminalScreen = page.getByTestId("terminal-screen");
    this.terminalStatus = page.getByTestId("terminal-status");
    this.runButton = page.getByTestId("run-button");
    this.indicator = page.getByTestId("runtime-indicator");
    this.reason = page.getByTestId("runtime-reason");
    this.webcontainerStatus = page.getByTestId("runtime-webcontainer");
    this.webcontainerRetry = page.getByTestId("runtime-webcontainer-retry");
    this.preview = page.getByTestId("preview");
    this.previewFrameElement = page.getByTestId("preview-frame");
    this.previewFrame = page.frameLocator('[data-testid="preview-frame"]');
    this.previewReload = page.getByTestId("preview-reload");
    this.previewUrl = page.getByTestId("preview-url");
    this.previewError = page.getByTestId("preview-error");
  }

  /** Makes every page of this test start with `runtime` (set before the IDE's scripts run). */
  static async preferRuntime(page: Page, runtime: Runtime, { bootTimeoutMs }: { bootTimeoutMs?: number } = {}) {
    await page.addInitScript(
      ({ runtime, bootTimeoutMs }) => {
        localStorage.setItem("ide:runtime", runtime);
        if (bootTimeoutMs) localStorage.setItem("ide:webcontainer-boot-timeout-ms", String(bootTimeoutMs));
      },
      { runtime, bootTimeoutMs },
    );
  }

  /** Only shortens WebContainer's boot timeout, keeping the default runtime. */
  static async shortenWebContainerBoot(page: Page, bootTimeoutMs: number) {
    await page.addInitScript((ms) => localStorage.setItem("ide:webcontainer-boot-timeout-ms", String(ms)), bootTimeoutMs);
  }

  /** Waits until `runtime` is running and the terminal's shell has its prompt. */
  async waitForRuntime(runtime: Runtime, { timeout = 60_000 }: { timeout?: number } = {}) {
    await expect(this.indicator).toHaveAttribute("data-runtime", runtime, { timeout });
    await expect(this.indicator).toHaveAttribute("data-state", "ready", { timeout });
    await expect(this.terminal).toHaveAttribute("data-shell", "open", { timeout });
    await this.waitForPrompt();
  }

  // ---- terminal ----

  async terminalText(): Promise<string> {
    return this.page.evaluate(() => window.__terminalTest?.getText() ?? "");
  }

  async expectTerminalText(expected: string | RegExp, { timeout = commandWait.timeout }: { timeout?: number } = {}) {
    await expect
      .poll(() => this.terminalText(), { timeout })
      .toEqual(typeof expected === "string" ? expect.stringContaining(expected) : expect.stringMatching(expected));
  }

  /** How often `text` appears in the terminal so far. */
  async countInTerminal(text: string): Promise<number> {
    return (await this.terminalText()).split(text).length - 1;
  }

  /** Waits until the last line is an empty prompt. */
  async waitForPrompt({ timeout = commandWait.timeout }: { timeout?: number } = {}) {
    await expect.poll(async () => (await this.terminalText()).split("\n").pop() ?? "", { timeout }).toMatch(/\$ ?$/);
  }

  async focusTerminal() {
    await this.terminalScreen.click();
  }

  /** Types into the terminal with the real keyboard, as a person does. */
  async typeInTerminal(text: string) {
    await this.focusTerminal();
    await this.page.keyboard.type(text);
  }

  /** Types a command and Enter in the terminal. */
  async runInTerminal(command: string) {
    await this.typeInTerminal(command);
    await this.page.keyboard.press("Enter");
  }

  async pressCtrlC() {
    await this.focusTerminal();
    await this.page.keyboard.press("Control+c");
  }

  async restartTerminal() {
    await this.page.getByTestId("terminal-restart").click();
    await expect(this.terminal).toHaveAttribute("data-shell", "open", commandWait);
  }

  // ---- run ----

  async expectRunnable() {
    await expect(this.runButton).toHaveAttribute("data-state", "idle", commandWait);
  }

  async clickRun() {
    await this.expectRunnable();
    await this.runButton.click();
  }

  /** Ctrl/Cmd+Enter, from wherever the focus is. */
  async pressRunShortcut() {
    await this.page.keyboard.press("ControlOrMeta+Enter");
  }

  async waitForRunToEnd() {
    await expect(this.terminal).toHaveAttribute("data-running", "false", commandWait);
  }

  // ---- preview ----

  async expectPreviewPath(path: string) {
    await expect(this.previewUrl).toHaveValue(`/${path}`);
  }

  previewLocator(selector: string): Locator {
    return this.previewFrame.locator(selector);
  }

  async reloadPreview() {
    await this.previewReload.click();
  }

  // ---- runtime ----

  async openRuntimeMenu() {
    await this.indicator.click();
    await expect(this.page.getByTestId("runtime-menu")).toBeVisible();
  }

  async switchRuntime(runtime: Runtime) {
    await this.openRuntimeMenu();
    await this.page.locator(`[data-testid="runtime-switch"][data-runtime="${runtime}"]`).click();
  }
}
