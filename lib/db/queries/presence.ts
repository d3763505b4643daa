import "server-only";
import { presenceMaxTabs } from "@/lib/head-channel/types";
import { getDb } from "../client";

/** The NOTIFY channel on which a change of who is present is announced; the payload is the project id. */
export const presenceChannel = "project_presence";

/**
 * A tab not seen for this long has left (it closed without saying so, or lost its network): 45 s,
 * or PRESENCE_TTL_SECONDS (tests shorten it). An open head stream keeps its tab seen (lib/presence/keep.ts).
 */
export function presenceTtlSeconds(): number {
  const configured = Number(process.env.PRESENCE_TTL_SECONDS);
  return Number.isInteger(configured) && configured >= 1 && configured <= 3600 ? configured : 45;
}

/** Tabs one person may show on one project at once: enough for anyone, and no flood of rows for the rest. */
export const presenceMaxTabsPerUser = 20;

export type PresenceRow = { clientId: string; userId: string; name: string; path: string | null; expiresInMs: number };

/**
 * Records that the tab `clientId` of `userId` is on the project with `path` in front (undefined:
 * keep the one it showed, none for a new tab), and tells every listener when that is news (the tab
 * joined, came back after expiring, or shows another file). Writes nothing when the id belongs to
 * another user's tab (`taken`) or the user already shows presenceMaxTabsPerUser other tabs (`too_many`).
 * `seenAt` is the time written, as stored (text: compared as such, with no clock or precision in between).
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
  path: string | null | undefined;
}): Promise<{ outcome: "written"; seenAt: string } | { outcome: "taken" | "too_many" }> {
  const keepPath = path === undefined;
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const [others] = await tx.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM project_presence
      WHERE "projectId" = ${projectId} AND "userId" = ${userId} AND "clientId" <> ${clientId}
        AND "seenAt" > now() - ${presenceTtlSeconds()}::int * interval '1 second'`;
    if ((others?.count ?? 0) >= presenceMaxTabsPerUser) return { outcome: "too_many" };
    const [result] = await tx.$queryRaw<{ written: number; unchanged: number; seenAt: string | null }[]>`
      WITH previous AS (
        SELECT "path", "seenAt" > now() - ${presenceTtlSeconds()}::int * interval '1 second' AS live
        FROM project_presence WHERE "projectId" = ${projectId} AND "clientId" = ${clientId} AND "userId" = ${userId}
      ), written AS (
        INSERT INTO project_presence ("projectId", "clientId", "userId", "path", "seenAt")
        VALUES (${projectId}, ${clientId}, ${userId}, ${path ?? null}, now())
        ON CONFLICT ("projectId", "clientId") DO UPDATE
          SET "path" = CASE WHEN ${keepPath}::boolean THEN project_presence."path" ELSE EXCLUDED."path" END, "seenAt" = EXCLUDED."seenAt"
        WHERE project_presence."userId" = EXCLUDED."userId"
        RETURNING "seenAt"::text AS "seenAt"
      )
      SELECT (SELECT count(*) FROM written)::int AS written, (SELECT "seenAt" FROM written) AS "seenAt",
             (SELECT count(*) FROM previous WHERE live AND (${keepPath}::boolean OR "path" IS NOT DISTINCT FROM ${path ?? null}::text))::int AS unchanged`;
    if (!result || result.written === 0 || !result.seenAt) return { outcome: "taken" };
    // Tabs that left without a word: already invisible, removed here so the table stays small.
    await tx.$executeRaw`DELETE FROM project_presence WHERE "projectId" = ${projectId} AND "seenAt" <= now() - ${presenceTtlSeconds()}::int * interval '1 second'`;
    // Inside the transaction: delivered on commit only, after the row is readable.
    if (result.unchanged === 0) await tx.$executeRaw`SELECT pg_notify(${presenceChannel}, ${projectId})`;
    return { outcome: "written", seenAt: result.seenAt };
  });
}

/** Removes the tab (it closed); listeners are told when it was still shown. */
export async function removePresence({ projectId, clientId, userId }: { projectId: string; clientId: string; userId: string }): Promise<void> {
  const db = await getDb();
  await db.$transaction(async (tx) => {
    const removed = await tx.$queryRaw<{ live: boolean }[]>`
      DELETE FROM project_presence WHERE "projectId" = ${projectId} AND "clientId" = ${clientId} AND "userId" = ${userId}
      RETURNING "seenAt" > now() - ${presenceTtlSeconds()}::int * interval '1 second' AS live`;
    if (removed.some((r) => r.live)) await tx.$executeRaw`SELECT pg_notify(${presenceChannel}, ${projectId})`;
  });
}

