import "server-only";
import type { Caller } from "@/lib/auth/guard";
import { requireWorkspaceAccess } from "@/lib/auth/guard";
import { listAuditEventRows } from "@/lib/db/queries/audit-events";
import { AppError } from "@/lib/errors";
import type { AuditPage, AuditQuery } from "./schemas";

// The cursor is the last event shown, createdAt and id: stable while new events arrive on top.
const encodeCursor = (event: { createdAt: Date; id: string }) => Buffer.from(`${event.createdAt.toISOString()} ${event.id}`).toString("base64url");

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split(" ");
  const createdAt = new Date(iso ?? "");
  if (!id || Number.isNaN(createdAt.getTime()))
    throw new AppError("bad_request:cursor", "This page cursor is not valid; start again from the newest events (leave `before` out)");
  return { createdAt, id };
}

/** One page of the workspace's audit log, newest first; admins and owners only (`audit:read`). */
export async function listAuditEvents({ caller, workspaceId, query }: { caller: Caller; workspaceId: string; query: AuditQuery }): Promise<AuditPage> {
  await requireWorkspaceAccess({ caller, workspaceId, action: "audit:read" });
  const rows = await listAuditEventRows({
    workspaceId,
    before: query.before ? decodeCursor(query.before) : undefined,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  return {
    events: page.map((row) => ({
      id: row.id,
      action: row.action,
      target: { type: row.targetType, id: row.targetId },
      details: (row.details ?? {}) as Record<string, unknown>,
      createdAt: row.createdAt.toISOString(),
      actor: row.actor,
    })),
    nextCursor: rows.length > query.limit ? encodeCursor(page.at(-1)!) : null,
  };
}
