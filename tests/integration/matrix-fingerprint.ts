import { rowChangeCounter } from "./row-changes";

// Written by refused requests on purpose: better-auth's sessions (refreshed on use), rate-limit
// counters (a wrong link or token counts towards its limit) and migrations.
const writtenByRefusals = (name: string) => name === "sessions" || name === "_prisma_migrations" || name.includes("rate_limit");

/**
 * Changes to every row of every application table but those a refused request may write: equal
 * before and after a refused request means the request changed nothing the caller was refused. A
 * token's last use is a hint written when it authenticates, even when the project then refuses it:
 * that column alone is not a change.
 */
export const matrixFingerprint = rowChangeCounter({ skipTable: writtenByRefusals, skipColumns: ["lastUsedAt", "last_used_at"] });
