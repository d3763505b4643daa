import "server-only";
import { randomUUID } from "node:crypto";
import type { Caller } from "@/lib/auth/guard";
import { requireProjectAccess } from "@/lib/auth/guard";
import {
  announceSessionChange,
  createSessionRow,
  deleteSessionRow,
  getSessionRow,
  getTurnRow,
  listMessageRows,
  listTurnRows,
  updateSessionRow,
} from "@/lib/db/queries/agent";
import { searchSessionRows, type SessionSearchCursor } from "@/lib/db/queries/agent-session-search";
import type { AgentSession, AgentTurn } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { normalizeProjectPath } from "@/lib/validation/paths";
import { clipText } from "@/lib/validation/stored-text";
import { resolveModel } from "./providers";
import { createInitialAgentState } from "./state";
import type { ListSessionsQuery, SessionPage } from "./session-page";
import type { AgentUIMessage, SessionSummary, TurnSummary, UpdateSessionRequest } from "./ui-types";

export type SessionRow = AgentSession;

export function toSessionSummary(row: SessionRow & { turns?: { status: AgentTurn["status"] }[] }): SessionSummary {
  return {
    id: row.id,
    projectId: row.projectId,
    title: row.title,
    model: row.model,
    approvalMode: row.approvalMode,
    allowList: row.allowList,
    lastTurnStatus: row.turns?.[0]?.status ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toTurnSummary(row: AgentTurn): TurnSummary {
  return {
    id: row.id,
    seq: row.seq,
    status: row.status,
    model: row.model,
    source: row.source === "api" ? "api" : "panel",
    checkpointSnapshotId: row.checkpointSnapshotId,
    resultSnapshotId: row.resultSnapshotId,
    undoSnapshotId: row.undoSnapshotId,
    lastEditUndoSnapshotId: row.lastEditUndoSnapshotId,
    review: (row.review ?? {}) as TurnSummary["review"],
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    error: row.error,
    startedAt: row.startedAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
  };
}

/** A title from the first prompt, so the session list reads like a history of what was asked. */
export function titleFromPrompt(prompt: string): string {
  const line = prompt.replace(/```[\s\S]*?```/g, " [code] ").replace(/\s+/g, " ").trim();
  return line.length > 60 ? clipText(line, 57) + "…" : line || "New chat";
}

export async function createSession({ caller, projectId, title }: { caller: Caller; projectId: string; title?: string }) {
  await requireProjectAccess({ caller, projectId, action: "agent:use" });
  const row = await createSessionRow({ projectId, userId: caller.userId, title: title?.trim() || "New chat", state: createInitialAgentState() });
  await announceSessionChange({ projectId, userId: caller.userId, sessionId: row.id });
  return toSessionSummary(row);
}

/**
 * The caller's chats in the project, newest first, a page at a time: all of them, or with `q` those
 * whose title or message text holds it (case-insensitive), each with the text around its first match.
 */
export async function listSessions({ caller, projectId, query }: { caller: Caller; projectId: string; query: ListSessionsQuery }): Promise<SessionPage> {
  await requireProjectAccess({ caller, projectId, action: "project:read" });
  const { found, next } = await searchSessionRows({
    projectId,
    userId: caller.userId,
    text: query.q || null,
    before: decodeSessionCursor(query.cursor),
    limit: query.limit,
  });
  return {
    sessions: found.map(({ row, snippet }) => ({ ...toSessionSummary(row), match: snippet === null ? null : oneLine(snippet) })),
    nextCursor: next ? Buffer.from(`${next.updatedAt.toISOString()}|${next.id}`).toString("base64url") : null,
  };
}

function decodeSessionCursor(cursor: string | undefined): SessionSearchCursor | null {
  if (!cursor) return null;
  const [time, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const updatedAt = new Date(time ?? "");
  if (!id || Number.isNaN(updatedAt.getTime())) throw new AppError("bad_request:cursor", "That page cursor is not valid; search the chats from the start");
  return { updatedAt, id };
}

/** A matched message's text on one line (the picker shows one). */
function oneLine(snippet: string): string {
  return snippet.replace(/\s+/g, " ").trim();
}

/**
 * Deletes the caller's chat: its messages, turns and tool runs go; the project's files and history
 * stay. Refused while the agent works in it (stop the turn first), so no turn writes into a chat
 * that is gone.
 */
export async function deleteSession({ caller, projectId, sessionId }: { caller: Caller; projectId: string; sessionId: string }) {
  await requireSession({ caller, sessionId, projectId, action: "agent:use" });
  const outcome = await deleteSessionRow({ id: sessionId });
  if (outcome === "missing") throw new AppError("not_found:session", "This agent session does not exist or is not yours");
  if (outcome !== "deleted")
    throw new AppError("conflict:turn_running", "The agent is still working in this chat. Stop its turn, then delete the chat.");
  await announceSessionChange({ projectId, userId: caller.userId, sessionId });
}

/**
 * The caller's own session. Sessions are private to the person who started them, so someone
 * else's answers 404 like a missing one.
 */
export async function requireSession({
  caller,
  sessionId,
  projectId,
  action = "project:read",
}: {
  caller: Caller;
  sessionId: string;
  projectId?: string;
  action?: "project:read" | "project:write" | "agent:use";
}) {
  const row = await getSessionRow({ id: sessionId });
  if (!row || row.userId !== caller.userId || (projectId !== undefined && row.projectId !== projectId))
    throw new AppError("not_found:session", "This agent session does not exist or is not yours");
  await requireProjectAccess({ caller, projectId: row.projectId, action });
  return row;
}

/** The caller's own turn in the project; someone else's answers exactly like a missing one. */
export async function requireTurn({ caller, projectId, turnId, action }: { caller: Caller; projectId: string; turnId: string; action: "project:read" | "project:write" | "agent:use" }) {
  const turn = await getTurnRow({ id: turnId });
  if (!turn || turn.session.userId !== caller.userId || turn.session.projectId !== projectId)
    throw new AppError("not_found:turn", "This agent turn does not exist or is not yours");
  await requireProjectAccess({ caller, projectId, action });
  return turn;
}

/** Stored messages as UI messages, without the ones a retry replaced. */
export async function loadSessionMessages(sessionId: string): Promise<{ seq: number; message: AgentUIMessage }[]> {
  const rows = await listMessageRows({ sessionId });
  return rows
    .filter((r) => !(r.metadata as { superseded?: boolean } | null)?.superseded)
    .map((r) => ({
      seq: r.seq,
      message: { id: r.id, role: r.role as AgentUIMessage["role"], parts: r.parts as AgentUIMessage["parts"], metadata: (r.metadata ?? undefined) as AgentUIMessage["metadata"] },
    }));
}

export async function getSessionDetail({ caller, projectId, sessionId }: { caller: Caller; projectId: string; sessionId: string }) {
  const row = await requireSession({ caller, sessionId, projectId });
  const [messages, turns] = await Promise.all([loadSessionMessages(sessionId), listTurnRows({ sessionId })]);
  return {
    session: toSessionSummary({ ...row, turns: turns.slice(-1) }),
    messages: messages.map((m) => m.message),
    turns: turns.map(toTurnSummary),
  };
}

export async function updateSession({
  caller,
  projectId,
  sessionId,
  update,
}: {
  caller: Caller;
  projectId: string;
  sessionId: string;
  update: UpdateSessionRequest;
}) {
  await requireSession({ caller, sessionId, projectId, action: "agent:use" });
  if (update.model !== undefined) resolveModel(update.model);
  const allowList = update.allowList?.map((glob) => {
    const trimmed = glob.trim().replace(/^\.\//, "");
    if (!trimmed || trimmed.includes("..") || trimmed.startsWith("/") || trimmed.includes("\\"))
      throw new AppError("bad_request:allow_list", `"${glob}" is not a project-relative pattern (no "..", no leading "/")`);
    const literal = trimmed.replace(/[*?{}]/g, "x");
    if (!normalizeProjectPath(literal).ok) throw new AppError("bad_request:allow_list", `"${glob}" is not a valid pattern`);
    return trimmed;
  });
  const row = await updateSessionRow(sessionId, { ...update, ...(allowList ? { allowList } : {}) });
  if (update.title !== undefined) await announceSessionChange({ projectId, userId: caller.userId, sessionId });
  return toSessionSummary(row);
}

export const newMessageId = () => randomUUID();
