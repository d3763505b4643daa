import { expect, type Locator, type Page } from "@playwright/test";

const attr = (value: string) => JSON.stringify(value);
/** For waits on a server round trip; a dev server compiles each route on its first request. */
const serverWait = { timeout: 30_000 };
/** A turn runs a model (or the offline agent) and tools: allow for a busy machine. */
const turnWait = { timeout: 120_000 };

export type ToolCardInfo = { tool: string; state: string; target: string | null };
export type ChangedFile = { path: string; change: string; decision: string | null };

/**
 * The agent side panel: chats, the model and approval settings, the conversation with its tool
 * cards, approvals and change reviews, and the lock toggles it adds to the file tree.
 */
export class AgentPanel {
  readonly root: Locator;
  readonly tab: Locator;
  readonly input: Locator;
  readonly sendButton: Locator;
  readonly stopButton: Locator;
  readonly log: Locator;
  readonly conversation: Locator;
  readonly sessionPicker: Locator;
  readonly sessionTitle: Locator;
  readonly newChatButton: Locator;
  readonly modelSelect: Locator;
  readonly offlineLabel: Locator;
  readonly runningBanner: Locator;
  readonly chatError: Locator;
  readonly reviewDialog: Locator;
  readonly diff: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId("agent-panel");
    this.tab = page.getByTestId("side-tab-agent");
    this.input = this.root.getByLabel("Agent message input");
    this.sendButton = this.root.getByRole("button", { name: "Send", exact: true });
    this.stopButton = this.root.getByTestId("agent-stop");
    this.log = this.root.getByRole("log", { name: "Agent conversation" });
    this.conversation = this.root.getByTestId("agent-conversation");
    this.sessionPicker = this.root.getByTestId("agent-session-picker");
    this.sessionTitle = this.root.getByTestId("agent-session-title");
    this.newChatButton = this.root.getByRole("button", { name: "New chat", exact: true }).first();
    this.modelSelect = this.root.getByLabel("Model", { exact: true });
    this.offlineLabel = this.root.getByTestId("agent-offline-label");
    this.runningBanner = this.root.getByTestId("agent-running-banner");
    this.chatError = this.root.getByTestId("agent-chat-error");
    this.reviewDialog = page.getByTestId("agent-review-dialog");
    this.diff = page.getByTestId("agent-diff");
  }

  /** Shows the Agent tab of the right panel (it shares the panel with the preview) and waits for the chat. */
  async open() {
    if ((await this.tab.count()) > 0 && (await this.tab.getAttribute("aria-selected")) !== "true") await this.tab.click();
    await expect(this.root).toBeVisible();
    await this.waitForChat();
  }

  /** Waits until a chat (or a new, empty one) is shown, not "Loading chat…". */
  async waitForChat() {
    await expect(this.conversation).toBeVisible(serverWait);
  }

  // ---- conversation ----

  assistantMessages(): Locator {
    return this.log.locator('[data-testid="agent-message"][data-role="assistant"]');
  }

  userMessages(): Locator {
    return this.log.locator('[data-testid="agent-message"][data-role="user"]');
  }

  lastAssistantMessage(): Locator {
    return this.assistantMessages().last();
  }

  /**
   * Types `prompt` and presses Enter (Shift+Enter inside the prompt keeps newlines). Waits for the
   * turn to end unless told not to.
   */
  async send(prompt: string, { wait = true }: { wait?: boolean } = {}) {
    await this.open();
    const before = await this.assistantMessages().count();
    const usersBefore = await this.userMessages().count();
    await expect(this.input).toBeEnabled(serverWait);
    await this.input.fill(prompt);
    await this.input.press("Enter");
    await expect(this.userMessages()).toHaveCount(usersBefore + 1, serverWait);
    if (wait) await this.waitForTurnEnd({ after: before });
  }

  /**
   * Waits until the agent is done: the chat is not streaming and the last answer is not running.
   * `after`: the number of answers before the turn, so an old answer does not count as this one.
   */
  async waitForTurnEnd({ after, timeout = turnWait.timeout }: { after?: number; timeout?: number } = {}) {
    if (after !== undefined) await expect(this.assistantMessages()).toHaveCount(after + 1, { timeout });
    await expect(this.conversation).not.toHaveAttribute("data-status", "busy", { timeout });
    await expect(this.lastAssistantMessage()).not.toHaveAttribute("data-status", "running", { timeout });
  }

  /** completed, failed, interrupted or awaiting_approval (from the message's metadata). */
  async lastTurnStatus(): Promise<string | null> {
    return this.lastAssistantMessage().getAttribute("data-status");
  }

  /** The prose of the last answer (markdown as rendered), without tool cards and footer. */
  async lastAssistantText(): Promise<string> {
    const texts = await this.lastAssistantMessage().getByTestId("agent-text").allInnerTexts();
    return texts.join("\n\n").trim();
  }

  async expectLastAssistantText(expected: string | RegExp, { timeout = turnWait.timeout }: { timeout?: number } = {}) {
    await expect
      .poll(() => this.lastAssistantText(), { timeout })
      .toEqual(typeof expected === "string" ? expect.stringContaining(expected) : expect.stringMatching(expected));
  }

  /** Tool cards of the last answer (or of the whole chat with `all`). */
  toolCards({ all = false }: { all?: boolean } = {}): Locator {
    return (all ? this.log : this.lastAssistantMessage()).getByTestId("agent-tool-card");
  }

  toolCard(tool: string, { all = false }: { all?: boolean } = {}): Locator {
    return this.toolCards({ all }).and(this.page.locator(`[data-tool=${attr(tool)}]`));
  }

  /** Each tool card of the last answer: its tool, state (done, error, running, approval, denied, interrupted) and key argument. */
  async toolCardInfo(): Promise<ToolCardInfo[]> {
    return this.toolCards().evaluateAll((cards) =>
      cards.map((card) => ({
        tool: card.getAttribute("data-tool") ?? "",
        state: card.getAttribute("data-state") ?? "",
        target: card.querySelector('[data-testid="agent-tool-target"]')?.textContent ?? null,
      })),
    );
  }

  /** Opens a tool card (arguments and output) if it is closed. */
  async expandToolCard(card: Locator) {
    const header = card.locator("button[aria-expanded]").first();
    if ((await header.getAttribute("aria-expanded")) !== "true") await header.click();
  }

  /** The live output of a running command (stdout and stderr as they arrive). */
  liveOutput(card: Locator = this.toolCards().last()): Locator {
    return card.getByTestId("agent-live-output");
  }

  /** The footer of the last answer: model, tokens, duration. */
  footer(): Locator {
    return this.lastAssistantMessage().getByTestId("agent-message-footer");
  }

  /** Stops the turn streaming here (the Stop button of the prompt box). */
  async stop() {
    await this.stopButton.click();
    await expect(this.conversation).not.toHaveAttribute("data-status", "busy", serverWait);
  }

  /** Retry on a failed or stopped answer (or on a request error). */
  async retry({ wait = true }: { wait?: boolean } = {}) {
    const errorBanner = this.chatError.getByRole("button", { name: "Retry" });
    const button = (await errorBanner.count()) > 0 ? errorBanner : this.lastAssistantMessage().getByRole("button", { name: "Retry" });
    await button.click();
    if (wait) await this.waitForTurnEnd();
  }

  /** Continue on a stopped answer: sends "Continue". */
  async continueTurn({ wait = true }: { wait?: boolean } = {}) {
    const before = await this.assistantMessages().count();
    await this.lastAssistantMessage().getByRole("button", { name: "Continue" }).click();
    if (wait) await this.waitForTurnEnd({ after: before });
  }

  // ---- approvals ----

  approvalRequests(): Locator {
    return this.log.getByTestId("agent-approval");
  }

  /** Answers the first open approval request; with `wait`, waits for the turn to go on and end. */
  async allow({ wait = true }: { wait?: boolean } = {}) {
    await this.approvalRequests().first().getByRole("button", { name: "Allow", exact: true }).click();
    if (wait) await this.waitForTurnEnd();
  }

  async deny({ wait = true }: { wait?: boolean } = {}) {
    await this.approvalRequests().first().getByRole("button", { name: "Deny", exact: true }).click();
    if (wait) await this.waitForTurnEnd();
  }

  // ---- changes and review ----

  /** The changes card of the last answer (or of the turn `turnId`). */
  changesCard(turnId?: string): Locator {
    return turnId
      ? this.log.locator(`[data-testid="agent-changes"][data-turn-id=${attr(turnId)}]`)
      : this.lastAssistantMessage().getByTestId("agent-changes");
  }

  changeRow(path: string, card: Locator = this.changesCard()): Locator {
    return card.locator(`[data-testid="agent-change"][data-path=${attr(path)}]`);
  }

  /** The files the last turn changed, with how (added, modified, deleted) and any decision. */
  async changedFiles(card: Locator = this.changesCard()): Promise<ChangedFile[]> {
    return card.getByTestId("agent-change").evaluateAll((rows) =>
      rows.map((row) => ({
        path: row.getAttribute("data-path") ?? "",
        change: row.getAttribute("data-change") ?? "",
        decision: row.getAttribute("data-decision"),
      })),
    );
  }

  /** Opens the Monaco diff of one changed file and waits until it shows (binary files have no diff). */
  async openChange(path: string, card: Locator = this.changesCard()) {
    await this.changeRow(path, card).getByTestId("agent-change-open").click();
    await expect(this.reviewDialog).toBeVisible();
    await expect(this.reviewDialog.getByTestId("agent-review-path")).toHaveText(path, serverWait);
    const diff = this.reviewDialog.locator(`[data-testid="agent-diff"][data-path=${attr(path)}]`);
    const binary = this.reviewDialog.getByText("Binary file: no text diff to show.");
    // Monaco is loaded on first use: allow for its download and, in dev mode, its compilation.
    await expect(diff.or(binary)).toBeVisible({ timeout: 60_000 });
    if ((await diff.count()) > 0) await expect(diff).toHaveAttribute("data-ready", "true", { timeout: 60_000 });
  }

  /** Shows another file of the open review dialog. */
  async showInReview(path: string) {
    await this.reviewDialog.locator(`[data-testid="agent-review-file"][data-path=${attr(path)}]`).click();
    await expect(this.reviewDialog.getByTestId("agent-review-path")).toHaveText(path);
  }

  /** The two sides of the diff shown: before the turn and after it. */
  async diffTexts(): Promise<{ original: string | null; modified: string | null }> {
    return this.page.evaluate(() => ({
      original: window.__agentDiffTest?.original() ?? null,
      modified: window.__agentDiffTest?.modified() ?? null,
    }));
  }

  async closeReview() {
    await this.reviewDialog.getByTestId("agent-review-close").click();
    await expect(this.reviewDialog).toHaveCount(0);
  }

  /** Accepts a file: in the open review dialog when it shows that file, else on the changes card. */
  async accept(path: string, card?: Locator) {
    await this.decide(path, "Accept", "accepted", card);
  }

  /** Rejects a file (restores it as it was before the turn): in the review dialog when it shows it, else on the card. */
  async reject(path: string, card?: Locator) {
    await this.decide(path, "Reject", "rejected", card);
  }

  private async decide(path: string, button: "Accept" | "Reject", decision: string, card: Locator = this.changesCard()) {
    const dialogShowsPath =
      (await this.reviewDialog.count()) > 0 && (await this.reviewDialog.getByTestId("agent-review-path").textContent()) === path;
    const scope = dialogShowsPath ? this.reviewDialog : this.changeRow(path, card);
    await scope.getByRole("button", { name: button, exact: true }).click();
    // The card and the dialog show the same decisions.
    await expect(this.changeRow(path, card)).toHaveAttribute("data-decision", decision, serverWait);
  }

  /** Clicks Reject on the card for a file changed after the turn: the dialog that asks what to keep. */
  async rejectChangedFile(path: string, card: Locator = this.changesCard()) {
    await this.changeRow(path, card).getByRole("button", { name: "Reject", exact: true }).click();
    const dialog = this.page.getByTestId("agent-reject-conflict-dialog");
    await expect(dialog).toBeVisible(serverWait);
    await expect(dialog.locator(`[data-testid="agent-diff"][data-path=${attr(path)}]`)).toHaveAttribute("data-ready", "true", { timeout: 60_000 });
    return dialog;
  }

  /** "Undo this turn", confirmed; waits until the card says it is undone. */
  async undoTurn(card: Locator = this.changesCard()) {
    await card.getByRole("button", { name: "Undo this turn" }).click();
    const dialog = this.page.getByTestId("agent-undo-dialog");
    await expect(dialog).toBeVisible();
    await dialog.getByTestId("confirm-accept").click();
    await expect(card).toHaveAttribute("data-undone", "true", serverWait);
  }

  /** "Undo last edit" on the turn's changes card; waits until the card says so. */
  async undoLastEdit(card: Locator = this.changesCard()) {
    await card.getByTestId("agent-undo-last-edit").click();
    await expect(card.getByTestId("agent-last-edit-undone")).toBeVisible(serverWait);
  }

  /** The steps of the plan card in the last answer, as "status title". */
  async planSteps(): Promise<string[]> {
    const steps = this.lastAssistantMessage().getByTestId("agent-plan").getByTestId("agent-plan-step");
    return steps.evaluateAll((items) => items.map((item) => `${item.getAttribute("data-status")} ${item.firstElementChild?.nextElementSibling?.firstChild?.textContent?.trim()}`));
  }

  // ---- chats ----

  async currentSessionTitle(): Promise<string> {
    return ((await this.sessionTitle.textContent()) ?? "").trim();
  }

  /** The chats listed in the picker, newest first. */
  async sessionTitles(): Promise<string[]> {
    await this.openSessionList();
    const titles = await this.root.getByTestId("agent-session-option-title").allTextContents();
    await this.page.keyboard.press("Escape");
    return titles;
  }

  /** Opens the chat picker and waits for its list. */
  async openSessionList() {
    if ((await this.sessionPicker.getAttribute("aria-expanded")) !== "true") await this.sessionPicker.click();
    await expect(this.root.getByRole("listbox", { name: "Chats" })).toBeVisible();
    await expect(this.root.getByRole("listbox", { name: "Chats" })).not.toContainText("Loading…", serverWait);
  }

  /** Picks the chat titled `title` and waits until it is shown. */
  async switchSession(title: string) {
    await this.openSessionList();
    const option = this.root.getByTestId("agent-session-option").filter({ has: this.page.getByTestId("agent-session-option-title").getByText(title, { exact: true }) });
    const id = await option.first().getAttribute("data-session-id");
    await option.first().click();
    await expect(this.conversation).toHaveAttribute("data-session-id", id ?? "", serverWait);
  }

  /** Renames the chat shown (the pencil beside the picker) and waits until the server has the name. */
  async renameChat(title: string) {
    await this.root.getByTestId("agent-session-rename").click();
    const input = this.root.getByTestId("agent-session-rename-input");
    await input.fill(title);
    const saved = this.page.waitForResponse((r) => r.request().method() === "PATCH" && /\/agent\/sessions\/[^/]+$/.test(new URL(r.url()).pathname), serverWait);
    await input.press("Enter");
    expect((await saved).ok()).toBe(true);
    await expect(this.sessionTitle).toHaveText(title);
  }

  /** Searches the chats in the picker (the server looks in titles and messages): each chat found with the message text that matched. */
  async searchChats(query: string): Promise<{ title: string; match: string | null }[]> {
    await this.openSessionList();
    await this.root.getByTestId("agent-session-search").fill(query);
    const found = this.root.getByRole("listbox", { name: "Chats found" });
    await expect(found).toHaveAttribute("aria-busy", "false", serverWait);
    const hits = await this.root.getByTestId("agent-session-option").evaluateAll((options) =>
      options.map((o) => ({
        title: o.querySelector('[data-testid="agent-session-option-title"]')?.textContent ?? "",
        match: o.querySelector('[data-testid="agent-session-match"]')?.textContent ?? null,
      })),
    );
    await this.page.keyboard.press("Escape");
    return hits;
  }

  /** Deletes the chat shown, confirming in the dialog, and waits until the dialog is gone. */
  async deleteChat() {
    await this.root.getByTestId("agent-session-delete").click();
    const dialog = this.page.getByTestId("agent-session-delete-dialog");
    const deleted = this.page.waitForResponse((r) => r.request().method() === "DELETE" && /\/agent\/sessions\/[^/]+$/.test(new URL(r.url()).pathname), serverWait);
    await dialog.getByTestId("confirm-accept").click();
    expect((await deleted).status()).toBe(204);
    await expect(dialog).toHaveCount(0);
  }

  /** The Follow toggle: with it on, each file the agent writes opens in the editor. */
  followToggle(): Locator {
    return this.root.getByTestId("agent-follow-toggle");
  }

  async setFollow(on: boolean) {
    if ((await this.followToggle().getAttribute("aria-pressed")) !== String(on)) await this.followToggle().click();
    await expect(this.followToggle()).toHaveAttribute("aria-pressed", String(on));
  }

  /** The ticking time of the running turn ("Running for 3 s"); `data-seconds` holds the number. */
  turnElapsed(): Locator {
    return this.log.getByTestId("agent-turn-elapsed");
  }

  async newChat() {
    await this.newChatButton.click();
    await expect(this.sessionTitle).toHaveText("New chat");
    await expect(this.conversation).toHaveAttribute("data-status", "new");
  }

  examplePrompts(): Locator {
    return this.log.getByTestId("agent-example");
  }

  /** Clicks an example prompt (it fills the prompt box). */
  async pickExample(label: string | RegExp) {
    await this.examplePrompts().filter({ hasText: label }).first().click();
  }

  // ---- settings ----

  async selectModel(modelId: string) {
    await this.modelSelect.selectOption(modelId);
  }

  async setApprovalMode(mode: "auto" | "ask") {
    await this.root.getByRole("radiogroup", { name: "Approval mode" }).getByTestId(`agent-approval-${mode}`).click();
    await expect(this.root.getByTestId(`agent-approval-${mode}`)).toHaveAttribute("aria-checked", "true");
  }

  async setAllowList(entries: string[]) {
    await this.root.getByRole("button", { name: "Edit allow-list" }).click();
    await this.root.getByTestId("agent-allow-list-input").fill(entries.join("\n"));
    await this.root.getByRole("button", { name: "Save allow-list" }).click();
    await expect(this.root.getByTestId("agent-allow-list")).toHaveCount(0);
  }

  // ---- a turn found running after a reload ----

  async stopRemoteTurn() {
    await this.runningBanner.getByRole("button", { name: "Stop", exact: true }).click();
    await expect(this.runningBanner).toHaveCount(0, serverWait);
  }

  async refreshRemoteTurn() {
    await this.runningBanner.getByRole("button", { name: "Refresh" }).click();
  }

  // ---- file locks (in the file tree) ----

  /** Locks or unlocks a file for the agent (the tree's hover toggle); its row must be visible in the tree. */
  async toggleLock(path: string) {
    const row = this.page.locator(`[data-testid="file-tree-item"][data-path=${attr(path)}]`);
    const wasLocked = (await row.getAttribute("data-locked")) === "true";
    await row.hover();
    await row.getByTestId("tree-lock").click();
    if (wasLocked) await expect(row).not.toHaveAttribute("data-locked", "true");
    else await expect(row).toHaveAttribute("data-locked", "true");
  }

  async isLocked(path: string): Promise<boolean> {
    return (await this.page.locator(`[data-testid="file-tree-item"][data-path=${attr(path)}]`).getAttribute("data-locked")) === "true";
  }
}
