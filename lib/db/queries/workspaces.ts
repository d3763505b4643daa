import "server-only";
import { getDb } from "../client";
import type { WorkspaceRole } from "../generated/enums";

/** Creates the user's personal workspace once; safe to call again (sign-up hook and lazy repair). */
export async function ensurePersonalWorkspace({ userId, name }: { userId: string; name: string }) {
  const db = await getDb();
  const existing = await db.workspace.findUnique({ where: { personalFor: userId } });
  if (existing) return existing;
  try {
    return await db.workspace.create({
      data: { name, personalFor: userId, memberships: { create: { userId, role: "owner" } } },
    });
  } catch (error) {
    // Two first requests raced; the other one created it.
    const raced = await db.workspace.findUnique({ where: { personalFor: userId } });
    if (raced) return raced;
    throw error;
  }
}

export async function getMembershipRole({
  workspaceId,
  userId,
}: {
  workspaceId: string;
  userId: string;
}): Promise<WorkspaceRole | null> {
  const db = await getDb();
  // A deleted workspace is hidden from everyone, owners included, until it is restored.
  const m = await db.membership.findUnique({
    where: { workspaceId_userId: { workspaceId, userId } },
    select: { role: true, workspace: { select: { deletedAt: true } } },
  });
  return m && !m.workspace.deletedAt ? m.role : null;
}

export type Tx = Parameters<Parameters<Awaited<ReturnType<typeof getDb>>["$transaction"]>[0]>[0];

/** The caller's role on a workspace whether or not it is deleted (restoring asks this). */
export async function getMembershipRoleIncludingDeleted({ workspaceId, userId }: { workspaceId: string; userId: string }) {
  const db = await getDb();
  const m = await db.membership.findUnique({
    where: { workspaceId_userId: { workspaceId, userId } },
    select: { role: true, workspace: { select: { deletedAt: true } } },
  });
  return m ? { role: m.role, deletedAt: m.workspace.deletedAt } : null;
}

export type WorkspaceListItem = {
  id: string;
  name: string;
  personal: boolean;
  role: WorkspaceRole;
  deletedAt: Date | null;
  memberCount: number;
};

/** The user's workspaces, personal first; deleted ones only for their owners (who may restore them). */
export async function listWorkspacesForUser({ userId }: { userId: string }): Promise<WorkspaceListItem[]> {
  const db = await getDb();
  const rows = await db.membership.findMany({
    where: { userId, OR: [{ workspace: { deletedAt: null } }, { role: "owner" }] },
    select: {
      role: true,
      workspace: { select: { id: true, name: true, personalFor: true, deletedAt: true, _count: { select: { memberships: true } } } },
    },
    orderBy: { createdAt: "asc" },
  });
  return rows
    .map(({ role, workspace: w }) => ({
      id: w.id,
      name: w.name,
      personal: w.personalFor !== null,
      role,
      deletedAt: w.deletedAt,
      memberCount: w._count.memberships,
    }))
    .sort((a, b) => Number(b.personal) - Number(a.personal));
}

export async function getWorkspaceRow({ id }: { id: string }, tx?: Tx) {
  const db = tx ?? (await getDb());
  return db.workspace.findUnique({ where: { id } });
}

export async function createTeamWorkspaceRow({ userId, name }: { userId: string; name: string }, tx?: Tx) {
  const db = tx ?? (await getDb());
  return db.workspace.create({ data: { name, memberships: { create: { userId, role: "owner" } } } });
}

export async function renameWorkspaceRow({ id, name }: { id: string; name: string }, tx?: Tx) {
  const db = tx ?? (await getDb());
  return db.workspace.update({ where: { id }, data: { name } });
}

export async function setWorkspaceDeletedAt({ id, deletedAt }: { id: string; deletedAt: Date | null }, tx?: Tx) {
  const db = tx ?? (await getDb());
  return db.workspace.update({ where: { id }, data: { deletedAt } });
}

