import "server-only";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/** Invitation tokens a person may try per window: enough for mistakes, far too few to guess one. */
export const invitationAttemptsPerWindow = 20;
export const invitationAttemptWindowMs = 60_000;

/**
 * Counts one invitation lookup by `userId` in a fixed window, in the shared rate_limits table (one
 * atomic upsert), so the limit holds across every instance; over it answers 429.
 */
export async function limitInvitationAttempts({ userId, now = Date.now() }: { userId: string; now?: number }): Promise<void> {
  const db = await getDb();
  const key = `invitation:${userId}`;
  const windowStart = BigInt(now - invitationAttemptWindowMs);
  const rows = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO rate_limits (id, key, count, "lastRequest") VALUES (${key}, ${key}, 1, ${BigInt(now)})
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limits."lastRequest" < ${windowStart} THEN 1 ELSE rate_limits.count + 1 END,
      "lastRequest" = CASE WHEN rate_limits."lastRequest" < ${windowStart} THEN ${BigInt(now)} ELSE rate_limits."lastRequest" END
    RETURNING count`;
  if ((rows[0]?.count ?? 0) > invitationAttemptsPerWindow) {
    throw new AppError("rate_limited:invitation", "Too many invitation attempts; wait a minute and open the link again");
  }
}
