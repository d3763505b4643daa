import "server-only";
import { auditedChange } from "@/lib/audit/record";
import { getDb } from "@/lib/db/client";
import type { ShareLinkAccess } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";
import { hashShareToken, newShareToken, shareTokenMatches, shareTokenSchema } from "./tokens";

export type ShareLinkSummary = {
  id: string;
  access: ShareLinkAccess;
  snapshotId: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  createdAt: string;
};

type LinkRow = { id: string; access: ShareLinkAccess; snapshotId: string | null; expiresAt: Date | null; revokedAt: Date | null; createdAt: Date };

function toSummary(row: LinkRow): ShareLinkSummary {
  return {
    id: row.id,
    access: row.access,
    snapshotId: row.snapshotId,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * The one answer for a token that opens nothing: wrong, revoked, expired, or its project deleted.
 * Same code, same message, so a visitor cannot tell which (nor that a link ever existed).
 */
export function linkNotFound(): AppError {
  return new AppError("not_found:link", "This link does not exist or no longer works; ask whoever shared it for a new one");
}

/**
 * Unguarded: the caller is authorized for `project:share` on `projectId` (in `workspaceId`). The
 * token is returned once, never stored. The link and its audit event are written together.
 */
export async function createShareLink({
  projectId,
  workspaceId,
  access,
  snapshotId,
  expiresAt,
  createdBy,
}: {
  projectId: string;
  workspaceId: string;
  access: ShareLinkAccess;
  snapshotId: string | null;
  expiresAt: Date | null;
  createdBy: string;
}): Promise<{ link: ShareLinkSummary; token: string }> {
  const db = await getDb();
  if (snapshotId) {
    const snapshot = await db.snapshot.findFirst({ where: { id: snapshotId, projectId }, select: { id: true } });
    if (!snapshot) throw new AppError("not_found:snapshot", "That snapshot is not part of this project; pick one from its history");
  }
  if (expiresAt && expiresAt.getTime() <= Date.now()) throw new AppError("bad_request:expiry", "The expiry is in the past; pick a later time or none");
  const token = newShareToken();
  const link = await auditedChange(async (tx) => {
    const row = await tx.shareLink.create({ data: { projectId, tokenHash: hashShareToken(token), access, snapshotId, expiresAt, createdBy } });
    const summary = toSummary(row);
    const details = { projectId, access, pinned: snapshotId !== null, expiresAt: summary.expiresAt };
    return { result: summary, events: [{ workspaceId, actorUserId: createdBy, action: "link.created", target: { type: "link", id: row.id }, details }] };
  });
  return { link, token };
}

/** Unguarded: every link of the project, newest first, revoked ones included (so the list says what was revoked). */
export async function listShareLinks({ projectId }: { projectId: string }): Promise<ShareLinkSummary[]> {
  const db = await getDb();
  const rows = await db.shareLink.findMany({ where: { projectId }, orderBy: { createdAt: "desc" } });
  return rows.map(toSummary);
}

/**
 * Unguarded: revokes one link of the project (in `workspaceId`), with its audit event in the same
 * transaction; revoking twice keeps the first time (and its one event).
 */
export async function revokeShareLink({
  projectId,
  workspaceId,
  linkId,
  revokedBy,
}: {
  projectId: string;
  workspaceId: string;
  linkId: string;
  revokedBy: string;
}): Promise<ShareLinkSummary> {
  return auditedChange(async (tx) => {
    const { count } = await tx.shareLink.updateMany({ where: { id: linkId, projectId, revokedAt: null }, data: { revokedAt: new Date() } });
    const row = await tx.shareLink.findFirst({ where: { id: linkId, projectId } });
    if (!row) throw new AppError("not_found:link", "That link is not one of this project's; reload the list");
    const event = { workspaceId, actorUserId: revokedBy, action: "link.revoked", target: { type: "link", id: row.id }, details: { projectId, access: row.access } } as const;
    return { result: toSummary(row), events: count === 1 ? [event] : [] };
  });
}

export type ResolvedShareLink = {
  linkId: string;
  access: ShareLinkAccess;
  /** Pinned links: their snapshot. Live links: null (they follow the head). */
  pinnedSnapshotId: string | null;
  project: { id: string; name: string; headSnapshotId: string | null };
};

const linkWithProject = {
  project: { select: { id: true, name: true, headSnapshotId: true, workspace: { select: { deletedAt: true } } } },
} as const;

type LinkWithProject = {
  id: string;
  access: ShareLinkAccess;
  snapshotId: string | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  project: { id: string; name: string; headSnapshotId: string | null; workspace: { deletedAt: Date | null } };
};

/** The link as it opens now, or `linkNotFound()`: revoked, expired, or its team deleted. */
function stillOpen(row: LinkWithProject): ResolvedShareLink {
  if (row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= Date.now())) throw linkNotFound();
  // A deleted team hides its projects from everyone, links included (restoring it brings them back).
  if (row.project.workspace.deletedAt) throw linkNotFound();
  const { id, name, headSnapshotId } = row.project;
  return { linkId: row.id, access: row.access, pinnedSnapshotId: row.snapshotId, project: { id, name, headSnapshotId } };
}

/** What a token opens, or `linkNotFound()` for every way it can fail. */
export async function resolveShareLink(token: string): Promise<ResolvedShareLink> {
  if (!shareTokenSchema.safeParse(token).success) throw linkNotFound();
  const db = await getDb();
  const row = await db.shareLink.findUnique({ where: { tokenHash: hashShareToken(token) }, include: linkWithProject });
  if (!row || !shareTokenMatches(token, row.tokenHash)) throw linkNotFound();
  return stillOpen(row);
}

/**
 * A link by its id, for grants the server signed for it (the preview frame's): the same checks as
 * the token, so revoking or expiring the link ends what it granted at once.
 */
export async function resolveShareLinkById(linkId: string): Promise<ResolvedShareLink> {
  const db = await getDb();
  const row = await db.shareLink.findUnique({ where: { id: linkId }, include: linkWithProject });
  if (!row) throw linkNotFound();
  return stillOpen(row);
}