/** Removes workspaces deleted before `cutoff` with everything in them (projects cascade). */
export async function purgeWorkspacesDeletedBefore({ cutoff }: { cutoff: Date }): Promise<number> {
  const db = await getDb();
  const { count } = await db.workspace.deleteMany({ where: { deletedAt: { lt: cutoff }, personalFor: null } });
  return count;
}

export async function listMembers({ workspaceId }: { workspaceId: string }) {
  const db = await getDb();
  const rows = await db.membership.findMany({
    where: { workspaceId },
    select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((m) => ({ userId: m.user.id, name: m.user.name, email: m.user.email, role: m.role, joinedAt: m.createdAt }));
}

/**
 * Runs `change` on the workspace's memberships with the workspace row locked, so two changes to
 * one workspace's members (two demotions, a leave and a demotion) run one after the other and the
 * owner count `change` reads is still true when it writes.
 */
export async function withMembershipsLocked<T>(workspaceId: string, change: (tx: Tx, owners: number) => Promise<T>): Promise<T> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM workspaces WHERE id = ${workspaceId} FOR UPDATE`;
    const owners = await tx.membership.count({ where: { workspaceId, role: "owner" } });
    return change(tx, owners);
  });
}

export async function createInvitationRow(data: {
  workspaceId: string;
  email: string;
  role: WorkspaceRole;
  tokenHash: string;
  invitedById: string;
  expiresAt: Date;
}, tx?: Tx) {
  const db = tx ?? (await getDb());
  return db.invitation.create({ data });
}

/** Invitations not yet accepted, revoked or expired, newest first. */
export async function listPendingInvitations({ workspaceId, now }: { workspaceId: string; now: Date }) {
  const db = await getDb();
  return db.invitation.findMany({
    where: { workspaceId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    select: { id: true, email: true, role: true, createdAt: true, expiresAt: true },
    orderBy: { createdAt: "desc" },
  });
}

export async function revokeInvitationRow({ workspaceId, id, now }: { workspaceId: string; id: string; now: Date }, tx?: Tx) {
  const db = tx ?? (await getDb());
  const { count } = await db.invitation.updateMany({ where: { id, workspaceId, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } });
  return count === 1;
}

export async function findInvitationByHash({ tokenHash }: { tokenHash: string }) {
  const db = await getDb();
  return db.invitation.findUnique({
    where: { tokenHash },
    include: { workspace: { select: { id: true, name: true, deletedAt: true } }, invitedBy: { select: { name: true } } },
  });
}

/**
 * Marks the invitation accepted and adds the member, in `tx` (which must be a transaction); null
 * when someone else used or revoked it first. An existing member keeps their role when it is higher.
 */
export async function acceptInvitationRow({ id, userId, now }: { id: string; userId: string; now: Date }, tx: Tx) {
  const claimed = await tx.invitation.updateMany({
    where: { id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    data: { acceptedAt: now },
  });
  if (claimed.count !== 1) return null;
  const invitation = await tx.invitation.findUniqueOrThrow({ where: { id } });
  const existing = await tx.membership.findUnique({ where: { workspaceId_userId: { workspaceId: invitation.workspaceId, userId } } });
  if (!existing) await tx.membership.create({ data: { workspaceId: invitation.workspaceId, userId, role: invitation.role } });
  return { workspaceId: invitation.workspaceId, role: existing?.role ?? invitation.role, alreadyMember: Boolean(existing) };
}

export async function moveProjectRow({ projectId, fromWorkspaceId, toWorkspaceId }: { projectId: string; fromWorkspaceId: string; toWorkspaceId: string }, tx?: Tx) {
  const db = tx ?? (await getDb());
  const { count } = await db.project.updateMany({ where: { id: projectId, workspaceId: fromWorkspaceId }, data: { workspaceId: toWorkspaceId } });
  return count === 1;
}
