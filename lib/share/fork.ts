import "server-only";
import { randomUUID } from "node:crypto";
import { getPersonalWorkspace, requireWorkspaceAccess, type Caller } from "@/lib/auth/guard";
import { getDb } from "@/lib/db/client";
import { toProjectSummary } from "@/lib/db/queries/projects";
import { AppError } from "@/lib/errors";
import type { ProjectSummary } from "@/lib/validation/projects";

/**
 * Copies a project at one snapshot into a workspace the caller may create projects in, in O(1):
 * one project row and one snapshot row whose root tree is the source's (objects are content
 * addressed and shared, so nothing else is written). The new project records where it came from.
 *
 * The caller has already been authorized to read `source` (a member, or a fork link).
 */
export async function forkProject({
  caller,
  source,
  workspaceId,
  name,
}: {
  caller: Caller;
  source: { projectId: string; snapshotId: string | null; name: string };
  workspaceId?: string;
  name?: string;
}): Promise<ProjectSummary & { forkedFromProjectId: string; forkedFromSnapshotId: string }> {
  if (!source.snapshotId) throw new AppError("conflict:empty_project", "This project has no snapshot yet; fork it once something is saved");
  const target = workspaceId ?? (await getPersonalWorkspace(caller)).id;
  await requireWorkspaceAccess({ caller, workspaceId: target, action: "workspace:create_project" });
  const db = await getDb();
  const projectId = randomUUID();
  const snapshotId = randomUUID();
  const forkName = name ?? `${source.name} (fork)`;
  // One statement: the project never exists without its first snapshot, and the source snapshot is
  // read in the same statement, so a source deleted meanwhile yields no rows rather than a broken fork.
  const rows = await db.$queryRaw<{ id: string; name: string; workspaceId: string; headSnapshotId: string; updatedAt: Date }[]>`
    WITH source AS (
      SELECT id, "rootTree", "fileCount", "totalBytes" FROM snapshots WHERE id = ${source.snapshotId} AND "projectId" = ${source.projectId}
    ), project AS (
      INSERT INTO projects (id, "workspaceId", name, "headSnapshotId", "forkedFromProjectId", "forkedFromSnapshotId", "updatedAt")
      SELECT ${projectId}, ${target}, ${forkName}, ${snapshotId}, ${source.projectId}, source.id, now() FROM source
      RETURNING id, name, "workspaceId", "headSnapshotId", "updatedAt"
    ), snapshot AS (
      INSERT INTO snapshots (id, "projectId", "parentId", "rootTree", author, "userId", message, "fileCount", "totalBytes")
      SELECT ${snapshotId}, project.id, NULL, source."rootTree", 'user'::"SnapshotAuthor", ${caller.userId}, ${`Fork of ${source.name}`}, source."fileCount", source."totalBytes"
      FROM project, source
      RETURNING id
    )
    SELECT project.* FROM project, snapshot`;
  const row = rows[0];
  if (!row) throw new AppError("not_found:snapshot", "The project or snapshot to fork no longer exists");
  return { ...toProjectSummary(row), forkedFromProjectId: source.projectId, forkedFromSnapshotId: source.snapshotId };
}

export type Lineage = {
  forkedFrom: { projectId: string | null; snapshotId: string | null; name: string | null } | null;
  /** Only for members of the project: who may see where it was copied to. */
  forks: { id: string; name: string; createdAt: string }[] | null;
};

/**
 * Where the project was forked from (the source's name only while it exists), and, when
 * `withForks`, the projects forked from it.
 */
export async function getLineage({ projectId, withForks }: { projectId: string; withForks: boolean }): Promise<Lineage> {
  const db = await getDb();
  const project = await db.project.findUnique({
    where: { id: projectId },
    select: { forkedFromSnapshotId: true, forkedFromProjectId: true, forkedFrom: { select: { name: true } } },
  });
  if (!project) throw new AppError("not_found:project", "This project does not exist or is not shared with you");
  const forkedFrom = project.forkedFromSnapshotId
    ? { projectId: project.forkedFromProjectId, snapshotId: project.forkedFromSnapshotId, name: project.forkedFrom?.name ?? null }
    : null;
  if (!withForks) return { forkedFrom, forks: null };
  const forks = await db.project.findMany({
    where: { forkedFromProjectId: projectId },
    select: { id: true, name: true, createdAt: true },
    orderBy: { createdAt: "desc" },
    take: 100,
  });
  return { forkedFrom, forks: forks.map((f) => ({ id: f.id, name: f.name, createdAt: f.createdAt.toISOString() })) };
}
