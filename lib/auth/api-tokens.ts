import "server-only";
import { createHash, randomBytes } from "node:crypto";
import {
  findApiTokenByHash,
  insertApiTokenWithinCap,
  listApiTokenRows,
  revokeApiTokenRow,
  touchApiToken,
  type ApiTokenRow,
} from "@/lib/db/queries/api-tokens";
import { auditedChange, personEventWorkspacesMax, type AuditEventInput } from "@/lib/audit/record";
import { listMemberWorkspaceIds } from "@/lib/db/queries/audit-events";
import type { Tx } from "@/lib/db/queries/workspaces";
import { getMembershipRole } from "@/lib/db/queries/workspaces";
import { AppError } from "@/lib/errors";
import { apiTokenLimits, type ApiTokenSummary, type CreateApiTokenResponse } from "@/lib/validation/api-tokens";
import type { Caller } from "./guard";
import { ShortCache } from "./short-cache";

const secretPrefix = "ide_";
const prefixLength = 12;
// "ide_" and 32 random bytes in base64url (43 characters, no padding).
const secretPattern = /^ide_[A-Za-z0-9_-]{43}$/;
const bearerPattern = /^Bearer +(\S+)$/i;
/** lastUsedAt is a hint for people, not an audit log: one write a minute per token is plenty. */
const lastUsedResolutionMs = 60_000;

const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

/**
 * Tokens recently found valid, by hash, with the same rule as the guard's session cache
 * (accessCacheMs, 5 s): it only answers yes, and revoking on this instance deletes the entry at once
 * (other instances stop within the 5 s). Not imported from the guard, which imports this module.
 */
const tokenCacheMs = 5_000;
const validTokens = new ShortCache<Caller & { token: NonNullable<Caller["token"]> }>(tokenCacheMs, 10_000);

function toSummary(row: ApiTokenRow): ApiTokenSummary {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    workspace: row.workspace ?? null,
  };
}

/**
 * Creates a token for the headless API, reaching every workspace of the user or, with
 * `workspaceId`, only that one (which the user must be a member of). The secret is returned here
 * and never again: only its SHA-256 is stored. Refused once the user has
 * `apiTokenLimits.activePerUser` active tokens.
 */
export async function createApiToken({
  userId,
  name,
  workspaceId = null,
}: {
  userId: string;
  name: string;
  workspaceId?: string | null;
}): Promise<CreateApiTokenResponse> {
  if (workspaceId && !(await getMembershipRole({ workspaceId, userId })))
    throw new AppError("not_found:workspace", "This workspace does not exist or you are not a member; pick one of yours for the token");
  const secret = secretPrefix + randomBytes(32).toString("base64url");
  const row = await auditedChange(async (tx) => {
    const created = await insertApiTokenWithinCap(
      { userId, name, workspaceId, tokenHash: hashSecret(secret), prefix: secret.slice(0, prefixLength), maxActive: apiTokenLimits.activePerUser },
      tx,
    );
    return { result: created, events: created ? await tokenEvents(created, "token.created", tx) : [] };
  });
  if (!row)
    throw new AppError(
      "conflict:token_limit",
      `You already have ${apiTokenLimits.activePerUser} active API tokens, the most allowed; revoke one you no longer use first`,
    );
  return { token: toSummary(row), secret };
}

/**
 * A scoped token is its workspace's business; an unscoped one reaches every workspace of its owner
 * (bounded as recordForEachWorkspaceOf is). Written in the change's own transaction.
 */
async function tokenEvents(row: ApiTokenRow, action: "token.created" | "token.revoked", tx: Tx): Promise<AuditEventInput[]> {
  const workspaceIds = row.workspaceId ? [row.workspaceId] : await listMemberWorkspaceIds({ userId: row.userId, limit: personEventWorkspacesMax }, tx);
  return workspaceIds.map((workspaceId) => ({
    workspaceId,
    actorUserId: row.userId,
    action,
    target: { type: "token", id: row.id },
    details: { name: row.name, prefix: row.prefix, scope: row.workspaceId ? "workspace" : "all workspaces" },
  }));
}

/** The user's tokens, newest first, revoked ones included. */
export async function listApiTokens({ userId }: { userId: string }): Promise<ApiTokenSummary[]> {
  return (await listApiTokenRows({ userId })).map(toSummary);
}

/** Revokes one of the user's tokens (again is a no-op); another person's token answers 404. */
export async function revokeApiToken({ userId, tokenId }: { userId: string; tokenId: string }): Promise<ApiTokenSummary> {
  const revoked = await auditedChange(async (tx) => {
    const result = await revokeApiTokenRow({ userId, tokenId }, tx);
    return { result, events: result?.changed ? await tokenEvents(result.row, "token.revoked", tx) : [] };
  });
  if (!revoked) throw new AppError("not_found:api_token", "This API token does not exist or is not yours");
  const { row } = revoked;
  // At once on this instance; the cache's bound on the others.
  validTokens.delete(row.tokenHash);
  return toSummary(row);
}

/**
 * The caller named by an `Authorization: Bearer <token>` header, or null when there is no such
 * header (so the route can try the session cookie). A malformed header, or an unknown or revoked
 * token, throws a 401 AppError rather than falling back, so a broken script fails loudly.
 */
export async function authenticateBearer(headers: Headers): Promise<Caller | null> {
  const header = headers.get("authorization");
  if (header === null) return null;
  const secret = bearerPattern.exec(header.trim())?.[1];
  if (!secret)
    throw new AppError("unauthorized:malformed_token", 'The Authorization header must be "Bearer <token>", with a token from Settings → API tokens');
  if (!secretPattern.test(secret))
    throw new AppError("unauthorized:invalid_token", 'This is not an API token of this IDE (they start with "ide_"); create one in Settings → API tokens');
  // Looked up by hash: the secret itself is never stored, and nothing compares it character by character.
  const tokenHash = hashSecret(secret);
  const known = validTokens.get(tokenHash);
  if (known) return known;
  const token = await findApiTokenByHash({ tokenHash });
  if (!token) throw new AppError("unauthorized:invalid_token", "This API token is not valid; check it, or create a new one in Settings → API tokens");
  if (token.revokedAt)
    throw new AppError("unauthorized:revoked_token", `The API token "${token.name}" was revoked; create a new one in Settings → API tokens`);
  const now = new Date();
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() >= lastUsedResolutionMs)
    await touchApiToken({ id: token.id, now, ifLastUsedBefore: new Date(now.getTime() - lastUsedResolutionMs) });
  const caller = {
    userId: token.user.id,
    name: token.user.name,
    email: token.user.email,
    token: { id: token.id, workspaceId: token.workspaceId },
  };
  validTokens.set(tokenHash, caller);
  return caller;
}
