import "server-only";
import { getDb } from "../client";
import type { AgentApprovalMode, AgentTurnStatus } from "../generated/enums";
import type { Prisma } from "../generated/client";
import { fromStorable, toStorable } from "../storable-text";

/**
 * Unguarded: callers go through lib/agent/sessions.ts, which checks access first. Everything written
 * passes through toStorable and everything read through fromStorable, so tool output, model text and
 * state keep characters Postgres cannot hold (U+0000, lone surrogates).
 */

export async function createSessionRow(data: { projectId: string; userId: string; title: string; state: Prisma.InputJsonValue; model?: string | null }) {
  const db = await getDb();
  return fromStorable(await db.agentSession.create({ data: toStorable(data) }));
}

export async function getSessionRow({ id }: { id: string }) {
  const db = await getDb();
  return fromStorable(await db.agentSession.findUnique({ where: { id } }));
}

/** The caller's newest session in the project that the headless API started (its first turn came from it). */
export async function findHeadlessSessionRow({ projectId, userId }: { projectId: string; userId: string }) {
  const db = await getDb();
  return fromStorable(
    await db.agentSession.findFirst({ where: { projectId, userId, turns: { some: { seq: 1, source: "api" } } }, orderBy: { createdAt: "desc" } }),
  );
}

export async function updateSessionRow(
  id: string,
  data: { title?: string; model?: string | null; approvalMode?: AgentApprovalMode; allowList?: string[]; lastSeenSnapshotId?: string | null },
) {
  const db = await getDb();
  return fromStorable(await db.agentSession.update({ where: { id }, data: toStorable(data) }));
}

/** The NOTIFY channel on which a chat's start, rename or deletion is announced; the payload is `<projectId> <userId> <sessionId>`. */
export const sessionsChannel = "agent_sessions";

export function parseSessionsNotification(payload: string): { projectId: string; userId: string; sessionId: string } | null {
  const match = /^(\S+) (\S+) (\S+)$/.exec(payload);
  return match ? { projectId: match[1]!, userId: match[2]!, sessionId: match[3]! } : null;
}

/** Tells the owner's open tabs (lib/head-channel/sessions.ts) that the chat was started, renamed or deleted. */
export async function announceSessionChange({ projectId, userId, sessionId }: { projectId: string; userId: string; sessionId: string }) {
  const db = await getDb();
  await db.$executeRaw`SELECT pg_notify(${sessionsChannel}, ${`${projectId} ${userId} ${sessionId}`})`;
}

/**
 * Deletes the session with its messages, turns and tool runs, unless some server runs one of its
 * turns now ("busy": that turn). The session row is locked as claimTurnRow locks it, so a turn
 * cannot start between the check and the delete. "missing" when it was gone already.
 */
