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

export function verifyPreviewToken(token: string): PreviewGrant | null {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined || token.length > 1024) return null;
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const { p, u, e } = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { p: unknown; u: unknown; e: unknown };
    if (typeof p !== "string" || typeof u !== "string" || typeof e !== "number" || e < Date.now()) return null;
    return { projectId: p, userId: u, expiresAt: e };
  } catch {
    return null;
  }
}
