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
  const m = await db.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId } } });
  return m?.role ?? null;
}