export async function deleteSessionRow({ id }: { id: string }): Promise<"deleted" | "missing" | { busy: { id: string } }> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM agent_sessions WHERE id = ${id} FOR UPDATE`;
    if (locked.length === 0) return "missing";
    const busy = await tx.agentTurn.findFirst({ where: { sessionId: id, ...liveTurn(new Date()) }, select: { id: true } });
    if (busy) return { busy };
    await tx.agentSession.delete({ where: { id } });
    return "deleted";
  });
}

/**
 * Writes the agent's state only if nobody wrote it since `version` was read (compare-and-set).
 * False means another request won: re-read, merge, try again.
 */
export async function writeSessionState({ id, version, state }: { id: string; version: number; state: Prisma.InputJsonValue }) {
  const db = await getDb();
  const { count } = await db.agentSession.updateMany({ where: { id, version }, data: { state: toStorable(state), version: { increment: 1 } } });
  return count === 1;
}

export async function writeSessionSummary({ id, summary, throughSeq }: { id: string; summary: string; throughSeq: number }) {
  const db = await getDb();
  await db.agentSession.update({ where: { id }, data: { summary: toStorable(summary), summaryThroughSeq: throughSeq } });
}

export async function listMessageRows({ sessionId, afterSeq = 0 }: { sessionId: string; afterSeq?: number }) {
  const db = await getDb();
  return fromStorable(await db.agentMessage.findMany({ where: { sessionId, seq: { gt: afterSeq } }, orderBy: { seq: "asc" } }));
}

export async function getMessageRow({ id }: { id: string }) {
  const db = await getDb();
  return fromStorable(await db.agentMessage.findUnique({ where: { id } }));
}

const uniqueViolation = (error: unknown) => (error as { code?: string })?.code === "P2002";

/**
 * Appends a message at the end of the session. Two requests appending at once both land: the loser
 * of a seq race takes the next number.
 */
export async function appendMessageRow(data: {
  id: string;
  sessionId: string;
  role: string;
  parts: Prisma.InputJsonValue;
  metadata?: Prisma.InputJsonValue;
  turnId?: string | null;
}) {
  const db = await getDb();
  for (let attempt = 0; ; attempt++) {
    const last = await db.agentMessage.findFirst({ where: { sessionId: data.sessionId }, orderBy: { seq: "desc" }, select: { seq: true } });
    try {
      const row = await db.agentMessage.create({ data: { ...toStorable(data), seq: (last?.seq ?? 0) + 1 } });
      await db.agentSession.update({ where: { id: data.sessionId }, data: { updatedAt: new Date() } });
      return fromStorable(row);
    } catch (error) {
      if (!uniqueViolation(error) || attempt >= 20) throw error;
    }
  }
}

/** Writes a message's parts, its metadata, or both. */
export async function updateMessageRow({ id, parts, metadata }: { id: string; parts?: Prisma.InputJsonValue; metadata?: Prisma.InputJsonValue }) {
  const db = await getDb();
  await db.agentMessage.update({ where: { id }, data: toStorable({ ...(parts === undefined ? {} : { parts }), ...(metadata === undefined ? {} : { metadata }) }) });
}

export async function createTurnRow(data: {
  sessionId: string;
  status: AgentTurnStatus;
  source: string;
  model: string;
  userMessageId?: string | null;
  checkpointSnapshotId?: string | null;
}) {
  const db = await getDb();
  for (let attempt = 0; ; attempt++) {
    const last = await db.agentTurn.findFirst({ where: { sessionId: data.sessionId }, orderBy: { seq: "desc" }, select: { seq: true } });
    try {
      return fromStorable(await db.agentTurn.create({ data: { ...toStorable(data), seq: (last?.seq ?? 0) + 1 } }));
    } catch (error) {
      if (!uniqueViolation(error) || attempt >= 20) throw error;
    }
  }
}

export async function getTurnRow({ id }: { id: string }) {
  const db = await getDb();
  return fromStorable(await db.agentTurn.findUnique({ where: { id }, include: { session: true } }));
}

export async function listTurnRows({ sessionId }: { sessionId: string }) {
  const db = await getDb();
  return fromStorable(await db.agentTurn.findMany({ where: { sessionId }, orderBy: { seq: "asc" } }));
}

export async function lastTurnRow({ sessionId }: { sessionId: string }) {
  const db = await getDb();
  return fromStorable(await db.agentTurn.findFirst({ where: { sessionId }, orderBy: { seq: "desc" } }));
}

export async function updateTurnRow(
  id: string,
  data: Partial<{
    status: AgentTurnStatus;
    userMessageId: string | null;
    assistantMessageId: string | null;
    checkpointSnapshotId: string | null;
    resultSnapshotId: string | null;
    inputTokens: number | null;
    outputTokens: number | null;
    error: string | null;
    review: Prisma.InputJsonValue;
    undoSnapshotId: string | null;
    lastEditUndoSnapshotId: string | null;
    endedAt: Date | null;
    leaseUntil: Date | null;
    model: string;
  }>,
) {
  const db = await getDb();
  const row = fromStorable(await db.agentTurn.update({ where: { id }, data: toStorable(data) }));
  if (data.status !== undefined) await announceTurnStatus(db, id);
  return row;
}

const orphanReason = "The server stopped while this turn ran";
const openStatuses: AgentTurnStatus[] = ["running", "awaiting_approval", "awaiting_client"];
type Tx = Parameters<Parameters<Awaited<ReturnType<typeof getDb>>["$transaction"]>[0]>[0];

/**
 * The NOTIFY channel on which a turn's status change is announced (started, resumed, ended); the
 * payload is `<projectId> <turnId>`, and listeners re-read the turn (lib/head-channel/turns.ts).
 */
export const turnStatusChannel = "agent_turn_status";

export function parseTurnStatusNotification(payload: string): { projectId: string; turnId: string } | null {
  const match = /^(\S+) (\S+)$/.exec(payload);
  return match ? { projectId: match[1]!, turnId: match[2]! } : null;
}

/** Announces that the turn's status changed; inside a transaction it is delivered on commit, after the row is readable. */
async function announceTurnStatus(db: Pick<Tx, "$executeRaw">, id: string) {
  await db.$executeRaw`
    SELECT pg_notify(${turnStatusChannel}, s."projectId" || ' ' || t."id")
    FROM agent_turns t JOIN agent_sessions s ON s."id" = t."sessionId" WHERE t."id" = ${id}`;
}

/**
 * Ends a turn no server runs any more as `interrupted`, its assistant message too (its status, and
 * the reason as a note unless the user stopped it), in one transaction. False when it had ended.
 */
export async function interruptTurnRow({ id, reason, byUser = false }: { id: string; reason: string; byUser?: boolean }) {
  const db = await getDb();
  return db.$transaction((tx) => interruptInTx(tx, { id, reason, byUser }));
}

async function interruptInTx(tx: Tx, { id, reason, byUser }: { id: string; reason: string; byUser: boolean }) {
  const { count } = await tx.agentTurn.updateMany({
    where: { id, status: { in: openStatuses } },
    data: toStorable({ status: "interrupted" as const, error: reason, endedAt: new Date(), leaseUntil: null }),
  });
  if (count === 0) return false;
  await announceTurnStatus(tx, id);
  const turn = await tx.agentTurn.findUniqueOrThrow({ where: { id }, select: { assistantMessageId: true } });
  const message = turn.assistantMessageId ? await tx.agentMessage.findUnique({ where: { id: turn.assistantMessageId }, select: { metadata: true } }) : null;
  if (turn.assistantMessageId && message) {
    const metadata = fromStorable((message.metadata ?? {}) as Record<string, unknown>);
    await tx.agentMessage.update({
      where: { id: turn.assistantMessageId },
      data: { metadata: toStorable({ ...metadata, status: "interrupted", ...(byUser ? {} : { error: { code: "internal", message: reason } }) }) },
    });
  }
  return true;
}

/** A running turn whose owner still renews its lease: some server is running it now. */
const liveTurn = (now: Date) => ({ status: "running" as const, leaseUntil: { gt: now } });
/** A running turn with no live owner: its server stopped (or it predates leases). */
const deadTurn = (now: Date) => ({ status: "running" as const, OR: [{ leaseUntil: null }, { leaseUntil: { lte: now } }] });

/**
 * Claims the session for a new turn run by `ownerId`, atomically (the session row is locked, so two
 * servers claiming at once queue here): a turn some server is running makes it fail with that turn;
 * otherwise turns waiting for the user, or left running by a dead server, are interrupted as
 * superseded and the new turn is created `running` with the lease.
 */
export async function claimTurnRow(data: {
  sessionId: string;
  source: string;
  model: string;
  checkpointSnapshotId: string | null;
  ownerId: string;
  leaseUntil: Date;
}): Promise<{ turn: { id: string } } | { busy: { id: string } }> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM agent_sessions WHERE id = ${data.sessionId} FOR UPDATE`;
    const now = new Date();
    const busy = await tx.agentTurn.findFirst({ where: { sessionId: data.sessionId, ...liveTurn(now) }, select: { id: true } });
    if (busy) return { busy };
    const open = await tx.agentTurn.findMany({ where: { sessionId: data.sessionId, status: { in: openStatuses } }, select: { id: true } });
    for (const turn of open) await interruptInTx(tx, { id: turn.id, reason: "Superseded by a newer message", byUser: false });
    const last = await tx.agentTurn.findFirst({ where: { sessionId: data.sessionId }, orderBy: { seq: "desc" }, select: { seq: true } });
    const turn = await tx.agentTurn.create({ data: { ...toStorable(data), status: "running", seq: (last?.seq ?? 0) + 1 }, select: { id: true } });
    await announceTurnStatus(tx, turn.id);
    return { turn };
  });
}

