import "server-only";
import { getDb } from "../client";
import { fromStorable } from "../storable-text";

/** Unguarded, like ./agent.ts: lib/agent/sessions.ts checks access first. */

export type SessionSearchCursor = { updatedAt: Date; id: string };

/** `%`, `_` and the escape itself match literally in the ILIKE pattern. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

// Characters of a message shown before its first match, and in all.
const snippetLead = 60;
const snippetLength = 200;

/**
 * `userId`'s sessions in the project whose title or any message text holds `text` (case-insensitive),
 * newest first, keyset-paged by (updatedAt, id) from `before`. Each comes with the start of the first
 * message text that matched (null when only the title did). Messages a retry replaced do not count.
 * Without `text`, every session matches.
 */
export async function searchSessionRows({
  projectId,
  userId,
  text,
  before,
  limit,
}: {
  projectId: string;
  userId: string;
  text: string | null;
  before: SessionSearchCursor | null;
  limit: number;
}) {
  const db = await getDb();
  const pattern = text ? likePattern(text) : "%";
  const needle = text ?? "";
  const beforeTime = before?.updatedAt.toISOString() ?? null;
  const beforeId = before?.id ?? "";
  const hits = await db.$queryRaw<{ id: string; snippet: string | null }[]>`
    SELECT s."id", hit."snippet"
    FROM agent_sessions s
    LEFT JOIN LATERAL (
      SELECT substr(p->>'text', greatest(1, strpos(lower(p->>'text'), lower(${needle})) - ${snippetLead}::int), ${snippetLength}::int) AS "snippet"
      FROM agent_messages m, jsonb_array_elements(m."parts") p
      WHERE ${text}::text IS NOT NULL
        AND m."sessionId" = s."id"
        AND (m."metadata"->>'superseded') IS DISTINCT FROM 'true'
        AND p->>'type' = 'text'
        AND (p->>'text') ILIKE ${pattern}
      ORDER BY m."seq"
      LIMIT 1
    ) hit ON true
    WHERE s."projectId" = ${projectId} AND s."userId" = ${userId}
      AND (${beforeTime}::text IS NULL OR (s."updatedAt", s."id") < (${beforeTime}::timestamp(3), ${beforeId}))
      AND (s."title" ILIKE ${pattern} OR hit."snippet" IS NOT NULL)
    ORDER BY s."updatedAt" DESC, s."id" DESC
    LIMIT ${limit + 1}::int`;
  const page = hits.slice(0, limit);
  const rows = fromStorable(
    await db.agentSession.findMany({
      where: { id: { in: page.map((h) => h.id) } },
      include: { turns: { orderBy: { seq: "desc" }, take: 1, select: { status: true } } },
    }),
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  // A session deleted between the two reads is left out.
  const found = page.flatMap((hit) => {
    const row = byId.get(hit.id);
    return row ? [{ row, snippet: hit.snippet === null ? null : fromStorable(hit.snippet) }] : [];
  });
  const last = found.at(-1)?.row;
  return { found, next: hits.length > limit && last ? { updatedAt: last.updatedAt, id: last.id } : null };
}
