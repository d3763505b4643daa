import {
  rejectConflictSchema,
  type RejectConflict,
  type AgentUIMessage,
  type ModelInfo,
  type SessionSummary,
  type TurnFileChange,
  type TurnSummary,
  type UpdateSessionRequest,
} from "@/lib/agent/ui-types";
import type { SessionPage } from "@/lib/agent/session-page";
import { ApiError, apiJson } from "./api-error";

/** The agent's routes (docs/agent.md), as the browser calls them. Every call throws ApiError on failure. */

const projectBase = (projectId: string) => `/api/projects/${encodeURIComponent(projectId)}/agent`;
const sessionBase = (projectId: string, sessionId: string) => `${projectBase(projectId)}/sessions/${encodeURIComponent(sessionId)}`;
const turnBase = (projectId: string, turnId: string) => `${projectBase(projectId)}/turns/${encodeURIComponent(turnId)}`;

export type ModelList = { models: ModelInfo[]; defaultModel: string };
export type LoadedSession = { session: SessionSummary; messages: AgentUIMessage[]; turns: TurnSummary[] };
export type TurnChanges = { turn: TurnSummary; files: TurnFileChange[] };
/** `review` is the turn's decisions after this one (the server may also answer just this decision). */
export type UndoLastEditResponse = { snapshotId: string; paths: string[]; edit: string };
export type ReviewResponse = { snapshotId: string | null; review: unknown };

/** Where useChat's transport posts: one turn of one session, answered as an AI SDK UI message stream. */
export function agentChatUrl({ projectId, sessionId }: { projectId: string; sessionId: string }): string {
  return `${sessionBase(projectId, sessionId)}/chat`;
}

/** Where a page follows the session's running turn (after a reload, in another tab): 204 when none runs. */
export function agentStreamUrl({ projectId, sessionId }: { projectId: string; sessionId: string }): string {
  return `${sessionBase(projectId, sessionId)}/stream`;
}

export const agentApi = {
  listModels: () => apiJson<ModelList>("/api/agent/models"),

  listSessions: ({ projectId }: { projectId: string }) => apiJson<SessionPage>(`${projectBase(projectId)}/sessions`).then((r) => r.sessions),
  /** The caller's chats whose title or message text holds `q`, newest first, `limit` at a time from `cursor`. */
  searchSessions: ({ projectId, q, cursor, limit }: { projectId: string; q: string; cursor?: string | null; limit: number }) =>
    apiJson<SessionPage>(`${projectBase(projectId)}/sessions?${new URLSearchParams({ q, limit: String(limit), ...(cursor ? { cursor } : {}) })}`),
  createSession: ({ projectId, title }: { projectId: string; title?: string }) =>
    apiJson<{ session: SessionSummary }>(`${projectBase(projectId)}/sessions`, {
      method: "POST",
      json: title === undefined ? {} : { title },
    }).then((r) => r.session),
  getSession: ({ projectId, sessionId }: { projectId: string; sessionId: string }) =>
    apiJson<LoadedSession>(sessionBase(projectId, sessionId)),
  updateSession: ({ projectId, sessionId, patch }: { projectId: string; sessionId: string; patch: UpdateSessionRequest }) =>
    apiJson<{ session: SessionSummary }>(sessionBase(projectId, sessionId), { method: "PATCH", json: patch }).then((r) => r.session),
  /** 409 `conflict:turn_running` while the agent works in the chat. */
  deleteSession: ({ projectId, sessionId }: { projectId: string; sessionId: string }) =>
    apiJson<void>(sessionBase(projectId, sessionId), { method: "DELETE" }).then(() => undefined),

  stopSession: ({ projectId, sessionId }: { projectId: string; sessionId: string }) =>
    apiJson<{ stopped: boolean }>(`${sessionBase(projectId, sessionId)}/stop`, { method: "POST" }).then((r) => r.stopped),
  stopTurn: ({ projectId, turnId }: { projectId: string; turnId: string }) =>
    apiJson<{ stopped: boolean }>(`${turnBase(projectId, turnId)}/stop`, { method: "POST" }).then((r) => r.stopped),
  getTurnChanges: ({ projectId, turnId }: { projectId: string; turnId: string }) =>
    apiJson<TurnChanges>(`${turnBase(projectId, turnId)}/changes`),
  /** A reject of a file changed after the turn fails with 409 `conflict:changed_after_turn` (see readRejectConflict) unless forced. */
  reviewFile: ({ projectId, turnId, path, decision, force }: { projectId: string; turnId: string; path: string; decision: "accept" | "reject"; force?: boolean }) =>
    apiJson<ReviewResponse>(`${turnBase(projectId, turnId)}/review`, { method: "POST", json: { path, decision, ...(force ? { force } : {}) } }),
  undoTurn: ({ projectId, turnId }: { projectId: string; turnId: string }) =>
    apiJson<{ snapshotId: string }>(`${turnBase(projectId, turnId)}/undo`, { method: "POST" }),
  /** Undoes only the turn's last file-changing tool call; 409 `conflict:changed_after_edit` when its files changed since. */
  undoLastEdit: ({ projectId, turnId }: { projectId: string; turnId: string }) =>
    apiJson<UndoLastEditResponse>(`${turnBase(projectId, turnId)}/undo-last-edit`, { method: "POST" }),
};

/** The API as a value, so the panel can take a fake in tests and dev pages. */
export type AgentApi = typeof agentApi;

/** The versions a refused reject answers with, when `error` is that refusal. */
export function readRejectConflict({ error }: { error: unknown }): RejectConflict | null {
  if (!(error instanceof ApiError) || error.code !== "conflict:changed_after_turn") return null;
  const parsed = rejectConflictSchema.safeParse((error.body as { error?: unknown } | null)?.error);
  return parsed.success ? parsed.data : null;
}
