import "server-only";
import { getDb } from "../client";
import type { Tx } from "./workspaces";

export type ApiTokenRow = {
  id: string;
  userId: string;
  name: string;
  tokenHash: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** Set: the only workspace the token reaches. */
  workspaceId: string | null;
  workspace?: { id: string; name: string } | null;
};

const withWorkspace = { workspace: { select: { id: true, name: true } } } as const;

/**
 * Inserts a token unless the user already has `maxActive` active ones; returns null then. The
 * user's row is locked for the count, so concurrent creations cannot overshoot the cap.
 */
export async function insertApiTokenWithinCap({
  userId,
  name,
  tokenHash,
  prefix,
  workspaceId,
  maxActive,
}: {
  userId: string;
  name: string;
  tokenHash: string;
  prefix: string;
  workspaceId: string | null;
  maxActive: number;
}, tx: Tx): Promise<ApiTokenRow | null> {
  // The user's row locked for the rest of the caller's transaction: two creations cannot both pass the cap.
  await tx.$executeRaw`SELECT 1 FROM users WHERE id = ${userId} FOR UPDATE`;
  const active = await tx.apiToken.count({ where: { userId, revokedAt: null } });
  if (active >= maxActive) return null;
  return tx.apiToken.create({ data: { userId, name, tokenHash, prefix, workspaceId }, include: withWorkspace });
}

/** Newest first, revoked ones included (the settings page shows them as revoked). */
export async function listApiTokenRows({ userId }: { userId: string }): Promise<ApiTokenRow[]> {
  const db = await getDb();
  return db.apiToken.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], include: withWorkspace });
}

/** The token with this hash and the person it acts for. */
export async function findApiTokenByHash({ tokenHash }: { tokenHash: string }) {
  const db = await getDb();
  return db.apiToken.findUnique({
    where: { tokenHash },
    include: { user: { select: { id: true, name: true, email: true } } },
  });
}

/**
 * Marks the user's token revoked (keeping the first revocation time) and returns it, with whether
 * this call revoked it; null when the user has no token with this id.
 */
export async function revokeApiTokenRow({ userId, tokenId }: { userId: string; tokenId: string }, tx: Tx): Promise<{ row: ApiTokenRow; changed: boolean } | null> {
  const db = tx;
  const { count } = await db.apiToken.updateMany({ where: { id: tokenId, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  const row = await db.apiToken.findFirst({ where: { id: tokenId, userId }, include: withWorkspace });
  return row && { row, changed: count > 0 };
}

/** Records a use at `now` if the last recorded one is older than `ifLastUsedBefore` (so busy tokens write rarely). */
export async function touchApiToken({ id, now, ifLastUsedBefore }: { id: string; now: Date; ifLastUsedBefore: Date }) {
  const db = await getDb();
  await db.apiToken.updateMany({
    where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: ifLastUsedBefore } }] },
    data: { lastUsedAt: now },
  });
}
