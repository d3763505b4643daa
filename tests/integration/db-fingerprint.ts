import { createHash } from "node:crypto";
import { backgroundSettled } from "@/lib/background-work";
import { getDb } from "@/lib/db/client";

// Written by reads too: better-auth's rate-limit counters, and sessions refreshed on use.
const readWrittenTables = new Set(["rate_limits", "sessions", "_prisma_migrations"]);
// A clock written beside a request, not by it: a save that writes an object someone already stored
// touches it (when it is over a minute old) so a collection running meanwhile keeps it, even if the
// save is then refused. A refused request adding or removing a row still shows.
const clockColumns = ["writtenAt"];
const stripped = clockColumns.map((c) => ` - '${c}'`).join("");

let tableNames: string[] | undefined;

/**
 * A digest of every row of every application table: equal before and after a request means the
 * request changed nothing (no row added, removed or edited). Taken once what earlier requests left
 * running (a box's save, a closed stream's presence write, an agent turn) has settled; the file
 * holds upkeep rounds meanwhile (holdUpkeep).
 */
export async function databaseFingerprint(): Promise<string> {
  await backgroundSettled();
  const db = await getDb();
  tableNames ??= (await db.$queryRawUnsafe<{ name: string }[]>("SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"))
    .map((t) => t.name)
    .filter((name) => !readWrittenTables.has(name));
  const union = tableNames
    .map((name) => `SELECT '${name}' AS name, count(*)::int AS rows, coalesce(md5(string_agg(md5(r::text), ',' ORDER BY md5(r::text))), '') AS digest FROM (SELECT to_jsonb(t)${stripped} AS r FROM "${name}" t) t`)
    .join(" UNION ALL ");
  const rows = await db.$queryRawUnsafe<{ name: string; rows: number; digest: string }[]>(union);
  return createHash("sha256").update(JSON.stringify(rows.sort((a, b) => a.name.localeCompare(b.name)))).digest("hex");
}
