import { expect, type Locator, type Page } from "@playwright/test";

/** For waits on a server round trip; a dev server compiles each route on its first request. */
const serverWait = { timeout: 30_000 };

export type ListedToken = {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

/** Settings: appearance and editor preferences, the account, and API tokens (create with the secret shown once, list, revoke). */
export class SettingsPage {
  readonly root: Locator;
  readonly nameInput: Locator;
  readonly createButton: Locator;
  readonly createError: Locator;
  readonly secretBox: Locator;
  readonly secretInput: Locator;
  readonly copyButton: Locator;
  readonly revokeDialog: Locator;
  readonly emptyState: Locator;
  readonly curlExample: Locator;
  readonly preferences: Locator;
  readonly preferencesStatus: Locator;
  readonly fontSizeInput: Locator;
  readonly wordWrapToggle: Locator;
  readonly accountNameInput: Locator;
  readonly nameOutcome: Locator;
  readonly passwordOutcome: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId("api-tokens");
    this.nameInput = page.getByTestId("create-token-input");
    this.createButton = page.getByTestId("create-token-submit");
    this.createError = page.getByTestId("create-token-error");
    this.secretBox = page.getByTestId("api-token-secret-box");
    this.secretInput = page.getByTestId("api-token-secret");
    this.copyButton = page.getByTestId("api-token-copy");
    this.revokeDialog = page.getByTestId("revoke-token-dialog");
    this.emptyState = page.getByTestId("api-tokens-empty");
    this.curlExample = page.getByTestId("api-curl-example");
    this.preferences = page.getByTestId("preferences");
    this.preferencesStatus = page.getByTestId("preferences-status");
    this.fontSizeInput = page.getByTestId("font-size-input");
    this.wordWrapToggle = page.getByTestId("word-wrap-toggle");
    this.accountNameInput = page.getByTestId("account-name-input");
    this.nameOutcome = page.getByTestId("account-name-outcome");
    this.passwordOutcome = page.getByTestId("change-password-outcome");
  }

  themeOption(choice: "system" | "light" | "dark"): Locator {
    return this.page.getByTestId(`theme-option-${choice}`);
  }

  /** Picks a theme and waits until the account has it. */
  async chooseTheme(choice: "system" | "light" | "dark") {
    await this.themeOption(choice).check();
    await expect(this.preferencesStatus).toHaveAttribute("data-status", "saved", serverWait);
  }

  /** Sets the editor font size (typed, as a person would) and waits until the account has it. */
  async setFontSize(size: number) {
    await this.fontSizeInput.fill(String(size));
    await expect(this.preferencesStatus).toHaveAttribute("data-status", "saved", serverWait);
    await this.fontSizeInput.blur();
  }

  async setWordWrap(on: boolean) {
    await this.wordWrapToggle.setChecked(on);
    await expect(this.preferencesStatus).toHaveAttribute("data-status", "saved", serverWait);
  }

  async changeName(name: string) {
    await this.accountNameInput.fill(name);
    await this.page.getByTestId("account-name-save").click();
    await expect(this.nameOutcome).toHaveText("Name saved", serverWait);
  }

  /** Submits the change-password form; returns whether it worked and the message shown. */
  async changePassword({ current, next, confirm = next }: { current: string; next: string; confirm?: string }): Promise<{ ok: boolean; message: string }> {
    await this.page.getByTestId("current-password-input").fill(current);
    await this.page.getByTestId("new-password-input").fill(next);
    await this.page.getByTestId("confirm-password-input").fill(confirm);
    // Submitting clears the previous outcome at once, so the one seen next is this attempt's.
    await this.page.getByTestId("change-password-submit").click();
    await expect(this.passwordOutcome).toBeVisible(serverWait);
    return { ok: (await this.passwordOutcome.getAttribute("data-ok")) === "true", message: (await this.passwordOutcome.textContent()) ?? "" };
  }

  async goto() {
    await this.page.goto("/settings");
    await this.waitForReady();
  }

  /** Waits until the panel is hydrated: clicks on the server-rendered HTML before that do nothing. */
  async waitForReady() {
    await expect(this.root).toHaveAttribute("data-hydrated", "true", { timeout: 60_000 });
  }

  /** The row of the token with exactly this name. */
  token(name: string): Locator {
    return this.page.locator(`[data-testid="api-token-item"][data-token-name=${JSON.stringify(name)}]`);
  }

  /** Creates a token (limited to the workspace whose option has this label, when given) and returns the secret shown (once) in the box. */
  async createToken(name: string, { scope }: { scope?: string } = {}): Promise<string> {
    if (scope) await this.page.getByTestId("create-token-scope").selectOption({ label: scope });
    await this.nameInput.fill(name);
    await this.createButton.click();
    await expect(this.secretBox).toBeVisible(serverWait);
    await expect(this.token(name.trim())).toBeVisible();
    return this.secretInput.inputValue();
  }

  /** Submits a name expected to be refused; returns the error shown. */
  async tryCreateToken(name: string): Promise<string> {
    await this.nameInput.fill(name);
    await this.createButton.click();
    await expect(this.createError).toBeVisible(serverWait);
    return (await this.createError.textContent()) ?? "";
  }

  async dismissSecret() {
    await this.page.getByTestId("api-token-secret-dismiss").click();
    await expect(this.secretBox).toHaveCount(0);
  }

  /** Opens the revoke dialog, checks it names the token, and confirms (or cancels). */
  async revokeToken(name: string, { confirm = true }: { confirm?: boolean } = {}) {
    await this.token(name).getByTestId("api-token-revoke").click();
    await expect(this.revokeDialog).toBeVisible();
    await expect(this.revokeDialog).toContainText(name);
    await this.revokeDialog.getByTestId(confirm ? "confirm-accept" : "confirm-cancel").click();
    await expect(this.revokeDialog).toHaveCount(0, serverWait);
    await expect(this.token(name)).toHaveAttribute("data-revoked", confirm ? "true" : "false");
  }

  /** GET /api/tokens with this page's session cookie, as the settings page's own fetches send it. */
  async listTokensViaApi(): Promise<{ tokens: ListedToken[] }> {
    const res = await this.page.request.get("/api/tokens");
    expect(res.status()).toBe(200);
    return (await res.json()) as { tokens: ListedToken[] };
  }
}