/** Takes a turn waiting for the user's answer back to `running` under `ownerId`; false when it no longer waits. */
export async function resumeTurnRow({ id, ownerId, leaseUntil, model, resultSnapshotId }: { id: string; ownerId: string; leaseUntil: Date; model: string; resultSnapshotId: string | null }) {
  const db = await getDb();
  const { count } = await db.agentTurn.updateMany({
    where: { id, status: { in: ["awaiting_approval", "awaiting_client"] } },
    data: { status: "running", ownerId, leaseUntil, stopRequestedAt: null, model, resultSnapshotId },
  });
  if (count === 1) await announceTurnStatus(db, id);
  return count === 1;
}

/**
 * The owner's heartbeat: extends the lease of a turn it still runs. Says whether it should stop:
 * a stop was asked (on any server), or the turn is no longer its own (ended by a stop or a sweep).
 */
export async function renewTurnLease({ id, ownerId, leaseUntil }: { id: string; ownerId: string; leaseUntil: Date }) {
  const db = await getDb();
  const { count } = await db.agentTurn.updateMany({ where: { id, ownerId, status: "running" }, data: { leaseUntil } });
  if (count === 0) return { stop: true };
  const row = await db.agentTurn.findUnique({ where: { id }, select: { stopRequestedAt: true } });
  return { stop: row?.stopRequestedAt != null };
}

