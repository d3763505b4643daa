import "server-only";
import { forgetCachedRoles, outsideTokenScope, requireWorkspaceAccess, type Caller } from "@/lib/auth/guard";
import { roleAllows } from "@/lib/auth/permissions";
import { auditedChange } from "@/lib/audit/record";
import {
  createTeamWorkspaceRow,
  getMembershipRoleIncludingDeleted,
  getWorkspaceRow,
  listWorkspacesForUser,
  purgeWorkspacesDeletedBefore,
  renameWorkspaceRow,
  setWorkspaceDeletedAt,
} from "@/lib/db/queries/workspaces";
import { AppError } from "@/lib/errors";
import { requestCollection } from "@/lib/snapshots/gc-schedule";

/** How long a deleted team workspace (with its projects) can be restored by an owner. */
export const deletedWorkspaceGraceMs = 7 * 24 * 60 * 60 * 1000;

export function purgeAfter(deletedAt: Date): Date {
  return new Date(deletedAt.getTime() + deletedWorkspaceGraceMs);
}

/**
 * The caller's workspaces for the switcher. Workspaces whose grace period is over are purged first
 * (lazily, on the way: no scheduler is needed and a listing never shows one past its grace).
 */
export async function listWorkspaces(caller: Caller, now = new Date()) {
  await purgeExpiredWorkspaces(now);
  const rows = (await listWorkspacesForUser({ userId: caller.userId })).filter((w) => !outsideTokenScope(caller, w.id));
  return rows.map((w) => ({ ...w, deletedAt: w.deletedAt?.toISOString() ?? null, purgeAfter: w.deletedAt ? purgeAfter(w.deletedAt).toISOString() : null }));
}

export async function purgeExpiredWorkspaces(now = new Date()): Promise<number> {
  const purged = await purgeWorkspacesDeletedBefore({ cutoff: new Date(now.getTime() - deletedWorkspaceGraceMs) });
  // Their projects' files are now unreachable unless shared with others.
  if (purged > 0) requestCollection();
  return purged;
}

export async function createWorkspace({ caller, name }: { caller: Caller; name: string }) {
  // A token scoped to one workspace reaches nothing outside it, a new team included.
  if (caller.token?.workspaceId) throw new AppError("forbidden:api_token_scope", "This API token reaches one workspace only; create teams signed in or with an unscoped token");
  return auditedChange(async (tx) => {
    const workspace = await createTeamWorkspaceRow({ userId: caller.userId, name }, tx);
    const target = { type: "workspace", id: workspace.id } as const;
    return { result: { id: workspace.id, name: workspace.name }, events: [{ workspaceId: workspace.id, actorUserId: caller.userId, action: "workspace.created", target, details: { name } }] };
  });
}

export async function renameWorkspace({ caller, workspaceId, name }: { caller: Caller; workspaceId: string; name: string }) {
  await requireWorkspaceAccess({ caller, workspaceId, action: "workspace:rename" });
  return auditedChange(async (tx) => {
    const before = await getWorkspaceRow({ id: workspaceId }, tx);
    const workspace = await renameWorkspaceRow({ id: workspaceId, name }, tx);
    const event = { workspaceId, actorUserId: caller.userId, action: "workspace.renamed", target: { type: "workspace", id: workspaceId }, details: { from: before?.name ?? null, to: name } } as const;
    return { result: { id: workspace.id, name: workspace.name }, events: [event] };
  });
}

/**
 * Deletes a team workspace after the owner typed its name: it and its projects answer 404 to
 * everyone at once and are purged after the grace period unless an owner restores it.
 */
export async function deleteWorkspace({ caller, workspaceId, confirmName, now = new Date() }: { caller: Caller; workspaceId: string; confirmName: string; now?: Date }) {
  await requireWorkspaceAccess({ caller, workspaceId, action: "workspace:delete" });
  const workspace = await getWorkspaceRow({ id: workspaceId });
  if (!workspace) throw new AppError("not_found:workspace", "This workspace does not exist or you are not a member");
  if (workspace.personalFor) throw new AppError("invalid:personal_workspace", "Your personal workspace cannot be deleted; delete its projects instead");
  if (confirmName !== workspace.name) throw new AppError("invalid:confirmation", `Type the workspace's name, "${workspace.name}", to delete it`);
  await auditedChange(async (tx) => {
    await setWorkspaceDeletedAt({ id: workspaceId, deletedAt: now }, tx);
    const target = { type: "workspace", id: workspaceId } as const;
    return { result: null, events: [{ workspaceId, actorUserId: caller.userId, action: "workspace.deleted", target, details: { name: workspace.name, purgeAfter: purgeAfter(now).toISOString() } }] };
  });
  forgetCachedRoles({ workspaceId });
  return { id: workspaceId, deletedAt: now.toISOString(), purgeAfter: purgeAfter(now).toISOString() };
}

export async function restoreWorkspace({ caller, workspaceId, now = new Date() }: { caller: Caller; workspaceId: string; now?: Date }) {
  const found = await getMembershipRoleIncludingDeleted({ workspaceId, userId: caller.userId });
  // Only its owners know a deleted workspace exists; after the grace it is gone for them too.
  if (!found || outsideTokenScope(caller, workspaceId) || !roleAllows(found.role, "workspace:delete") || (found.deletedAt && purgeAfter(found.deletedAt) <= now)) {
    throw new AppError("not_found:workspace", "This workspace does not exist or you are not a member");
  }
  if (found.deletedAt) {
    await auditedChange(async (tx) => {
      await setWorkspaceDeletedAt({ id: workspaceId, deletedAt: null }, tx);
      return { result: null, events: [{ workspaceId, actorUserId: caller.userId, action: "workspace.restored", target: { type: "workspace", id: workspaceId } }] };
    });
  }
  return { id: workspaceId };
}
