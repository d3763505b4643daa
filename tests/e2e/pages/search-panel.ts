import { expect, type Page } from "@playwright/test";

const serverWait = { timeout: 15_000 };

/** The search-across-files panel (Ctrl+Shift+F). */
export class SearchPanel {
  constructor(private readonly page: Page) {}

  readonly panel = () => this.page.getByTestId("search-panel");

  async open() {
    await this.page.keyboard.press("ControlOrMeta+Shift+f");
    await expect(this.panel()).toBeVisible();
  }

  async search(query: string) {
    await this.page.getByTestId("search-query").fill(query);
  }

  async setInclude(globs: string) {
    await this.page.getByTestId("search-include").fill(globs);
  }

  async toggle(option: "case" | "word" | "regex") {
    await this.page.getByTestId(`search-${option}`).click();
  }

  async expectSummary(text: string) {
    await expect(this.page.getByTestId("search-summary")).toHaveText(text, serverWait);
  }

  async expectFiles(paths: string[]) {
    await expect(this.page.getByTestId("search-file")).toHaveCount(paths.length, serverWait);
    expect(await this.page.getByTestId("search-file").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-path")))).toEqual(paths);
  }

  async openResult(path: string, index = 0) {
    await this.page.locator(`[data-testid="search-file"][data-path="${path}"] [data-testid="search-line"]`).nth(index).click();
  }

  async replaceAll(replacement: string) {
    await this.page.getByTestId("search-replace").fill(replacement);
    await this.page.getByTestId("search-replace-all").click();
  }
}
