import "server-only";
import { getDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { insertAuditEvents, listMemberWorkspaceIds } from "@/lib/db/queries/audit-events";
import type { Tx } from "@/lib/db/queries/workspaces";
import { auditDetailsSchema, type AuditAction, type AuditDetails, type AuditTargetType } from "./actions";

export type AuditEventInput = {
  workspaceId: string;
  /** Who did it; null for the system (nobody signed in did it). */
  actorUserId: string | null;
  action: AuditAction;
  target: { type: AuditTargetType; id: string };
  details?: AuditDetails;
};

/**
 * Appends an event to the workspace's audit log. Pass `tx` to write it in the same transaction as
 * the change it records (then a change never lands without its event). Details are checked, so a
 * caller cannot log something large by accident; they are shown to the workspace's admins.
 */
export async function recordAudit(event: AuditEventInput, tx?: Prisma.TransactionClient): Promise<void> {
  await insertAuditEvents([toRow(event)], tx);
}

/** Several events at once (one insert), e.g. a project leaving one workspace and entering another. */
export async function recordAuditEvents(events: AuditEventInput[], tx?: Prisma.TransactionClient): Promise<void> {
  await insertAuditEvents(events.map(toRow), tx);
}

/**
 * Runs `change` and writes the audit events it returns in one transaction: a change that throws
 * (or whose transaction fails) leaves no event, and a committed change always has its events.
 * `change` makes its writes through `tx`; a change that was refused throws.
 */
export async function auditedChange<T>(change: (tx: Tx) => Promise<{ result: T; events: AuditEventInput[] }>): Promise<T> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const { result, events } = await change(tx);
    await recordAuditEvents(events, tx);
    return result;
  });
}

/**
 * An event about a person rather than one workspace (a sign-in, a token that reaches every
 * workspace they belong to) is recorded in each of their workspaces, so each one's admins see it;
 * bounded so that someone in very many workspaces does not make it write hundreds of rows: the
 * personal workspace and the most recently joined others.
 */
export const personEventWorkspacesMax = 20;

export async function recordForEachWorkspaceOf(userId: string, event: Omit<AuditEventInput, "workspaceId">): Promise<void> {
  const workspaceIds = await listMemberWorkspaceIds({ userId, limit: personEventWorkspacesMax });
  await recordAuditEvents(workspaceIds.map((workspaceId) => ({ ...event, workspaceId })));
}

function toRow({ workspaceId, actorUserId, action, target, details = {} }: AuditEventInput) {
  return {
    workspaceId,
    actorUserId,
    action,
    targetType: target.type,
    targetId: target.id,
    details: auditDetailsSchema.parse(details),
  };
}