/** The project's present tabs, each with how long until it expires unless seen again (by the database's clock). */
export async function listPresence({ projectId }: { projectId: string }): Promise<PresenceRow[]> {
  const db = await getDb();
  return db.$queryRaw<PresenceRow[]>`
    SELECT p."clientId", p."userId", u."name", p."path",
           (extract(epoch FROM p."seenAt" + ${presenceTtlSeconds()}::int * interval '1 second' - now()) * 1000)::float8 AS "expiresInMs"
    FROM project_presence p JOIN users u ON u."id" = p."userId"
    WHERE p."projectId" = ${projectId} AND p."seenAt" > now() - ${presenceTtlSeconds()}::int * interval '1 second'
    ORDER BY u."name", p."userId", p."clientId"
    LIMIT ${presenceMaxTabs}`;
}

export type KeptTab = { projectId: string; clientId: string; userId: string };

/**
 * Marks the tabs of open head streams seen now, in one statement; rows gone (the tab said goodbye,
 * or was swept) are not brought back. Listeners are told of the projects where a tab had expired
 * meanwhile and shows again. Returns the time written, as stored, by `projectId clientId`.
 */
export async function keepPresence(tabs: readonly KeptTab[]): Promise<Map<string, string>> {
  if (tabs.length === 0) return new Map();
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ projectId: string; clientId: string; seenAt: string; revived: boolean }[]>`
      UPDATE project_presence p SET "seenAt" = now()
      FROM project_presence old,
           unnest(${tabs.map((t) => t.projectId)}::text[], ${tabs.map((t) => t.clientId)}::text[], ${tabs.map((t) => t.userId)}::text[])
             AS k("projectId", "clientId", "userId")
      WHERE p."projectId" = k."projectId" AND p."clientId" = k."clientId" AND p."userId" = k."userId"
        AND old."projectId" = p."projectId" AND old."clientId" = p."clientId"
      RETURNING p."projectId", p."clientId", p."seenAt"::text AS "seenAt", old."seenAt" <= now() - ${presenceTtlSeconds()}::int * interval '1 second' AS revived`;
    for (const projectId of new Set(rows.filter((r) => r.revived).map((r) => r.projectId)))
      await tx.$executeRaw`SELECT pg_notify(${presenceChannel}, ${projectId})`;
    return new Map(rows.map((r) => [`${r.projectId} ${r.clientId}`, r.seenAt]));
  });
}

/**
 * The head stream that kept the tab seen closed: the tab is gone at once (its row expired, path kept
 * for a stream that reopens), unless something saw it after the stream last did (`seenAt`): a
 * heartbeat, or the tab's next stream already open, which keep it as they said.
 */
export async function expireStreamPresence({ projectId, clientId, userId, seenAt }: KeptTab & { seenAt: string }): Promise<void> {
  const db = await getDb();
  await db.$transaction(async (tx) => {
    const expired = await tx.$executeRaw`
      UPDATE project_presence SET "seenAt" = now() - ${presenceTtlSeconds()}::int * interval '1 second' - interval '1 second'
      WHERE "projectId" = ${projectId} AND "clientId" = ${clientId} AND "userId" = ${userId} AND "seenAt"::text = ${seenAt}`;
    if (expired > 0) await tx.$executeRaw`SELECT pg_notify(${presenceChannel}, ${projectId})`;
  });
}
