import { expect, type Locator, type Page } from "@playwright/test";

/** The timeline panel (components/history). */
export class HistoryPanel {
  readonly root: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId("history-panel");
  }

  /** From the header: the whole project's history. */
  async open() {
    await this.page.getByTestId("open-history").click();
    await expect(this.root).toBeVisible();
  }

  /** From a file's row in the tree: that file's history. */
  async openForFile(row: Locator) {
    await row.hover();
    await row.getByTestId("tree-history").click();
    await expect(this.root).toBeVisible();
  }

  async close() {
    await this.root.getByTestId("history-close").click();
    await expect(this.root).toHaveCount(0);
  }

  entries(): Locator {
    return this.root.getByTestId("history-entry");
  }

  /** Selects the n-th snapshot (0: newest) and waits for its changes. */
  async select(n: number): Promise<Locator> {
    const entry = this.entries().nth(n);
    await entry.getByTestId("history-entry-open").click();
    await expect(entry).toHaveAttribute("data-selected", "true");
    await expect(this.root.getByTestId("history-diff")).toBeVisible();
    return entry;
  }

  /** The entry shown selected (opened from elsewhere, e.g. a chat's changes card). */
  selectedEntry(): Locator {
    return this.root.locator('[data-testid="history-entry"][data-selected="true"]');
  }

  changedFile(path: string): Locator {
    return this.root.locator(`[data-testid="history-diff-file"][data-path="${path}"]`);
  }

  async restoreVersion(entry: Locator) {
    await entry.getByTestId("history-restore").click();
    await expect(this.root.getByTestId("history-undo-bar")).toBeVisible();
  }

  async restoreFile(path: string) {
    await this.changedFile(path).click();
    await this.root.getByTestId("history-restore-file").click();
    await expect(this.root.getByTestId("history-undo-bar")).toBeVisible();
  }

  async undo() {
    await this.root.getByTestId("history-undo").click();
    await expect(this.root.getByTestId("history-undo-bar")).toHaveCount(0);
  }
}
