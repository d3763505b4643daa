import "server-only";
import { getDb } from "../client";

/**
 * The distinct root trees of a project's snapshots, newest first (a restore or an empty save reuses
 * a root, so there are usually fewer roots than snapshots).
 */
export async function listSnapshotRootTrees({ projectId }: { projectId: string }): Promise<string[]> {
  const db = await getDb();
  const rows = await db.snapshot.groupBy({ by: ["rootTree"], where: { projectId }, _max: { createdAt: true }, orderBy: { _max: { createdAt: "desc" } } });
  return rows.map((r) => r.rootTree);
}
