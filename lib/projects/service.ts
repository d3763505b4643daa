import "server-only";
import type { Caller } from "@/lib/auth/guard";
import { getPersonalWorkspace, requireWorkspaceAccess } from "@/lib/auth/guard";
import { createProjectRow, toProjectSummary } from "@/lib/db/queries/projects";
import { createSnapshotMovingHead, getSnapshotById } from "@/lib/db/queries/snapshots";
import { AppError } from "@/lib/errors";
import { emptyTree } from "@/lib/snapshots/objects";
import { listFiles, readFileAt } from "@/lib/snapshots/read";
import { writeObjects } from "@/lib/snapshots/store";
import type { ProjectListing, ProjectSummary } from "@/lib/validation/projects";

/**
 * Creates a project in `workspaceId` when given (a team chosen in the dashboard), else in the
 * caller's personal workspace (or the one workspace its API token reaches), starting from an
 * empty first snapshot.
 */
export async function createProject({ caller, name, workspaceId }: { caller: Caller; name: string; workspaceId?: string }): Promise<ProjectSummary> {
  const workspace = workspaceId ? { id: workspaceId } : caller.token?.workspaceId ? { id: caller.token.workspaceId } : await getPersonalWorkspace(caller);
  await requireWorkspaceAccess({ caller, workspaceId: workspace.id, action: "workspace:create_project" });
  const project = await createProjectRow({ workspaceId: workspace.id, name });
  await writeObjects([emptyTree]);
  const snapshot = await createSnapshotMovingHead({
    expectedHead: null,
    snapshot: {
      projectId: project.id,
      parentId: null,
      rootTree: emptyTree.hash,
      author: "system",
      userId: caller.userId,
      message: "Create project",
      fileCount: 0,
      totalBytes: 0,
    },
  });
  return toProjectSummary({ ...project, headSnapshotId: snapshot?.id ?? null });
}

async function snapshotOrThrow(projectId: string, snapshotId: string | null) {
  if (!snapshotId) return null;
  const snapshot = await getSnapshotById({ projectId, id: snapshotId });
  if (!snapshot) throw new AppError("not_found:snapshot", "That snapshot is not part of this project");
  return snapshot;
}

export async function getListing({
  projectId,
  snapshotId,
}: {
  projectId: string;
  snapshotId: string | null;
}): Promise<ProjectListing> {
  const snapshot = await snapshotOrThrow(projectId, snapshotId);
  if (!snapshot) return { snapshotId: null, entries: [] };
  return { snapshotId: snapshot.id, entries: await listFiles({ rootTree: snapshot.rootTree }) };
}

export async function readProjectFile({ projectId, snapshotId, path }: { projectId: string; snapshotId: string | null; path: string }) {
  const snapshot = await snapshotOrThrow(projectId, snapshotId);
  if (!snapshot) throw new AppError("not_found:file", `"${path}" does not exist; the project is empty`);
  return readFileAt({ rootTree: snapshot.rootTree, path });
}
