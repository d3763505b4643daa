"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { authClient } from "@/lib/auth/auth-client";
import { passwordLimits, profileLimits } from "@/lib/validation/profile";
import { useHydrated } from "@/hooks/use-hydrated";
import { Button } from "@/components/ui/button";

const field = "mt-1 w-full rounded border border-white/15 bg-neutral-950 px-2 py-1.5 text-sm text-neutral-100 outline-none focus:border-sky-500";

type Outcome = { ok: true; message: string } | { ok: false; message: string } | null;

// better-auth's error codes, said so a person knows what to change.
const messageByCode: Record<string, string> = {
  INVALID_PASSWORD: "The current password is wrong; type the one you sign in with",
  PASSWORD_TOO_SHORT: `The new password is too short: use at least ${passwordLimits.minChars} characters`,
  PASSWORD_TOO_LONG: `The new password is too long: use at most ${passwordLimits.maxChars} characters`,
  CREDENTIAL_ACCOUNT_NOT_FOUND: "This account signs in without a password, so there is none to change",
};

function describeAuthError(error: { code?: string; message?: string }, fallback: string): string {
  return (error.code && messageByCode[error.code]) || error.message || fallback;
}

/** The display name and the password of the signed-in person. */
export function AccountPanel({ name, email }: { name: string; email: string }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [nameOutcome, setNameOutcome] = useState<Outcome>(null);
  const [passwordOutcome, setPasswordOutcome] = useState<Outcome>(null);
  const [pending, setPending] = useState<"name" | "password" | null>(null);

  const saveName = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = String(new FormData(event.currentTarget).get("name") ?? "").trim();
    setNameOutcome(null);
    if (!next) return setNameOutcome({ ok: false, message: "Type a name" });
    setPending("name");
    const { error } = await authClient.updateUser({ name: next });
    setPending(null);
    if (error) return setNameOutcome({ ok: false, message: describeAuthError(error, "The name could not be saved; try again") });
    setNameOutcome({ ok: true, message: "Name saved" });
    // The headers above are server-rendered with the old name.
    router.refresh();
  };

  const changePassword = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setPasswordOutcome(null);
    const currentPassword = String(form.get("currentPassword") ?? "");
    const newPassword = String(form.get("newPassword") ?? "");
    if (newPassword !== String(form.get("confirmPassword") ?? ""))
      return setPasswordOutcome({ ok: false, message: "The new password and its confirmation differ; type it the same way twice" });
    if (newPassword.length < passwordLimits.minChars) return setPasswordOutcome({ ok: false, message: messageByCode.PASSWORD_TOO_SHORT! });
    setPending("password");
    // Other browsers signed in as this person are signed out: a password changed because it leaked
    // must not leave the leaked sessions working. This browser gets a fresh session.
    const { error } = await authClient.changePassword({ currentPassword, newPassword, revokeOtherSessions: true });
    setPending(null);
    if (error) return setPasswordOutcome({ ok: false, message: describeAuthError(error, "The password could not be changed; try again") });
    formElement.reset();
    setPasswordOutcome({ ok: true, message: "Password changed; other browsers were signed out" });
  };

  return (
    <section className="mt-8" aria-labelledby="account-heading" data-testid="account" data-hydrated={hydrated}>
      <h2 id="account-heading" className="text-lg font-semibold text-neutral-100">
        Account
      </h2>
      <p className="mt-1 text-sm text-neutral-400">
        Signed in as <span className="text-neutral-200">{email}</span>.
      </p>

      <form className="mt-5 max-w-md" onSubmit={saveName} data-testid="account-name-form">
        <label htmlFor="account-name" className="text-sm text-neutral-300">
          Display name
        </label>
        <div className="flex items-end gap-2">
          <input id="account-name" name="name" defaultValue={name} maxLength={profileLimits.nameChars} autoComplete="name" className={field} data-testid="account-name-input" />
          <Button type="submit" variant="primary" disabled={pending === "name"} data-testid="account-name-save">
            Save name
          </Button>
        </div>
        <Outcome outcome={nameOutcome} testId="account-name-outcome" />
      </form>

      <form className="mt-6 max-w-md" onSubmit={changePassword} data-testid="account-password-form">
        <h3 className="text-sm font-medium text-neutral-200">Change password</h3>
        {/* Lets password managers match the new password to this account. */}
        <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
        <label className="mt-2 block text-sm text-neutral-300">
          Current password
          <input type="password" name="currentPassword" required autoComplete="current-password" maxLength={passwordLimits.maxChars} className={field} data-testid="current-password-input" />
        </label>
        <label className="mt-2 block text-sm text-neutral-300">
          New password
          <input type="password" name="newPassword" required autoComplete="new-password" maxLength={passwordLimits.maxChars} className={field} data-testid="new-password-input" />
        </label>
        <label className="mt-2 block text-sm text-neutral-300">
          New password again
          <input type="password" name="confirmPassword" required autoComplete="new-password" maxLength={passwordLimits.maxChars} className={field} data-testid="confirm-password-input" />
        </label>
        <p className="mt-1 text-xs text-neutral-400">At least {passwordLimits.minChars} characters.</p>
        <Button type="submit" variant="primary" className="mt-3" disabled={pending === "password"} data-testid="change-password-submit">
          Change password
        </Button>
        <Outcome outcome={passwordOutcome} testId="change-password-outcome" />
      </form>
    </section>
  );
}

function Outcome({ outcome, testId }: { outcome: Outcome; testId: string }) {
  if (!outcome) return null;
  return (
    <p role={outcome.ok ? "status" : "alert"} data-testid={testId} data-ok={outcome.ok} className={`mt-2 text-sm ${outcome.ok ? "text-emerald-300" : "text-red-300"}`}>
      {outcome.message}
    </p>
  );
}
