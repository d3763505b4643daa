import "server-only";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getClientAddress } from "@/lib/net/client-address";

/** The kinds of token a visitor types or pastes: each has its own count. */
export type TokenKind = "share-link" | "invitation";

export type TokenMissLimit = { max: number; windowSeconds: number };

/** LINK_RATE_LIMIT_MAX misses per LINK_RATE_LIMIT_WINDOW seconds. */
export const tokenMissLimit = (): TokenMissLimit => ({ max: env.LINK_RATE_LIMIT_MAX, windowSeconds: env.LINK_RATE_LIMIT_WINDOW });

const whatByKind: Record<TokenKind, string> = { "share-link": "links that do not work", invitation: "invitations that do not work" };

/**
 * Counts one miss — a wrong, revoked or expired token — against each of `keys` in a fixed window
 * of the shared rate_limits table (one atomic upsert per key), so the count holds across every app
 * instance. Past the limit it throws 429 `rate_limited:<kind>` with `retryAfterSeconds`; below it,
 * it returns and the caller answers its usual 404.
 *
 * Only misses count: a working token is never refused, so someone probing from an address shared
 * with real visitors (an office, a NAT) cannot lock them out. Tokens carry 256 random bits, so the
 * limit is not what keeps them from being guessed; it stops a scanner getting answers at speed.
 */
export async function countTokenMiss({
  kind,
  keys,
  limit = tokenMissLimit(),
  now = Date.now(),
}: {
  kind: TokenKind;
  keys: string[];
  limit?: TokenMissLimit;
  now?: number;
}): Promise<void> {
  const db = await getDb();
  const windowMs = limit.windowSeconds * 1000;
  let retryAfterMs = 0;
  for (const part of keys) {
    const key = `miss:${kind}:${part}`;
    const windowStart = BigInt(now - windowMs);
    // `lastRequest` holds when the current window began: a count from an older window starts over.
    const rows = await db.$queryRaw<{ count: number; lastRequest: bigint }[]>`
      INSERT INTO rate_limits (id, key, count, "lastRequest") VALUES (${key}, ${key}, 1, ${BigInt(now)})
      ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN rate_limits."lastRequest" <= ${windowStart} THEN 1 ELSE rate_limits.count + 1 END,
        "lastRequest" = CASE WHEN rate_limits."lastRequest" <= ${windowStart} THEN ${BigInt(now)} ELSE rate_limits."lastRequest" END
      RETURNING count, "lastRequest"`;
    const row = rows[0];
    if (row && row.count > limit.max) retryAfterMs = Math.max(retryAfterMs, Number(row.lastRequest) + windowMs - now);
  }
  if (retryAfterMs > 0) {
    const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    throw new AppError(
      `rate_limited:${kind}`,
      `Too many ${whatByKind[kind]} were opened from your address; wait ${retryAfterSeconds} s and try again (a link that works still opens)`,
      { retryAfterSeconds },
    );
  }
}

/**
 * The key a request's misses count under: the client's address (lib/net/client-address.ts), or
 * one shared key when the server cannot tell addresses (plain `next start`).
 */
export function addressKey(headers: Headers): string {
  return `address:${getClientAddress(headers) ?? "unknown"}`;
}

export const isTokenMissLimited = (error: unknown): error is AppError => error instanceof AppError && error.kind === "rate_limited";
