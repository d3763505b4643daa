import type { Metadata } from "next";
import Link from "next/link";
import { SignedInHeader } from "@/components/auth/signed-in-header";
import { AccountPanel } from "@/components/settings/account-panel";
import { ApiTokensPanel } from "@/components/settings/api-tokens-panel";
import { PreferencesPanel } from "@/components/settings/preferences-panel";
import { listApiTokens } from "@/lib/auth/api-tokens";
import { requirePageCaller } from "@/lib/auth/session";
import { listWorkspacesForUser } from "@/lib/db/queries/workspaces";

export const metadata: Metadata = { title: "Settings · Agent IDE" };

export default async function SettingsPage() {
  const caller = await requirePageCaller("/settings");
  const [tokens, workspaces] = await Promise.all([listApiTokens({ userId: caller.userId }), listWorkspacesForUser({ userId: caller.userId })]);
  return (
    <div className="min-h-full">
      <SignedInHeader email={caller.email} name={caller.name}>
        <Link href="/projects" data-testid="settings-back-to-projects" className="font-semibold hover:text-sky-300">
          Agent IDE
        </Link>
      </SignedInHeader>
      <main className="mx-auto w-full max-w-3xl px-6 py-10">
        <h1 className="text-2xl font-semibold text-neutral-100">Settings</h1>
        <PreferencesPanel />
        <AccountPanel name={caller.name} email={caller.email} />
        <ApiTokensPanel
          initialTokens={tokens}
          workspaces={workspaces.filter((w) => !w.deletedAt).map(({ id, name, personal }) => ({ id, name, personal }))}
        />
      </main>
    </div>
  );
}
