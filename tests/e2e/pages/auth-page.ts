import { expect, type Page } from "@playwright/test";

/** Sign-up, sign-in and sign-out as a person does them. */
export class AuthPage {
  constructor(readonly page: Page) {}

  async signUp({ name, email, password }: { name: string; email: string; password: string }) {
    await this.page.goto("/sign-up");
    await this.page.getByTestId("auth-name").fill(name);
    await this.page.getByTestId("auth-email").fill(email);
    await this.page.getByTestId("auth-password").fill(password);
    await this.page.getByTestId("auth-submit").click();
    await expect(this.page).toHaveURL(/\/projects$/, { timeout: 30_000 });
  }

  async signIn(credentials: { email: string; password: string }) {
    await this.trySignIn(credentials);
    await expect(this.page).toHaveURL(/\/projects$/, { timeout: 30_000 });
  }

  /** Submits the sign-in form without expecting it to succeed. */
  async trySignIn({ email, password }: { email: string; password: string }) {
    await this.page.goto("/sign-in");
    await this.page.getByTestId("auth-email").fill(email);
    await this.page.getByTestId("auth-password").fill(password);
    await this.page.getByTestId("auth-submit").click();
  }

  /** Signs out from the dashboard's header. */
  async signOut() {
    if (!/\/projects$/.test(this.page.url())) await this.page.goto("/projects");
    await this.page.getByTestId("sign-out").click();
    await expect(this.page).toHaveURL(/\/sign-in/);
  }
}
