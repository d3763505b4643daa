import type { Locator, Page } from "@playwright/test";

/** Who else has the project open: avatars in the IDE header, markers in the file tree. */
export class PresenceBar {
  readonly avatars: Locator;

  constructor(readonly page: Page) {
    this.avatars = page.getByTestId("presence-avatar");
  }

  /** The marker beside a file in the tree naming who else has it in front. */
  treeMarker(path: string): Locator {
    return this.page.locator(`[data-testid="file-tree-item"][data-path=${JSON.stringify(path)}] [data-testid="tree-presence"]`);
  }

  /** The avatar standing for the viewer's own other tabs. */
  yourOtherTabs(): Locator {
    return this.page.locator('[data-testid="presence-avatar"][data-you="true"]');
  }
}
