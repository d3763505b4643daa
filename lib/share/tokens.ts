import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";

// 32 random bytes: 256 bits, twice the floor issue 11 sets, so guessing is hopeless at any rate.
const tokenBytes = 32;

/** What a link token looks like on the wire: 43 base64url characters. Anything else is refused before any query. */
export const shareTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export function newShareToken(): string {
  return randomBytes(tokenBytes).toString("base64url");
}

/** The form a token is stored in: sha256, hex. A database leak then gives no working link. */
export function hashShareToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/**
 * Whether `token` is the one `storedHash` was made from, in time that does not depend on where
 * they differ. The row was found by its hash already; this keeps the final check free of a timing
 * side channel even if a lookup ever matched by prefix or case.
 */
export function shareTokenMatches(token: string, storedHash: string): boolean {
  const given = Buffer.from(hashShareToken(token), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return given.length === stored.length && timingSafeEqual(given, stored);
}
