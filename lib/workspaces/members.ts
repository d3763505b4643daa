import "server-only";
import { forgetCachedRoles, requireWorkspaceAccess, type Caller } from "@/lib/auth/guard";
import { roleAllows, type WorkspaceAction } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import type { WorkspaceRole } from "@/lib/db/generated/enums";
import { getWorkspaceRow, listMembers, withMembershipsLocked, type Tx } from "@/lib/db/queries/workspaces";
import { AppError } from "@/lib/errors";

export async function listWorkspaceMembers({ caller, workspaceId }: { caller: Caller; workspaceId: string }) {
  const { role } = await requireWorkspaceAccess({ caller, workspaceId, action: "workspace:read" });
  const workspace = await getWorkspaceRow({ id: workspaceId });
  const members = await listMembers({ workspaceId });
  return {
    workspace: { id: workspaceId, name: workspace?.name ?? "", personal: Boolean(workspace?.personalFor) },
    role,
    members: members.map((m) => ({ ...m, joinedAt: m.joinedAt.toISOString() })),
  };
}

async function roleUnderLock(tx: Tx, workspaceId: string, userId: string, action: WorkspaceAction): Promise<WorkspaceRole> {
  const me = await tx.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId } } });
  if (!me) throw new AppError("not_found:workspace", "This workspace does not exist or you are not a member");
  if (!roleAllows(me.role, action)) throw new AppError(`forbidden:${action}`, `Your role (${me.role}) does not allow that`);
  return me.role;
}

const memberNotFound = () => new AppError("not_found:member", "That person is not a member of this workspace; reload the members list");
const lastOwner = () =>
  new AppError("conflict:last_owner", "A workspace needs at least one owner: make someone else owner first, or delete the workspace");

/**
 * Changes a member's role. Admins manage editors and viewers; only an owner grants or takes the
 * owner role. The last owner cannot be demoted: the owner count is read and the role written with
 * the workspace locked, so two demotions at once leave one owner.
 */
export async function changeMemberRole({ caller, workspaceId, userId, role }: { caller: Caller; workspaceId: string; userId: string; role: WorkspaceRole }) {
  await requireWorkspaceAccess({ caller, workspaceId, action: "workspace:manage_members" });
  await withMembershipsLocked(workspaceId, async (tx, owners) => {
    // Read again under the lock: a demotion that committed meanwhile counts.
    const callerRole = await roleUnderLock(tx, workspaceId, caller.userId, "workspace:manage_members");
    const member = await tx.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId } } });
    if (!member) throw memberNotFound();
    if ((member.role === "owner" || role === "owner") && callerRole !== "owner") {
      throw new AppError("forbidden:owner_role", "Only an owner can make someone owner or change an owner's role");
    }
    if (member.role === "owner" && role !== "owner" && owners <= 1) throw lastOwner();
    await tx.membership.update({ where: { workspaceId_userId: { workspaceId, userId } }, data: { role } });
    await recordAudit({ workspaceId, actorUserId: caller.userId, action: "member.role_changed", target: { type: "member", id: userId }, details: { from: member.role, to: role } }, tx);
  });
  forgetCachedRoles({ workspaceId });
  return { userId, role };
}

/** Removes a member, or lets the caller leave (no permission needed for that); never the last owner. */
export async function removeMember({ caller, workspaceId, userId }: { caller: Caller; workspaceId: string; userId: string }) {
  const leaving = userId === caller.userId;
  const action = leaving ? "workspace:read" : "workspace:manage_members";
  await requireWorkspaceAccess({ caller, workspaceId, action });
  const workspace = await getWorkspaceRow({ id: workspaceId });
  if (workspace?.personalFor) throw new AppError("invalid:personal_workspace", "Nobody can leave a personal workspace");
  await withMembershipsLocked(workspaceId, async (tx, owners) => {
    const callerRole = await roleUnderLock(tx, workspaceId, caller.userId, action);
    const member = await tx.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId } } });
    if (!member) throw memberNotFound();
    if (!leaving && member.role === "owner" && callerRole !== "owner") throw new AppError("forbidden:owner_role", "Only an owner can remove an owner");
    if (member.role === "owner" && owners <= 1) throw lastOwner();
    await tx.membership.delete({ where: { workspaceId_userId: { workspaceId, userId } } });
    await recordAudit({ workspaceId, actorUserId: caller.userId, action: "member.removed", target: { type: "member", id: userId }, details: { left: leaving } }, tx);
  });
  forgetCachedRoles({ workspaceId });
}
