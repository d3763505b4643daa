import "server-only";
import type { ProjectSummary } from "@/lib/validation/projects";
import { getDb } from "../client";
import type { Tx } from "./workspaces";
import type { WorkspaceRole } from "../generated/enums";

type ProjectRow = { id: string; name: string; workspaceId: string; headSnapshotId: string | null; updatedAt: Date };

export function toProjectSummary(p: ProjectRow): ProjectSummary {
  return { id: p.id, name: p.name, workspaceId: p.workspaceId, headSnapshotId: p.headSnapshotId, updatedAt: p.updatedAt.toISOString() };
}

/** Unguarded: callers go through lib/auth/guard first. */
export async function getProjectRow({ id }: { id: string }) {
  const db = await getDb();
  return db.project.findUnique({ where: { id } });
}

/**
 * The project's row with the user's role in its workspace, in one query: null when the project does
 * not exist, the user is not a member or its workspace is deleted (the guard answers all alike).
 */
export async function getProjectWithRole({ id, userId }: { id: string; userId: string }) {
  const db = await getDb();
  const rows = await db.$queryRaw<(Awaited<ReturnType<typeof getProjectRow>> & { role: WorkspaceRole })[]>`
    SELECT p.*, m.role FROM projects p
    JOIN memberships m ON m."workspaceId" = p."workspaceId" AND m."userId" = ${userId}
    JOIN workspaces w ON w.id = p."workspaceId" AND w."deletedAt" IS NULL
    WHERE p.id = ${id}`;
  const row = rows[0];
  if (!row) return null;
  const { role, ...project } = row;
  return { project: project as NonNullable<Awaited<ReturnType<typeof getProjectRow>>>, role };
}

/** The user's role on the project (and the project's workspace), in one query; null as above. */
export async function getProjectRole({ id, userId }: { id: string; userId: string }) {
  const db = await getDb();
  const rows = await db.$queryRaw<{ workspaceId: string; role: WorkspaceRole }[]>`
    SELECT p."workspaceId", m.role FROM projects p
    JOIN memberships m ON m."workspaceId" = p."workspaceId" AND m."userId" = ${userId}
    JOIN workspaces w ON w.id = p."workspaceId" AND w."deletedAt" IS NULL
    WHERE p.id = ${id}`;
  return rows[0] ?? null;
}

export async function listProjectsForUser({ userId }: { userId: string }) {
  const db = await getDb();
  return db.project.findMany({
    where: { workspace: { deletedAt: null, memberships: { some: { userId } } } },
    orderBy: { updatedAt: "desc" },
  });
}

export async function createProjectRow({ workspaceId, name }: { workspaceId: string; name: string }) {
  const db = await getDb();
  return db.project.create({ data: { workspaceId, name } });
}

export async function renameProjectRow({ id, name }: { id: string; name: string }) {
  const db = await getDb();
  return db.project.update({ where: { id }, data: { name } });
}

export async function touchProject({ id }: { id: string }) {
  const db = await getDb();
  await db.project.update({ where: { id }, data: { updatedAt: new Date() } });
}

export async function deleteProjectRow({ id }: { id: string }, tx?: Tx) {
  const db = tx ?? (await getDb());
  await db.project.delete({ where: { id } });
}

/** The paths the agent may read but never change; empty for a missing project. */
export async function getLockedPaths({ projectId }: { projectId: string }): Promise<string[]> {
  const db = await getDb();
  const project = await db.project.findUnique({ where: { id: projectId }, select: { lockedPaths: true } });
  return project?.lockedPaths ?? [];
}

/** Replaces the project's locked paths; callers pass them normalized, deduplicated and sorted. */
export async function setLockedPaths({ projectId, paths }: { projectId: string; paths: string[] }): Promise<string[]> {
  const db = await getDb();
  const project = await db.project.update({ where: { id: projectId }, data: { lockedPaths: paths }, select: { lockedPaths: true } });
  return project.lockedPaths;
}
