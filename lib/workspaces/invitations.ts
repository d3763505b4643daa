import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { requireWorkspaceAccess, type Caller } from "@/lib/auth/guard";
import { addressKey, countTokenMiss } from "@/lib/auth/token-miss-limit";
import { auditedChange } from "@/lib/audit/record";
import type { WorkspaceRole } from "@/lib/db/generated/enums";
import {
  acceptInvitationRow,
  createInvitationRow,
  findInvitationByHash,
  getWorkspaceRow,
  listPendingInvitations,
  revokeInvitationRow,
} from "@/lib/db/queries/workspaces";
import { AppError } from "@/lib/errors";
import { invitationTokenSchema } from "./schemas";

export const invitationTtlMs = 7 * 24 * 60 * 60 * 1000;

const hashToken = (token: string) => createHash("sha256").update(token).digest();

/** Wrong, expired, revoked and used tokens all answer this, so a token cannot be probed. */
const invitationNotFound = () => new AppError("not_found:invitation", "This invitation does not exist, has expired or was revoked; ask for a new one");

export async function createInvitation({
  caller,
  workspaceId,
  email,
  role,
  now = new Date(),
}: {
  caller: Caller;
  workspaceId: string;
  email: string;
  role: WorkspaceRole;
  now?: Date;
}) {
  const { role: callerRole } = await requireWorkspaceAccess({ caller, workspaceId, action: "workspace:invite" });
  if (role === "owner" && callerRole !== "owner") throw new AppError("forbidden:owner_role", "Only an owner can invite someone as owner");
  const workspace = await getWorkspaceRow({ id: workspaceId });
  if (workspace?.personalFor) throw new AppError("invalid:personal_workspace", "A personal workspace has no other members; create a team workspace to invite people");
  // 256 random bits; only the hash is stored, so the database alone cannot be used to join.
  const token = randomBytes(32).toString("base64url");
  const row = await auditedChange(async (tx) => {
    const created = await createInvitationRow(
      { workspaceId, email: email.trim().toLowerCase(), role, tokenHash: hashToken(token).toString("hex"), invitedById: caller.userId, expiresAt: new Date(now.getTime() + invitationTtlMs) },
      tx,
    );
    const target = { type: "invitation", id: created.id } as const;
    return { result: created, events: [{ workspaceId, actorUserId: caller.userId, action: "invitation.created", target, details: { email: created.email, role } }] };
  });
  return { id: row.id, email: row.email, role, expiresAt: row.expiresAt.toISOString(), token };
}

export async function listInvitations({ caller, workspaceId, now = new Date() }: { caller: Caller; workspaceId: string; now?: Date }) {
  await requireWorkspaceAccess({ caller, workspaceId, action: "workspace:invite" });
  const rows = await listPendingInvitations({ workspaceId, now });
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), expiresAt: r.expiresAt.toISOString() }));
}

export async function revokeInvitation({ caller, workspaceId, invitationId, now = new Date() }: { caller: Caller; workspaceId: string; invitationId: string; now?: Date }) {
  await requireWorkspaceAccess({ caller, workspaceId, action: "workspace:invite" });
  await auditedChange(async (tx) => {
    if (!(await revokeInvitationRow({ workspaceId, id: invitationId, now }, tx))) throw invitationNotFound();
    return { result: null, events: [{ workspaceId, actorUserId: caller.userId, action: "invitation.revoked", target: { type: "invitation", id: invitationId } }] };
  });
}

/**
 * The pending invitation a token names, or the one 404 for every other case, which counts as a miss
 * for the person and for their client address (`headers`): past LINK_RATE_LIMIT_MAX misses a window
 * the answer is 429 instead (lib/auth/token-miss-limit.ts). A working invitation always opens.
 */
async function pendingInvitation({ caller, token, headers, now }: { caller: Caller; token: string; headers: Headers; now: Date }) {
  try {
    return await findPendingInvitation(token, now);
  } catch (error) {
    if (!(error instanceof AppError && error.kind === "not_found")) throw error;
    await countTokenMiss({ kind: "invitation", keys: [addressKey(headers), `user:${caller.userId}`], now: now.getTime() });
    throw error;
  }
}

async function findPendingInvitation(token: string, now: Date) {
  const parsed = invitationTokenSchema.safeParse(token);
  if (!parsed.success) throw invitationNotFound();
  const hash = hashToken(parsed.data);
  const row = await findInvitationByHash({ tokenHash: hash.toString("hex") });
  // The lookup is by hash, so timing says nothing about the token; the compare keeps it exact anyway.
  if (!row || !timingSafeEqual(Buffer.from(row.tokenHash, "hex"), hash)) throw invitationNotFound();
  if (row.revokedAt || row.acceptedAt || row.expiresAt <= now || row.workspace.deletedAt) throw invitationNotFound();
  return row;
}

/** What the invitation page shows before accepting. */
export async function describeInvitation({ caller, token, headers, now = new Date() }: { caller: Caller; token: string; headers: Headers; now?: Date }) {
  const row = await pendingInvitation({ caller, token, headers, now });
  return { workspaceName: row.workspace.name, role: row.role, email: row.email, invitedBy: row.invitedBy?.name ?? null, expiresAt: row.expiresAt.toISOString() };
}

/**
 * Joins the workspace. Only from a signed-in browser session: joining a team is the person's own
 * decision, made where they see what they join, and an API token (which may be scoped to one
 * workspace, or run by a script) must not widen its own reach by accepting one.
 */
export async function acceptInvitation({ caller, token, headers, now = new Date() }: { caller: Caller; token: string; headers: Headers; now?: Date }) {
  if (caller.token) {
    throw new AppError("forbidden:invitation_token", "An API token cannot accept an invitation; open the invitation link in a browser signed in with the invited email");
  }
  const row = await pendingInvitation({ caller, token, headers, now });
  if (row.email !== caller.email.trim().toLowerCase()) {
    throw new AppError("forbidden:invitation_email", "This invitation is for another email address; sign in with the address it was sent to");
  }
  const accepted = await auditedChange(async (tx) => {
    const claimed = await acceptInvitationRow({ id: row.id, userId: caller.userId, now }, tx);
    if (!claimed) throw invitationNotFound();
    const target = { type: "invitation", id: row.id } as const;
    return { result: claimed, events: [{ workspaceId: claimed.workspaceId, actorUserId: caller.userId, action: "invitation.accepted", target, details: { role: claimed.role } }] };
  });
  return { workspaceId: accepted.workspaceId, role: accepted.role };
}
