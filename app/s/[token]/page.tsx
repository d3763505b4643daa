import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { SharedProjectViewer } from "@/components/share/shared-project-viewer";
import { getCaller } from "@/lib/auth/guard";
import { requireLinkAccess } from "@/lib/auth/link-access";
import { roleAllows } from "@/lib/auth/permissions";
import { listWorkspacesForUser } from "@/lib/db/queries/workspaces";
import { AppError } from "@/lib/errors";
import { getListing } from "@/lib/projects/service";
import { sharedProjectView } from "@/lib/share/view";

// The token is in the address: never sent on as a referrer, never indexed.
export const metadata: Metadata = { robots: { index: false, follow: false }, referrer: "no-referrer" };

async function open(token: string, requestHeaders: Headers) {
  try {
    return await requireLinkAccess({ token, headers: requestHeaders });
  } catch (error) {
    // Wrong, revoked, expired: all the same not-found page.
    if (error instanceof AppError && error.kind === "not_found") notFound();
    if (error instanceof AppError && error.kind === "rate_limited") return { limited: error.message };
    throw error;
  }
}

export default async function SharedProjectPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const requestHeaders = await headers();
  const opened = await open(token, requestHeaders);
  if ("limited" in opened) {
    return (
      <main className="mx-auto w-full max-w-lg px-6 py-16 text-center text-sm text-amber-300" role="alert" data-testid="share-limited">
        {opened.limited}
      </main>
    );
  }
  const { link, snapshotId } = opened;
  const [caller, listing] = await Promise.all([getCaller(requestHeaders), getListing({ projectId: link.project.id, snapshotId })]);
  const signedIn = caller && !caller.token ? caller : null;
  const workspaces = signedIn
    ? (await listWorkspacesForUser({ userId: signedIn.userId }))
        .filter((w) => !w.deletedAt && roleAllows(w.role, "workspace:create_project"))
        .map((w) => ({ id: w.id, name: w.personal ? "Personal" : w.name }))
    : null;
  return (
    <SharedProjectViewer
      token={token}
      view={sharedProjectView(link, snapshotId)}
      initialListing={listing}
      ideKey={`link-${link.linkId}`}
      workspaces={workspaces}
      signInHref={`/sign-in?next=${encodeURIComponent(`/s/${token}`)}`}
    />
  );
}