/**
 * Asks the turn's owner to stop it. "asked" when a live owner will see it at its next heartbeat;
 * "ended" when no server runs it (or it waited for the user), so the turn is interrupted here;
 * "none" when it was not open.
 */
export async function requestTurnStop({ id }: { id: string }): Promise<"asked" | "ended" | "none"> {
  const db = await getDb();
  const { count } = await db.agentTurn.updateMany({ where: { id, ...liveTurn(new Date()) }, data: { stopRequestedAt: new Date() } });
  if (count === 1) return "asked";
  return (await interruptTurnRow({ id, reason: "Stopped by the user", byUser: true })) ? "ended" : "none";
}

/**
 * The owner's final write of a turn, only while the turn is still its own and running: a turn that
 * was asked to stop may only end `interrupted`. False when the write did not happen.
 */
export async function finishTurnRow({
  id,
  ownerId,
  data,
}: {
  id: string;
  ownerId: string;
  data: {
    status: AgentTurnStatus;
    resultSnapshotId: string | null;
    inputTokens: number | null;
    outputTokens: number | null;
    error: string | null;
    endedAt: Date | null;
  };
}) {
  const db = await getDb();
  const { count } = await db.agentTurn.updateMany({
    where: { id, ownerId, status: "running", ...(data.status === "interrupted" ? {} : { stopRequestedAt: null }) },
    data: { ...toStorable(data), leaseUntil: null },
  });
  if (count === 1) await announceTurnStatus(db, id);
  return count === 1;
}

/**
 * The turns of `userId`'s sessions on the project that some server runs now (a live lease), with
 * what a follower is told about them.
 */
export async function listLiveTurnRows({ projectId, userId }: { projectId: string; userId: string }) {
  const db = await getDb();
  return db.agentTurn.findMany({
    where: { session: { projectId, userId }, ...liveTurn(new Date()) },
    select: { id: true, sessionId: true, status: true, source: true },
    orderBy: { startedAt: "asc" },
  });
}

/**
 * Turns left `running` by a server that stopped: those whose owner's lease ran out (other servers'
 * live turns are left alone). Called at start-up.
 */
export async function interruptOrphanTurns({ olderThan }: { olderThan: Date }) {
  const db = await getDb();
  const turns = await db.agentTurn.findMany({ where: { ...deadTurn(new Date()), startedAt: { lt: olderThan } }, select: { id: true } });
  let count = 0;
  for (const turn of turns) if (await interruptTurnRow({ id: turn.id, reason: orphanReason })) count++;
  return count;
}

export async function createToolRunRow(data: {
  turnId: string;
  toolCallId: string;
  tool: string;
  input: Prisma.InputJsonValue;
  output?: Prisma.InputJsonValue;
  status: string;
  exitCode?: number | null;
  durationMs: number;
  startedAt: Date;
}) {
  const db = await getDb();
  return fromStorable(await db.agentToolRun.create({ data: toStorable(data) }));
}

export async function listToolRunRows({ turnId }: { turnId: string }) {
  const db = await getDb();
  return fromStorable(await db.agentToolRun.findMany({ where: { turnId }, orderBy: { startedAt: "asc" } }));
}
