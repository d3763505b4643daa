import type { Locator, Page } from "@playwright/test";

/** The avatars in the IDE header of who else has the project open. */
export class PresenceBar {
  readonly avatars: Locator;

  constructor(readonly page: Page) {
    this.avatars = page.getByTestId("presence-avatar");
  }

  /** The avatar standing for the viewer's own other tabs. */
  yourOtherTabs(): Locator {
    return this.page.locator('[data-testid="presence-avatar"][data-you="true"]');
  }
}
