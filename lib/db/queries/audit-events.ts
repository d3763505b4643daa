import "server-only";
import { getDb } from "../client";
import type { Tx } from "./workspaces";
import type { Prisma } from "../generated/client";

export type AuditEventInsert = {
  workspaceId: string;
  actorUserId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  details: Prisma.InputJsonValue;
};

/** Inserts events, in `tx` when the caller wants them in its own transaction. */
export async function insertAuditEvents(rows: AuditEventInsert[], tx?: Prisma.TransactionClient) {
  if (rows.length === 0) return;
  const db = tx ?? (await getDb());
  await db.auditEvent.createMany({ data: rows });
}

/**
 * One page of a workspace's events, newest first; `before` is the last event of the previous page
 * (createdAt and id, so events written in the same millisecond are neither skipped nor repeated).
 */
export async function listAuditEventRows({
  workspaceId,
  before,
  limit,
}: {
  workspaceId: string;
  before?: { createdAt: Date; id: string };
  limit: number;
}) {
  const db = await getDb();
  return db.auditEvent.findMany({
    where: {
      workspaceId,
      ...(before && {
        OR: [{ createdAt: { lt: before.createdAt } }, { createdAt: before.createdAt, id: { lt: before.id } }],
      }),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    include: { actor: { select: { id: true, name: true, email: true } } },
  });
}

/** The workspaces a user belongs to: their personal one first, then the most recently joined. */
export async function listMemberWorkspaceIds({ userId, limit }: { userId: string; limit: number }, tx?: Tx): Promise<string[]> {
  const db = tx ?? (await getDb());
  const rows = await db.membership.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { workspaceId: true, workspace: { select: { personalFor: true } } },
  });
  return rows.sort((a, b) => Number(b.workspace.personalFor === userId) - Number(a.workspace.personalFor === userId)).map((r) => r.workspaceId);
}

/** The workspace's name for the audit page's heading (the page checks access before). */
export async function getWorkspaceName({ id }: { id: string }): Promise<string | null> {
  const db = await getDb();
  return (await db.workspace.findUnique({ where: { id }, select: { name: true } }))?.name ?? null;
}
