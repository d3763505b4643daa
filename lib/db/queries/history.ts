import "server-only";
import { getDb } from "../client";
import type { Prisma } from "../generated/client";
import type { SnapshotAuthor } from "../generated/enums";

/**
 * The timeline's reads (lib/history). Unguarded: callers authorize the project first. Pages are
 * keyset pages newest first on (createdAt, id), which the (projectId, createdAt, id) index serves
 * directly, so page 500 costs what page 1 does.
 */

export type TimelineCursor = { createdAt: Date; id: string };
export type AuthorFilter = { kind: SnapshotAuthor; userId?: string };

const timelineSelect = {
  id: true,
  parentId: true,
  rootTree: true,
  author: true,
  userId: true,
  turnId: true,
  message: true,
  fileCount: true,
  totalBytes: true,
  createdAt: true,
  user: { select: { name: true } },
  labels: { select: { id: true, name: true }, orderBy: { createdAt: "asc" } },
} satisfies Prisma.SnapshotSelect;

export type TimelineRow = Prisma.SnapshotGetPayload<{ select: typeof timelineSelect }>;

export async function listTimelineRows({
  projectId,
  before,
  limit,
  author,
  search,
}: {
  projectId: string;
  before: TimelineCursor | null;
  limit: number;
  author?: AuthorFilter;
  /** Matches a label or the message, case-insensitively. */
  search?: string;
}): Promise<TimelineRow[]> {
  const db = await getDb();
  const and: Prisma.SnapshotWhereInput[] = [{ projectId }];
  if (before) and.push({ OR: [{ createdAt: { lt: before.createdAt } }, { createdAt: before.createdAt, id: { lt: before.id } }] });
  if (author) and.push({ author: author.kind, ...(author.userId ? { userId: author.userId } : {}) });
  if (search)
    and.push({ OR: [{ labels: { some: { name: { contains: search, mode: "insensitive" } } } }, { message: { contains: search, mode: "insensitive" } }] });
  return db.snapshot.findMany({ where: { AND: and }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit, select: timelineSelect });
}

/** Root trees of snapshots by id (the parents of a page, for its change counts). */
export async function getRootTrees({ projectId, ids }: { projectId: string; ids: string[] }): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const db = await getDb();
  const rows = await db.snapshot.findMany({ where: { projectId, id: { in: ids } }, select: { id: true, rootTree: true } });
  return new Map(rows.map((r) => [r.id, r.rootTree]));
}

/** The project's agent turns with these ids (the ones its snapshots name), with their chat's owner. */
export async function listTurnsByIds({ projectId, ids }: { projectId: string; ids: string[] }) {
  if (ids.length === 0) return [];
  const db = await getDb();
  return db.agentTurn.findMany({
    where: { id: { in: ids }, session: { projectId } },
    select: { id: true, seq: true, sessionId: true, userMessageId: true, assistantMessageId: true, session: { select: { userId: true } } },
  });
}

/** People who wrote snapshots of the project, for the author filter. */
export async function listSnapshotAuthors({ projectId }: { projectId: string }) {
  const db = await getDb();
  const rows = await db.snapshot.groupBy({ by: ["userId"], where: { projectId, author: "user", userId: { not: null } } });
  const ids = rows.flatMap((r) => (r.userId ? [r.userId] : []));
  return db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}

export async function listLabelRows({ projectId, search }: { projectId: string; search?: string }) {
  const db = await getDb();
  return db.snapshotLabel.findMany({
    where: { projectId, ...(search ? { name: { contains: search, mode: "insensitive" } } : {}) },
    select: { id: true, name: true, snapshotId: true, createdAt: true, snapshot: { select: { message: true, createdAt: true } } },
    orderBy: { createdAt: "desc" },
    take: 500,
  });
}

/** Null when the name is taken in the project (the unique index decides, so two racing labels cannot both win). */
export async function createLabelRow(data: { projectId: string; snapshotId: string; name: string; createdBy: string }) {
  const db = await getDb();
  try {
    return await db.snapshotLabel.create({ data, select: { id: true, name: true, snapshotId: true, createdAt: true } });
  } catch (error) {
    if ((error as { code?: string })?.code === "P2002") return null;
    throw error;
  }
}

export async function deleteLabelRow({ projectId, id }: { projectId: string; id: string }): Promise<boolean> {
  const db = await getDb();
  return (await db.snapshotLabel.deleteMany({ where: { projectId, id } })).count > 0;
}
