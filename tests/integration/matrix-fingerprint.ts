import { createHash } from "node:crypto";
import { backgroundSettled } from "@/lib/background-work";
import { getDb } from "@/lib/db/client";

// Written by refused requests on purpose: better-auth's sessions (refreshed on use), rate-limit
// counters (a wrong link or token counts towards its limit) and migrations.
const writtenByRefusals = (name: string) => name === "sessions" || name === "_prisma_migrations" || name.includes("rate_limit");
// A token's last use is a hint written when it authenticates, even when the project then refuses it.
const hintColumns = ["lastUsedAt", "last_used_at"];

let tableNames: string[] | undefined;

/**
 * A digest of every row of every application table but those a refused request may write: equal
 * before and after a refused request means the request changed nothing the caller was refused.
 * Taken once what earlier cells left running has settled; the file holds upkeep rounds meanwhile.
 */
export async function matrixFingerprint(): Promise<string> {
  await backgroundSettled();
  const db = await getDb();
  tableNames ??= (await db.$queryRawUnsafe<{ name: string }[]>("SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"))
    .map((t) => t.name)
    .filter((name) => !writtenByRefusals(name));
  const stripped = hintColumns.map((c) => ` - '${c}'`).join("");
  const union = tableNames
    .map((name) => `SELECT '${name}' AS name, count(*)::int AS rows, coalesce(md5(string_agg(md5((to_jsonb(t)${stripped})::text), ',' ORDER BY md5((to_jsonb(t)${stripped})::text))), '') AS digest FROM "${name}" t`)
    .join(" UNION ALL ");
  const rows = await db.$queryRawUnsafe<{ name: string; rows: number; digest: string }[]>(union);
  return createHash("sha256").update(JSON.stringify(rows.sort((a, b) => a.name.localeCompare(b.name)))).digest("hex");
}
