import "server-only";
import { presenceMaxTabs } from "@/lib/head-channel/types";
import { getDb } from "../client";

/** The NOTIFY channel on which a change of who is present is announced; the payload is the project id. */
export const presenceChannel = "project_presence";

/** A tab not seen for this long has left (it closed without saying so, or lost its network). */
export const presenceTtlSeconds = 45;

/** Tabs one person may show on one project at once: enough for anyone, and no flood of rows for the rest. */
export const presenceMaxTabsPerUser = 20;

export type PresenceRow = { clientId: string; userId: string; name: string; path: string | null; expiresInMs: number };

/**
 * Records that the tab `clientId` of `userId` is on the project with `path` in front, and tells every
 * listener when that is news (the tab joined, came back after expiring, or shows another file).
 * Writes nothing when the id belongs to another user's tab (`taken`) or the user already shows
 * presenceMaxTabsPerUser other tabs (`too_many`).
 */
export async function touchPresence({
  projectId,
  clientId,
  userId,
  path,
}: {
  projectId: string;
  clientId: string;
  userId: string;
  path: string | null;
}): Promise<"written" | "taken" | "too_many"> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const [others] = await tx.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM project_presence
      WHERE "projectId" = ${projectId} AND "userId" = ${userId} AND "clientId" <> ${clientId}
        AND "seenAt" > now() - ${presenceTtlSeconds}::int * interval '1 second'`;
    if ((others?.count ?? 0) >= presenceMaxTabsPerUser) return "too_many";
    const [result] = await tx.$queryRaw<{ written: number; unchanged: number }[]>`
      WITH previous AS (
        SELECT "path", "seenAt" > now() - ${presenceTtlSeconds}::int * interval '1 second' AS live
        FROM project_presence WHERE "projectId" = ${projectId} AND "clientId" = ${clientId} AND "userId" = ${userId}
      ), written AS (
        INSERT INTO project_presence ("projectId", "clientId", "userId", "path", "seenAt")
        VALUES (${projectId}, ${clientId}, ${userId}, ${path}, now())
        ON CONFLICT ("projectId", "clientId") DO UPDATE SET "path" = EXCLUDED."path", "seenAt" = EXCLUDED."seenAt"
        WHERE project_presence."userId" = EXCLUDED."userId"
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM written)::int AS written,
             (SELECT count(*) FROM previous WHERE live AND "path" IS NOT DISTINCT FROM ${path}::text)::int AS unchanged`;
    if (!result || result.written === 0) return "taken";
    // Tabs that left without a word: already invisible, removed here so the table stays small.
    await tx.$executeRaw`DELETE FROM project_presence WHERE "projectId" = ${projectId} AND "seenAt" <= now() - ${presenceTtlSeconds}::int * interval '1 second'`;
    // Inside the transaction: delivered on commit only, after the row is readable.
    if (result.unchanged === 0) await tx.$executeRaw`SELECT pg_notify(${presenceChannel}, ${projectId})`;
    return "written";
  });
}

/** Removes the tab (it closed); listeners are told when it was still shown. */
export async function removePresence({ projectId, clientId, userId }: { projectId: string; clientId: string; userId: string }): Promise<void> {
  const db = await getDb();
  await db.$transaction(async (tx) => {
    const removed = await tx.$queryRaw<{ live: boolean }[]>`
      DELETE FROM project_presence WHERE "projectId" = ${projectId} AND "clientId" = ${clientId} AND "userId" = ${userId}
      RETURNING "seenAt" > now() - ${presenceTtlSeconds}::int * interval '1 second' AS live`;
    if (removed.some((r) => r.live)) await tx.$executeRaw`SELECT pg_notify(${presenceChannel}, ${projectId})`;
  });
}

/** The project's present tabs, each with how long until it expires unless seen again (by the database's clock). */
export async function listPresence({ projectId }: { projectId: string }): Promise<PresenceRow[]> {
  const db = await getDb();
  return db.$queryRaw<PresenceRow[]>`
    SELECT p."clientId", p."userId", u."name", p."path",
           (extract(epoch FROM p."seenAt" + ${presenceTtlSeconds}::int * interval '1 second' - now()) * 1000)::float8 AS "expiresInMs"
    FROM project_presence p JOIN users u ON u."id" = p."userId"
    WHERE p."projectId" = ${projectId} AND p."seenAt" > now() - ${presenceTtlSeconds}::int * interval '1 second'
    ORDER BY u."name", p."userId", p."clientId"
    LIMIT ${presenceMaxTabs}`;
}
