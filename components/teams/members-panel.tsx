"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { roleAllows, workspaceRoles, type WorkspaceRole } from "@/lib/auth/permissions";
import { describeError } from "@/lib/client/conflict";
import { teamApi, type MemberSummary, type PendingInvitation } from "@/lib/workspaces/client-api";
import { Button } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/error-banner";
import { LocalTime } from "@/components/ui/local-time";
import { WorkspaceSettings } from "./workspace-settings";

const roleHelp: Record<WorkspaceRole, string> = {
  owner: "everything, including deleting the team",
  admin: "members, invitations, links and moving projects",
  editor: "saves and uses the agent",
  viewer: "opens and runs projects, cannot save",
};

/** The members page: who is in the team with which role, invitations to copy, pending ones to revoke. */
export function MembersPanel({
  workspace,
  myUserId,
  myRole,
  initialMembers,
  initialInvitations,
}: {
  workspace: { id: string; name: string; personal: boolean };
  myUserId: string;
  myRole: WorkspaceRole;
  initialMembers: MemberSummary[];
  initialInvitations: PendingInvitation[];
}) {
  const router = useRouter();
  const [members, setMembers] = useState(initialMembers);
  const [invitations, setInvitations] = useState(initialInvitations);
  const [error, setError] = useState<string | null>(null);
  const canManage = roleAllows(myRole, "workspace:manage_members");
  const canInvite = roleAllows(myRole, "workspace:invite") && !workspace.personal;
  // Only an owner grants or takes the owner role.
  // The last owner can neither leave nor be removed (the server refuses it too).
  const owners = members.filter((m) => m.role === "owner").length;
  const assignable = workspaceRoles.filter((r) => r !== "owner" || myRole === "owner");

  const run = async (what: string, action: () => Promise<void>) => {
    try {
      await action();
      setError(null);
    } catch (err) {
      setError(`Could not ${what}: ${describeError({ error: err })}`);
    }
  };

  const setRole = (member: MemberSummary, role: WorkspaceRole) =>
    run(`change ${member.name}'s role`, async () => {
      await teamApi.setRole(workspace.id, member.userId, role);
      setMembers((list) => list.map((m) => (m.userId === member.userId ? { ...m, role } : m)));
    });

  const remove = (member: MemberSummary) =>
    run(member.userId === myUserId ? "leave the team" : `remove ${member.name}`, async () => {
      await teamApi.removeMember(workspace.id, member.userId);
      if (member.userId === myUserId) {
        router.push("/projects");
        return;
      }
      setMembers((list) => list.filter((m) => m.userId !== member.userId));
    });

  const revoke = (invitation: PendingInvitation) =>
    run(`revoke the invitation for ${invitation.email}`, async () => {
      await teamApi.revoke(workspace.id, invitation.id);
      setInvitations((list) => list.filter((i) => i.id !== invitation.id));
    });

  return (
    <main className="mx-auto w-full max-w-3xl px-6 py-10" data-testid="members-page">
      <h1 className="text-2xl font-semibold text-neutral-100" data-testid="members-workspace-name">
        {workspace.name}
      </h1>
      <p className="mt-1 text-sm text-neutral-500">
        You are {myRole}: {roleHelp[myRole]}.
      </p>
      {error && <ErrorBanner className="mt-4" testId="members-error" message={error} onDismiss={() => setError(null)} />}

      <h2 className="mt-8 text-sm font-semibold uppercase tracking-wide text-neutral-400">Members</h2>
      <ul className="mt-2 divide-y divide-white/10 rounded border border-white/10" data-testid="member-list">
        {members.map((member) => (
          <li key={member.userId} data-testid="member-item" data-email={member.email} className="flex items-center gap-3 px-4 py-3">
            <div className="min-w-0 flex-1">
              <p className="truncate font-medium text-neutral-100">
                {member.name} {member.userId === myUserId && <span className="text-xs text-neutral-500">(you)</span>}
              </p>
              <p className="truncate text-xs text-neutral-500">{member.email}</p>
            </div>
            {canManage && (member.role !== "owner" || myRole === "owner") ? (
              <select
                aria-label={`Role of ${member.name}`}
                data-testid="member-role"
                value={member.role}
                onChange={(e) => void setRole(member, e.target.value as WorkspaceRole)}
                className="rounded border border-white/10 bg-neutral-900 px-2 py-1 text-sm text-neutral-100"
              >
                {assignable.map((role) => (
                  <option key={role} value={role} title={roleHelp[role]}>
                    {role}
                  </option>
                ))}
              </select>
            ) : (
              <span className="text-sm text-neutral-400" data-testid="member-role-label">
                {member.role}
              </span>
            )}
            {!workspace.personal && !(member.role === "owner" && owners === 1) && (member.userId === myUserId || (canManage && (member.role !== "owner" || myRole === "owner"))) && (
              <Button variant="ghost" className="hover:text-red-300" data-testid="member-remove" onClick={() => void remove(member)}>
                {member.userId === myUserId ? "Leave" : "Remove"}
              </Button>
            )}
          </li>
        ))}
      </ul>

      {canInvite && (
        <InviteForm
          workspaceId={workspace.id}
          roles={assignable}
          onInvited={(invitation) => setInvitations((list) => [invitation, ...list])}
        />
      )}

      {canInvite && invitations.length > 0 && (
        <>
          <h2 className="mt-8 text-sm font-semibold uppercase tracking-wide text-neutral-400">Pending invitations</h2>
          <ul className="mt-2 divide-y divide-white/10 rounded border border-white/10" data-testid="invitation-list">
            {invitations.map((invitation) => (
              <li key={invitation.id} data-testid="invitation-item" className="flex items-center gap-3 px-4 py-3 text-sm">
                <span className="min-w-0 flex-1 truncate text-neutral-200">
                  {invitation.email} as {invitation.role}
                </span>
                <span className="text-xs text-neutral-500">
                  expires <LocalTime iso={invitation.expiresAt} />
                </span>
                <Button variant="ghost" className="hover:text-red-300" data-testid="invitation-revoke" onClick={() => void revoke(invitation)}>
                  Revoke
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}

      {!workspace.personal && <WorkspaceSettings workspace={workspace} myRole={myRole} />}
    </main>
  );
}

function InviteForm({
  workspaceId,
  roles,
  onInvited,
}: {
  workspaceId: string;
  roles: WorkspaceRole[];
  onInvited: (invitation: PendingInvitation) => void;
}) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<WorkspaceRole>("editor");
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const invitation = await teamApi.invite(workspaceId, email.trim(), role);
      setLink(new URL(invitation.path, window.location.origin).toString());
      setCopied(false);
      setEmail("");
      setError(null);
      onInvited(invitation);
    } catch (err) {
      setError(`Could not invite: ${describeError({ error: err })}`);
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    if (!link) return;
    await navigator.clipboard.writeText(link).then(
      () => setCopied(true),
      () => setError("Copying was refused by the browser; select the link and copy it"),
    );
  };

  return (
    <section className="mt-8">
      <h2 className="text-sm font-semibold uppercase tracking-wide text-neutral-400">Invite</h2>
      <form onSubmit={submit} className="mt-2 flex flex-wrap items-center gap-2" noValidate data-testid="invite-form">
        <input
          type="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          placeholder="name@example.com"
          aria-label="Email to invite"
          data-testid="invite-email"
          className="min-w-0 flex-1 rounded border border-white/10 bg-neutral-900 px-2 py-1.5 text-sm text-neutral-100"
        />
        <select
          aria-label="Role for the invitation"
          value={role}
          onChange={(e) => setRole(e.target.value as WorkspaceRole)}
          data-testid="invite-role"
          className="rounded border border-white/10 bg-neutral-900 px-2 py-1.5 text-sm text-neutral-100"
        >
          {roles.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <Button type="submit" variant="primary" disabled={busy || !email.trim()} data-testid="invite-submit">
          Create invitation link
        </Button>
      </form>
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-300" data-testid="invite-error">
          {error}
        </p>
      )}
      {link && (
        <div className="mt-3 rounded border border-sky-500/40 bg-sky-500/5 p-3 text-sm" data-testid="invite-link-box">
          <p className="text-neutral-300">There is no mail: send this link yourself. It is shown only now, works for that email only and expires in 7 days.</p>
          <div className="mt-2 flex items-center gap-2">
            <input readOnly value={link} data-testid="invite-link" aria-label="Invitation link" onFocus={(e) => e.currentTarget.select()} className="min-w-0 flex-1 rounded bg-neutral-900 px-2 py-1 font-mono text-xs text-neutral-100" />
            <Button onClick={() => void copy()} data-testid="invite-copy">
              {copied ? "Copied" : "Copy"}
            </Button>
          </div>
        </div>
      )}
    </section>
  );
}
