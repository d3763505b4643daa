import { expect, type Locator, type Page } from "@playwright/test";

/** For waits on a server round trip; a dev server compiles each route on its first request. */
const serverWait = { timeout: 30_000 };

/** The project list: create, rename, delete, open. */
export class DashboardPage {
  readonly root: Locator;
  readonly createInput: Locator;
  readonly createButton: Locator;
  readonly createError: Locator;
  readonly error: Locator;
  readonly deleteDialog: Locator;
  readonly emptyState: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId("dashboard");
    this.createInput = page.getByTestId("create-project-input");
    this.createButton = page.getByTestId("create-project-submit");
    this.createError = page.getByTestId("create-project-error");
    this.error = page.getByTestId("dashboard-error");
    this.deleteDialog = page.getByTestId("delete-project-dialog");
    this.emptyState = page.getByTestId("projects-empty");
  }

  async goto() {
    await this.page.goto("/projects");
    await this.waitForReady();
  }

  /** Waits until the list is hydrated: clicks on the server-rendered HTML before that do nothing. */
  async waitForReady() {
    await expect(this.root).toHaveAttribute("data-hydrated", "true", { timeout: 60_000 });
  }

  /** The row of the project with exactly this name. */
  project(name: string): Locator {
    return this.page.locator(`[data-testid="project-item"][data-project-name=${JSON.stringify(name)}]`);
  }

  async projectNames(): Promise<string[]> {
    return this.page.getByTestId("project-item").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-project-name") ?? ""));
  }

  async projectId(name: string): Promise<string> {
    const id = await this.project(name).getAttribute("data-project-id");
    if (!id) throw new Error(`No project named ${name}`);
    return id;
  }

  /**
   * Creates a project, which opens it in the IDE, and comes back to this dashboard; returns the
   * project's id once it is listed.
   */
  async createProject(name: string): Promise<string> {
    const dashboardUrl = this.page.url();
    const projectId = await this.submitNewProject(name);
    // A fresh load: going back could show the list as it was before the project existed.
    await this.page.goto(dashboardUrl);
    await this.waitForReady();
    await expect(this.project(name.trim())).toBeVisible(serverWait);
    return projectId;
  }

  /** Creates a project and stays in the IDE it opens; returns its id once the IDE is ready. */
  async createAndOpenProject(name: string): Promise<string> {
    const projectId = await this.submitNewProject(name);
    await expect(this.page.getByTestId("ide")).toHaveAttribute("data-hydrated", "true", { timeout: 60_000 });
    return projectId;
  }

  private async submitNewProject(name: string): Promise<string> {
    await this.createInput.fill(name);
    await this.createButton.click();
    await this.page.waitForURL(/\/projects\/[^/?#]+$/, serverWait);
    return decodeURIComponent(new URL(this.page.url()).pathname.split("/").pop()!);
  }

  /** Submits a name expected to be refused; returns the error shown. */
  async tryCreateProject(name: string): Promise<string> {
    await this.createInput.fill(name);
    await this.createButton.click();
    await expect(this.createError).toBeVisible(serverWait);
    return (await this.createError.textContent()) ?? "";
  }

  async renameProject(name: string, newName: string) {
    const row = this.project(name);
    await row.getByTestId("project-rename").click();
    const input = row.getByTestId("project-rename-input");
    await input.fill(newName);
    await input.press("Enter");
    await expect(this.project(newName.trim())).toBeVisible(serverWait);
    await expect(this.project(newName.trim()).getByTestId("project-rename-input")).toHaveCount(0);
  }

  /** Submits a rename expected to be refused; returns the error shown. */
  async tryRenameProject(name: string, newName: string): Promise<string> {
    const row = this.project(name);
    await row.getByTestId("project-rename").click();
    const input = row.getByTestId("project-rename-input");
    await input.fill(newName);
    await input.press("Enter");
    const error = row.getByTestId("project-rename-error");
    await expect(error).toBeVisible(serverWait);
    return (await error.textContent()) ?? "";
  }

  /** Opens the delete dialog, checks it names the project, and confirms (or cancels). */
  async deleteProject(name: string, { confirm = true }: { confirm?: boolean } = {}) {
    await this.project(name).getByTestId("project-delete").click();
    await expect(this.deleteDialog).toBeVisible();
    await expect(this.deleteDialog).toContainText(name);
    await this.deleteDialog.getByTestId(confirm ? "confirm-accept" : "confirm-cancel").click();
    await expect(this.deleteDialog).toHaveCount(0, serverWait);
    if (confirm) await expect(this.project(name)).toHaveCount(0);
    else await expect(this.project(name)).toBeVisible();
  }

  /** Follows the project's link into the IDE. */
  async openProject(name: string) {
    await this.project(name).getByTestId("project-link").click();
    // Generous: the first visit of the IDE route compiles it in dev mode.
    await expect(this.page.getByTestId("ide")).toHaveAttribute("data-hydrated", "true", { timeout: 60_000 });
  }
}
