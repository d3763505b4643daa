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

/** Settings → API tokens: create (the secret shown once), list, revoke. */
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
