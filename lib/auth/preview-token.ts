import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { authSecret } from "@/lib/env";

/**
 * Preview pages run as opaque origins (no cookies), so the URL itself carries a short-lived grant:
 * a project id, a user id and an expiry, signed with the app's secret. Every request still checks
 * that the user can read the project, so removing access works at once.
 */
export type PreviewGrant = { projectId: string; userId: string; expiresAt: number };

const ttlMs = 60 * 60 * 1000;

function sign(payload: string): string {
  return createHmac("sha256", `${authSecret()}:preview`).update(payload).digest("base64url");
}

export function createPreviewToken({ projectId, userId }: { projectId: string; userId: string }): PreviewGrant & { token: string } {
  const expiresAt = Date.now() + ttlMs;
  const payload = Buffer.from(JSON.stringify({ p: projectId, u: userId, e: expiresAt })).toString("base64url");
  return { projectId, userId, expiresAt, token: `${payload}.${sign(payload)}` };
}

/** The signed payload of a preview token, parsed; null when forged, mangled or oversized. */
function signedPayload(token: string): Record<string, unknown> | null {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined || token.length > 1024) return null;
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function verifyPreviewToken(token: string): PreviewGrant | null {
  const { p, u, e } = signedPayload(token) ?? {};
  if (typeof p !== "string" || typeof u !== "string" || typeof e !== "number" || e < Date.now()) return null;
  return { projectId: p, userId: u, expiresAt: e };
}

/**
 * The grant a share link's visitor previews with: bound to the link (not to a user: the visitor may
 * be signed out) and to the snapshot it shows (a pinned link's; null: a live link's head). The
 * preview route resolves the link again on every request, so revoking or expiring it stops the
 * preview at once, like every other link route.
 */
export type LinkPreviewGrant = { linkId: string; snapshotId: string | null; expiresAt: number };

export function createLinkPreviewToken({ linkId, snapshotId }: { linkId: string; snapshotId: string | null }): LinkPreviewGrant & { token: string } {
  const expiresAt = Date.now() + ttlMs;
  const payload = Buffer.from(JSON.stringify({ k: "link", l: linkId, s: snapshotId, e: expiresAt })).toString("base64url");
  return { linkId, snapshotId, expiresAt, token: `${payload}.${sign(payload)}` };
}

export function verifyLinkPreviewToken(token: string): LinkPreviewGrant | null {
  const { k, l, s, e } = signedPayload(token) ?? {};
  if (k !== "link" || typeof l !== "string" || !(s === null || typeof s === "string") || typeof e !== "number" || e < Date.now()) return null;
  return { linkId: l, snapshotId: s, expiresAt: e };
}
