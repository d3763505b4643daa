import type { Metadata } from "next";
import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { ApiTokensPanel } from "@/components/settings/api-tokens-panel";
import { listApiTokens } from "@/lib/auth/api-tokens";
import { requirePageCaller } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Settings · Agent IDE" };

export default async function SettingsPage() {
  const caller = await requirePageCaller("/settings");
  const tokens = await listApiTokens({ userId: caller.userId });
  return (
    <div className="min-h-full">
      <header className="flex items-center justify-between border-b border-white/10 px-6 py-3">
        <Link href="/projects" data-testid="settings-back-to-projects" className="font-semibold hover:text-sky-300">
          Agent IDE
        </Link>
        <span className="flex items-center gap-3 text-sm text-white/60">
          <span data-testid="signed-in-as">{caller.email}</span>
          <SignOutButton />
        </span>
      </header>
      <main className="mx-auto w-full max-w-3xl px-6 py-10">
        <h1 className="text-2xl font-semibold text-neutral-100">Settings</h1>
        <ApiTokensPanel initialTokens={tokens} />
      </main>
    </div>
  );
}
