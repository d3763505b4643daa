import { expect, type Download, type Locator, type Page } from "@playwright/test";

/** Starters, import and export: on the dashboard and in the IDE header. */
export class TransferPanel {
  readonly starterName: Locator;
  readonly starterCreate: Locator;
  readonly importArchiveInput: Locator;
  readonly importError: Locator;

  constructor(readonly page: Page) {
    this.starterName = page.getByTestId("starter-name");
    this.starterCreate = page.getByTestId("starter-create");
    this.importArchiveInput = page.getByTestId("import-archive-input");
    this.importError = page.getByTestId("import-error");
  }

  /** Creates a project from a starter; the IDE opens on it. Returns the project id. */
  async createFromStarter(starter: string, name: string): Promise<string> {
    await this.page.getByTestId(`starter-${starter}`).click();
    await this.starterName.fill(name);
    await this.starterCreate.click();
    return this.waitForProjectPage();
  }

  /** Imports a zip or bundle from disk; the IDE opens on the new project. Returns its id. */
  async importArchive(file: string): Promise<string> {
    await this.importArchiveInput.setInputFiles(file);
    return this.waitForProjectPage();
  }

  /** Downloads the project from the export menu (inside the IDE header or a dashboard row). */
  async export(format: "zip" | "git", within: Locator = this.page.locator("body")): Promise<Download> {
    await within.getByTestId("export-menu-button").click();
    // The menu opens in a layer of its own on the page, outside `within`.
    const menu = this.page.getByTestId("export-menu");
    const [download] = await Promise.all([this.page.waitForEvent("download"), menu.getByTestId(format === "zip" ? "export-zip" : "export-git").click()]);
    await expect(menu).toBeHidden();
    return download;
  }

  private async waitForProjectPage(): Promise<string> {
    await expect(this.page).toHaveURL(/\/projects\/[^/]+$/, { timeout: 30_000 });
    return decodeURIComponent(new URL(this.page.url()).pathname.split("/").pop()!);
  }
}
