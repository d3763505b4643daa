import "server-only";
import { createLabelRow, deleteLabelRow, listLabelRows } from "@/lib/db/queries/history";
import { getSnapshotById } from "@/lib/db/queries/snapshots";
import { AppError } from "@/lib/errors";
import type { Label } from "./types";

/** Named versions of the project, newest first; `search` matches names case-insensitively. */
export async function listLabels({ projectId, search }: { projectId: string; search?: string }): Promise<Label[]> {
  return (await listLabelRows({ projectId, search })).map((l) => ({ id: l.id, name: l.name, snapshotId: l.snapshotId, createdAt: l.createdAt.toISOString() }));
}

/** Names a snapshot; a name is unique within the project (a snapshot may carry several). */
export async function labelSnapshot({ projectId, snapshotId, name, userId }: { projectId: string; snapshotId: string; name: string; userId: string }): Promise<Label> {
  if (!(await getSnapshotById({ projectId, id: snapshotId })))
    throw new AppError("not_found:snapshot", "That snapshot is not part of this project; reload the history");
  const row = await createLabelRow({ projectId, snapshotId, name, createdBy: userId });
  if (!row) throw new AppError("conflict:label_taken", `"${name}" already names a version of this project; choose another name or remove that label first`);
  return { ...row, createdAt: row.createdAt.toISOString() };
}

export async function removeLabel({ projectId, labelId }: { projectId: string; labelId: string }): Promise<void> {
  if (!(await deleteLabelRow({ projectId, id: labelId }))) throw new AppError("not_found:label", "That label no longer exists; reload the history");
}
