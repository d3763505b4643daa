import "server-only";
import type { UIMessageChunk } from "ai";
import { getDb } from "@/lib/db/client";

/**
 * The rows behind a running turn's live stream (agent_turn_chunks) and the Postgres channel that
 * announces them. One channel per app for all turns: `chunks <turnId>` says a batch was appended,
 * `stop <turnId>` asks the turn's owner to stop it now (the heartbeat's stopRequestedAt check is the
 * fallback when a notification is missed).
 */
export const turnChannel = "agent_turn";

export type TurnNotification = { kind: "chunks" | "stop"; turnId: string };

export function parseTurnNotification(payload: string): TurnNotification | null {
  const match = /^(chunks|stop) (\S+)$/.exec(payload);
  return match ? { kind: match[1] as TurnNotification["kind"], turnId: match[2]! } : null;
}

async function notifyTurn({ kind, turnId }: TurnNotification) {
  const db = await getDb();
  await db.$executeRaw`SELECT pg_notify(${turnChannel}, ${`${kind} ${turnId}`})`;
}

/** Appends one batch of the turn's chunks and tells every server's followers. */
export async function appendTurnChunks({ turnId, seq, chunks, final }: { turnId: string; seq: number; chunks: string; final: boolean }) {
  const db = await getDb();
  await db.agentTurnChunk.create({ data: { turnId, seq, chunks, final } });
  await notifyTurn({ kind: "chunks", turnId });
}

export type TurnChunkBatch = { seq: number; chunks: UIMessageChunk[]; final: boolean };

/** The turn's batches after `afterSeq`, in order (at most `limit` of them). */
export async function readTurnChunks({ turnId, afterSeq, limit = 50 }: { turnId: string; afterSeq: number; limit?: number }): Promise<TurnChunkBatch[]> {
  const db = await getDb();
  const rows = await db.agentTurnChunk.findMany({ where: { turnId, seq: { gt: afterSeq } }, orderBy: { seq: "asc" }, take: limit });
  return rows.map((row) => ({ seq: row.seq, chunks: JSON.parse(row.chunks) as UIMessageChunk[], final: row.final }));
}

/** Asks the server running the turn to stop it at once (it listens on the turn channel). */
export async function notifyTurnStop({ turnId }: { turnId: string }) {
  await notifyTurn({ kind: "stop", turnId });
}

/**
 * Where a new run of the turn starts numbering: after every batch kept. A turn answered after an
 * approval runs again under the same id; its earlier run's batches may still be kept for a while.
 */
export async function nextTurnChunkSeq({ turnId }: { turnId: string }): Promise<number> {
  const db = await getDb();
  const last = await db.agentTurnChunk.findFirst({ where: { turnId }, orderBy: { seq: "desc" }, select: { seq: true } });
  return last ? last.seq + 1 : 0;
}

/**
 * Where a follower of the turn's current run starts reading: after the last batch that ended an
 * earlier run (each run's stream starts with its own base message).
 */
export async function currentRunAfterSeq({ turnId }: { turnId: string }): Promise<number> {
  const db = await getDb();
  const ended = await db.agentTurnChunk.findFirst({ where: { turnId, final: true }, orderBy: { seq: "desc" }, select: { seq: true } });
  return ended?.seq ?? -1;
}

/**
 * Drops the live streams of turns that ended before `endedBefore` (their messages are the record):
 * by the turn's end, or its stream's last batch for a turn waiting for the user. A turn running
 * again (an answered approval) keeps its earlier run's batches until it ends.
 */
export async function deleteEndedTurnChunks({ endedBefore }: { endedBefore: Date }): Promise<number> {
  const db = await getDb();
  const { count } = await db.agentTurnChunk.deleteMany({
    where: {
      turn: {
        status: { not: "running" },
        OR: [{ endedAt: { lt: endedBefore } }, { streamChunks: { some: { final: true, createdAt: { lt: endedBefore } } } }],
      },
    },
  });
  return count;
}

/** Whether the turn still runs (a follower's stream ends once it does not and its last batches are read). */
export async function turnIsRunning({ turnId }: { turnId: string }): Promise<boolean> {
  const db = await getDb();
  const row = await db.agentTurn.findUnique({ where: { id: turnId }, select: { status: true } });
  return row?.status === "running";
}
