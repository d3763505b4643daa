"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { authClient } from "@/lib/auth/auth-client";
import { safeRedirectTarget } from "@/lib/auth/redirect-target";
import { profileLimits } from "@/lib/validation/profile";
import { AppMark } from "@/components/ui/app-mark";

type Mode = "sign-in" | "sign-up";

export function AuthForm({ mode }: { mode: Mode }) {
  const router = useRouter();
  // Only this app's own pages are followed after sign-in, so a crafted link cannot send people elsewhere.
  const next = safeRedirectTarget(useSearchParams().get("next"));
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const name = String(form.get("name") ?? "").trim() || email.split("@")[0] || email;
    setPending(true);
    setError(null);
    const { error } =
      mode === "sign-up"
        ? await authClient.signUp.email({ email, password, name })
        : await authClient.signIn.email({ email, password });
    setPending(false);
    if (error) {
      setError(error.message ?? "That did not work; check your email and password");
      return;
    }
    router.replace(next);
    router.refresh();
  }

  const title = mode === "sign-up" ? "Create your account" : "Sign in";
  return (
    <main className="flex min-h-full items-center justify-center p-6">
      <form onSubmit={onSubmit} className="w-full max-w-sm space-y-4 rounded-lg border border-white/10 bg-surface-raised p-6" data-testid={`${mode}-form`}>
        <AppMark />
        <h1 className="text-xl font-semibold">{title}</h1>
        {mode === "sign-up" && (
          <label className="block text-sm">
            Name
            <input name="name" autoComplete="name" maxLength={profileLimits.nameChars} className="mt-1 w-full rounded border border-white/15 bg-black/30 px-3 py-2" data-testid="auth-name" />
          </label>
        )}
        <label className="block text-sm">
          Email
          <input name="email" type="email" required maxLength={profileLimits.emailChars} autoComplete="email" className="mt-1 w-full rounded border border-white/15 bg-black/30 px-3 py-2" data-testid="auth-email" />
        </label>
        <label className="block text-sm">
          Password
          <input
            name="password"
            type="password"
            required
            minLength={8}
            autoComplete={mode === "sign-up" ? "new-password" : "current-password"}
            className="mt-1 w-full rounded border border-white/15 bg-black/30 px-3 py-2"
            data-testid="auth-password"
          />
        </label>
        {error && (
          <p role="alert" className="text-sm text-red-400" data-testid="auth-error">
            {error}
          </p>
        )}
        <button type="submit" disabled={pending} className="w-full rounded bg-sky-700 px-3 py-2 font-medium text-pure-white hover:bg-sky-600 disabled:opacity-50" data-testid="auth-submit">
          {pending ? "Please wait…" : title}
        </button>
        <p className="text-sm text-white/60">
          {mode === "sign-up" ? (
            <>Have an account? <Link className="text-blue-400" href={`/sign-in?next=${encodeURIComponent(next)}`}>Sign in</Link></>
          ) : (
            <>New here? <Link className="text-blue-400" href={`/sign-up?next=${encodeURIComponent(next)}`}>Create an account</Link></>
          )}
        </p>
      </form>
    </main>
  );
}
