import Link from "next/link";
import { notFound } from "next/navigation";
import { SignedInHeader } from "@/components/auth/signed-in-header";
import { MembersPanel } from "@/components/teams/members-panel";
import { roleAllows } from "@/lib/auth/permissions";
import { requirePageCaller } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { listInvitations } from "@/lib/workspaces/invitations";
import { listWorkspaceMembers } from "@/lib/workspaces/members";
import { dashboardHref } from "@/lib/workspaces/paths";

export default async function MembersPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params;
  const caller = await requirePageCaller(`/workspaces/${workspaceId}/members`);
  const found = await listWorkspaceMembers({ caller, workspaceId }).catch((error) => {
    if (error instanceof AppError && error.kind === "not_found") notFound();
    throw error;
  });
  const invitations = roleAllows(found.role, "workspace:invite") ? await listInvitations({ caller, workspaceId }) : [];
  return (
    <div className="min-h-full">
      <SignedInHeader email={caller.email}>
        <Link href={dashboardHref(workspaceId)} className="text-sm text-neutral-400 hover:text-white" data-testid="back-to-dashboard">
          ← Projects
        </Link>
        {roleAllows(found.role, "audit:read") && (
          <Link href={`/workspaces/${workspaceId}/audit`} className="text-sm text-neutral-400 hover:text-white" data-testid="audit-log-link">
            Audit log
          </Link>
        )}
      </SignedInHeader>
      <MembersPanel
        workspace={found.workspace}
        myUserId={caller.userId}
        myRole={found.role}
        initialMembers={found.members}
        initialInvitations={invitations}
      />
    </div>
  );
}
