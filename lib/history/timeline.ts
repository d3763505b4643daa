import "server-only";
import { getRootTrees, listTimelineRows, listTurnsByIds, type AuthorFilter, type TimelineCursor, type TimelineRow } from "@/lib/db/queries/history";
import { AppError } from "@/lib/errors";
import { emptyTree } from "@/lib/snapshots/objects";
import { readTrees } from "@/lib/snapshots/store";
import { diffSnapshots } from "./diff";
import type { TimelineAuthor, TimelineEntry, TimelinePage } from "./types";

export type TimelineQuery = {
  projectId: string;
  /** The caller: their own chats are linked from the agent's snapshots. */
  userId: string;
  headSnapshotId: string | null;
  cursor: string | null;
  limit: number;
  author?: AuthorFilter;
  /** Only snapshots that changed this file or anything below this folder. */
  path?: string;
  search?: string;
};

// A path filter reads snapshots in batches and keeps those that touched the path; a page stops after
// this many, so a file changed once in 10,000 snapshots answers in bounded time (with a cursor on).
const pathScanMax = 2_000;
const pathScanBatch = 200;

/** One page of the project's history, newest first. */
export async function getTimeline(q: TimelineQuery): Promise<TimelinePage> {
  let before = decodeCursor(q.cursor);
  let rows: TimelineRow[] = [];
  let exhausted = false;
  if (!q.path) {
    rows = await listTimelineRows({ projectId: q.projectId, before, limit: q.limit + 1, author: q.author, search: q.search });
    exhausted = rows.length <= q.limit;
    rows = rows.slice(0, q.limit);
  } else {
    let scanned = 0;
    while (rows.length < q.limit && scanned < pathScanMax) {
      const batch = await listTimelineRows({ projectId: q.projectId, before, limit: pathScanBatch, author: q.author, search: q.search });
      scanned += batch.length;
      const touching = await touchingPath(q.projectId, batch, q.path);
      for (const row of batch) {
        before = { createdAt: row.createdAt, id: row.id };
        if (touching.has(row.id)) rows.push(row);
        if (rows.length === q.limit) break;
      }
      if (batch.length === 0 || (batch.length < pathScanBatch && before?.id === batch.at(-1)!.id)) {
        exhausted = true;
        break;
      }
    }
  }
  const last = q.path ? before : rows.at(-1);
  return {
    entries: await describe(q, rows),
    nextCursor: exhausted || !last ? null : encodeCursor({ createdAt: last.createdAt, id: last.id }),
    headSnapshotId: q.headSnapshotId,
  };
}

async function describe(q: TimelineQuery, rows: TimelineRow[]): Promise<TimelineEntry[]> {
  if (rows.length === 0) return [];
  const parentRoots = await getRootTrees({ projectId: q.projectId, ids: rows.flatMap((r) => (r.parentId ? [r.parentId] : [])) });
  const counts = await Promise.all(rows.map((r) => changedFileCount(r.parentId ? (parentRoots.get(r.parentId) ?? null) : null, r.rootTree)));
  const turnIds = [...new Set(rows.flatMap((r) => (r.author === "agent" && r.turnId ? [r.turnId] : [])))];
  const turns = new Map((await listTurnsByIds({ projectId: q.projectId, ids: turnIds })).map((t) => [t.id, t]));
  return rows.map((r, i) => {
    let author: TimelineAuthor;
    if (r.author === "agent") {
      // Null once its chat was deleted.
      const turn = r.turnId ? turns.get(r.turnId) : undefined;
      const own = turn?.session.userId === q.userId;
      author = {
        kind: "agent",
        turn: turn
          ? { id: turn.id, seq: turn.seq, sessionId: own ? turn.sessionId : null, messageId: own ? (turn.assistantMessageId ?? turn.userMessageId) : null, startedBy: r.user?.name ?? null }
          : null,
      };
    } else if (r.author === "user") author = { kind: "user", userId: r.userId, name: r.user?.name ?? "A former member" };
    else author = { kind: "system", userId: r.userId, name: r.user?.name ?? null };
    return {
      id: r.id,
      parentId: r.parentId,
      message: r.message,
      createdAt: r.createdAt.toISOString(),
      fileCount: r.fileCount,
      author,
      changedFiles: counts[i]!,
      labels: r.labels,
    };
  });
}

// Pairs of root trees never change what lies between them; the bound only caps memory.
const countCacheMax = 20_000;
const countByPair = new Map<string, number>();

async function changedFileCount(from: string | null, to: string): Promise<number> {
  const key = `${from ?? emptyTree.hash} ${to}`;
  const known = countByPair.get(key);
  if (known !== undefined) return known;
  const count = (await diffSnapshots({ from, to })).length;
  if (countByPair.size >= countCacheMax) countByPair.delete(countByPair.keys().next().value!);
  countByPair.set(key, count);
  return count;
}

/** Ids of the rows whose entry at `path` (file or folder) differs from their parent's. */
async function touchingPath(projectId: string, rows: TimelineRow[], path: string): Promise<Set<string>> {
  const byId = new Map(rows.map((r) => [r.id, r.rootTree]));
  const missing = rows.flatMap((r) => (r.parentId && !byId.has(r.parentId) ? [r.parentId] : []));
  for (const [id, root] of await getRootTrees({ projectId, ids: missing })) byId.set(id, root);
  const roots = [...new Set(byId.values())];
  const at = await hashesAtPath(roots, path);
  const out = new Set<string>();
  for (const r of rows) {
    const mine = at.get(r.rootTree) ?? null;
    const parentRoot = r.parentId ? byId.get(r.parentId) : undefined;
    const theirs = parentRoot ? (at.get(parentRoot) ?? null) : null;
    if (mine !== theirs) out.add(r.id);
  }
  return out;
}

/** The hash of the entry at `path` in each root tree (absent: no key), one query per folder level for all roots. */
async function hashesAtPath(roots: string[], path: string): Promise<Map<string, string>> {
  const names = path.split("/");
  let current = new Map(roots.map((r) => [r, r]));
  for (const [depth, name] of names.entries()) {
    const last = depth === names.length - 1;
    const trees = await readTrees([...new Set(current.values())]);
    const next = new Map<string, string>();
    for (const [root, tree] of current) {
      const entry = trees.get(tree)!.find((e) => e.name === name);
      // The last name may be a file or a folder (its kind counts as a change); the others are folders.
      if (entry && last) next.set(root, `${entry.kind}:${entry.hash}`);
      else if (entry?.kind === "dir") next.set(root, entry.hash);
    }
    if (last) return next;
    current = next;
  }
  return new Map();
}

function encodeCursor(c: TimelineCursor): string {
  return Buffer.from(`${c.createdAt.toISOString()}|${c.id}`).toString("base64url");
}

function decodeCursor(cursor: string | null): TimelineCursor | null {
  if (!cursor) return null;
  const [time, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const createdAt = new Date(time ?? "");
  if (!id || Number.isNaN(createdAt.getTime())) throw new AppError("bad_request:cursor", "That page cursor is not valid; load the history from the start");
  return { createdAt, id };
}
