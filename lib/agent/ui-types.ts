/**
 * What the agent's routes send to the browser: shared by lib/agent (server) and components/agent
 * (client), so it holds only types and zod schemas, never server code.
 */
import type { UIMessage } from "ai";
import { z } from "zod";
import { projectPathSchema } from "@/lib/validation/paths";
import { storedTextSchema } from "@/lib/validation/stored-text";
import type { MessageContextData } from "./message-context";

export type TurnStatus = "running" | "awaiting_approval" | "awaiting_client" | "completed" | "interrupted" | "failed";

/** Where the session's commands run: the browser's WebContainer, or the server's offline box. */
export type AgentRuntime = "webcontainer" | "box";

/** Tools that run in the browser when the runtime is WebContainer. */
export const clientToolNames = ["run_command", "run_code"] as const;

/** Why a turn failed, in words for the chat; `code` lets the UI pick an icon or a hint. */
export type AgentErrorInfo = {
  code: "rate_limit" | "auth" | "unreachable" | "context_overflow" | "bad_model" | "provider" | "internal";
  message: string;
};

/** Metadata of an assistant message: which turn wrote it, with what, and how it ended. */
export type AgentMessageMetadata = {
  turnId?: string;
  model?: string;
  status?: TurnStatus;
  usage?: { inputTokens: number; outputTokens: number };
  durationMs?: number;
  error?: AgentErrorInfo;
  /** The built-in offline agent wrote this message (no model configured). */
  offline?: boolean;
};

export type ChangedFileSummary = {
  path: string;
  change: "added" | "modified" | "deleted";
  additions: number;
  deletions: number;
  binary: boolean;
};

export type AgentDataParts = {
  /** Live output of a running run_command / run_code call (transient: not stored). */
  "tool-output": { toolCallId: string; stream: "stdout" | "stderr"; text: string };
  /** How long a tool call took; stored, matched to the tool part by toolCallId. */
  "tool-run": { toolCallId: string; durationMs: number; status: "ok" | "error" | "denied" | "interrupted" };
  /** The files a turn changed, at its end. */
  "turn-changes": { turnId: string; checkpointSnapshotId: string | null; resultSnapshotId: string | null; files: ChangedFileSummary[] };
  /** Saves the user made since the agent's last turn, as told to the agent. */
  "user-edits": { paths: string[] };
  /** On a user message: the editor context and @-mentions sent with it, and the text the model was shown for them. */
  context: MessageContextData;
};

export type AgentUIMessage = UIMessage<AgentMessageMetadata, AgentDataParts>;

export type ModelInfo = { id: string; label: string; provider: "openai" | "anthropic" | "openai-compatible" | "offline" };

export type SessionSummary = {
  id: string;
  projectId: string;
  title: string;
  model: string | null;
  approvalMode: "auto" | "ask";
  allowList: string[];
  lastTurnStatus: TurnStatus | null;
  updatedAt: string;
};

export type TurnSummary = {
  id: string;
  seq: number;
  status: TurnStatus;
  model: string;
  source: "panel" | "api";
  checkpointSnapshotId: string | null;
  resultSnapshotId: string | null;
  undoSnapshotId: string | null;
  /** Set once only the turn's last file-changing tool call was undone: the snapshot that did it. */
  lastEditUndoSnapshotId: string | null;
  review: Record<string, "accepted" | "rejected">;
  inputTokens: number | null;
  outputTokens: number | null;
  error: string | null;
  startedAt: string;
  endedAt: string | null;
};

/**
 * One file of GET …/turns/:turnId/changes. Hashes, not texts, so the answer grows with the number of
 * changed files only; a file's texts are read from GET …/blobs/:hash when its diff is opened.
 */
export type TurnFileChange = ChangedFileSummary & {
  /** Blob hash before (checkpoint) and after (turn result); null where that side has no file. */
  before: string | null;
  after: string | null;
  /** Bytes after the turn (before it, for a deleted file). */
  size: number;
  decision: "accepted" | "rejected" | null;
};

const sessionTitleSchema = storedTextSchema({ label: "Session title", maxLength: 200, minLength: 1, trim: true });

/** POST …/agent/sessions; clients that send no body at all get the defaults. */
export const createSessionSchema = z.object({ title: sessionTitleSchema.optional() });

export const updateSessionSchema = z.object({
  title: sessionTitleSchema.optional(),
  model: storedTextSchema({ label: "Model", maxLength: 200 }).optional(),
  approvalMode: z.enum(["auto", "ask"]).optional(),
  allowList: z.array(storedTextSchema({ label: "Allowed command", maxLength: 500, minLength: 1 })).max(100).optional(),
});
export type UpdateSessionRequest = z.infer<typeof updateSessionSchema>;

export const reviewRequestSchema = z.object({
  path: projectPathSchema,
  decision: z.enum(["accept", "reject"]),
  /** Reject even though the file changed after the turn (without it that answers 409 with the versions). */
  force: z.boolean().optional(),
});
export type ReviewRequest = z.infer<typeof reviewRequestSchema>;

/**
 * The 409 `conflict:changed_after_turn` a reject answers when the file changed after the turn: the
 * file at the checkpoint (what reject restores), as the agent left it, and as it is now (null where
 * it does not exist, or is binary).
 */
export const rejectConflictSchema = z.object({
  path: z.string(),
  binary: z.boolean(),
  versions: z.object({ checkpoint: z.string().nullable(), agent: z.string().nullable(), current: z.string().nullable() }),
});
export type RejectConflict = z.infer<typeof rejectConflictSchema>;

export const lockRequestSchema = z.object({ paths: z.array(z.string().min(1).max(1024)).max(1000) });
