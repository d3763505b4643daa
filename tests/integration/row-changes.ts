import { afterAll, beforeAll } from "vitest";
import { backgroundSettled, holdUpkeep } from "@/lib/background-work";
import { getDb } from "@/lib/db/client";

type Watch = {
  /** Tables whose rows are not watched. */
  skipTable: (name: string) => boolean;
  /** Columns an edit of which alone is not a change. */
  skipColumns: string[];
};

// One log row per row added, removed or edited, written by a trigger in the writer's transaction, so
// a rolled-back write leaves no trace; an edit that only touches skipped columns logs nothing. The
// count reads in a few milliseconds however big the tables grow, where hashing every row did not.
const install = (tables: string[], skipColumns: string[]) => [
  `CREATE TABLE test_row_changes (id bigserial PRIMARY KEY)`,
  `CREATE FUNCTION test_log_row_change() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF TG_OP <> 'UPDATE' OR (to_jsonb(NEW) - TG_ARGV) IS DISTINCT FROM (to_jsonb(OLD) - TG_ARGV) THEN
       INSERT INTO test_row_changes DEFAULT VALUES;
     END IF;
     RETURN NULL;
   END $$`,
  ...tables.map(
    (name) =>
      `CREATE TRIGGER test_log_row_change AFTER INSERT OR UPDATE OR DELETE ON "${name}" FOR EACH ROW EXECUTE FUNCTION test_log_row_change(${skipColumns.map((c) => `'${c}'`).join(", ")})`,
  ),
];

/**
 * A counter of the rows added, removed or edited in the watched tables since the file started: equal
 * before and after a request means the request changed nothing. Read once what earlier requests left
 * running (a box's save, a closed stream's presence write, an agent turn) has settled; files using it
 * hold upkeep rounds for the same reason (holdUpkeepWhileFileRuns).
 */
export function rowChangeCounter({ skipTable, skipColumns }: Watch): () => Promise<string> {
  let installed: Promise<void> | undefined;
  return async () => {
    await backgroundSettled();
    const db = await getDb();
    installed ??= (async () => {
      const tables = (await db.$queryRawUnsafe<{ name: string }[]>("SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"))
        .map((t) => t.name)
        .filter((name) => !skipTable(name));
      for (const statement of install(tables, skipColumns)) await db.$executeRawUnsafe(statement);
    })();
    await installed;
    const [row] = await db.$queryRawUnsafe<{ changes: number }[]>("SELECT count(*)::int AS changes FROM test_row_changes");
    return String(row!.changes);
  };
}

/**
 * Holds upkeep rounds (sweeps, collections, presence refreshes: no request's doing) while the calling
 * file runs, then runs what was held. Call it after withOwnDatabase, so that runs before the
 * database closes.
 */
export function holdUpkeepWhileFileRuns() {
  let release = () => {};
  beforeAll(() => {
    release = holdUpkeep();
  });
  afterAll(async () => {
    release();
    await backgroundSettled();
  });
}
