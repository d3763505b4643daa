import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { SignedInHeader } from "@/components/auth/signed-in-header";
import { AcceptInvitation } from "@/components/teams/accept-invitation";
import { requirePageCaller } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { describeInvitation } from "@/lib/workspaces/invitations";

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  // Accepting needs an account with the invited email: sign in (or up) first, then come back here.
  const caller = await requirePageCaller(`/invite/${token}`);
  const invitation = await describeInvitation({ caller, token, headers: await headers() }).catch((error) => {
    // Wrong, expired, revoked and used invitations all show the same 404 page.
    if (error instanceof AppError && error.kind === "not_found") notFound();
    if (error instanceof AppError && error.kind === "rate_limited") return { limited: error.message };
    throw error;
  });
  if ("limited" in invitation) {
    return (
      <main className="mx-auto w-full max-w-lg px-6 py-16 text-center text-sm text-amber-300" role="alert" data-testid="invitation-limited">
        {invitation.limited}
      </main>
    );
  }
  const forMe = invitation.email === caller.email.trim().toLowerCase();
  return (
    <div className="min-h-full">
      <SignedInHeader email={caller.email}>
        <span className="font-semibold">Agent IDE</span>
      </SignedInHeader>
      <main className="mx-auto w-full max-w-lg px-6 py-16 text-center" data-testid="invitation-page">
        <h1 className="text-2xl font-semibold text-neutral-100">
          Join <span data-testid="invitation-workspace">{invitation.workspaceName}</span>
        </h1>
        <p className="mt-2 text-sm text-neutral-400">
          {invitation.invitedBy ? `${invitation.invitedBy} invited ${invitation.email}` : `An invitation for ${invitation.email}`} as{" "}
          <strong className="text-neutral-200">{invitation.role}</strong>.
        </p>
        {forMe ? (
          <AcceptInvitation token={token} />
        ) : (
          <p role="alert" className="mt-6 text-sm text-amber-300" data-testid="invitation-wrong-account">
            You are signed in as {caller.email}. Sign out and sign in (or up) as {invitation.email} to accept.
          </p>
        )}
      </main>
    </div>
  );
}
