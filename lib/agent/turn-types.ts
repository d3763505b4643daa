import type { UIMessageChunk } from "ai";
import type { Caller } from "@/lib/auth/guard";
import type { ImagePart, MessageContext } from "./message-context";
import type { SessionRow } from "./sessions";
import type { AgentState } from "./state";
import type { AgentErrorInfo, AgentRuntime, AgentUIMessage, TurnStatus } from "./ui-types";

export type TurnRequest =
  | { kind: "prompt"; text: string; images?: ImagePart[]; context?: MessageContext }
  | {
      kind: "answer";
      messageId: string;
      decisions: { approvalId: string; approved: boolean; reason?: string }[];
      toolResults: ClientToolResult[];
    }
  | { kind: "regenerate" };

export type ClientToolResult =
  | {
      toolCallId: string;
      output: { exitCode: number; stdout: string; stderr: string; durationMs: number; note?: string; refusedWrites?: { paths: string[]; message: string } };
    }
  | { toolCallId: string; errorText: string };

export type TurnOutcome = { turnId: string; status: TurnStatus; response: string; message: AgentUIMessage; error?: AgentErrorInfo };
export type StartedTurn = { turnId: string; sessionId: string; stream: ReadableStream<UIMessageChunk>; done: Promise<TurnOutcome> };

/** A turn ready to run: its rows are written, its checkpoint taken. */
export type PreparedTurn = {
  caller: Caller;
  session: SessionRow;
  turnId: string;
  modelId: string;
  prompt: string;
  assistant: AgentUIMessage;
  continuation: boolean;
  checkpointSnapshotId: string | null;
  resultSnapshotId: string | null;
  /** Tokens already spent by this turn before it waited for an approval. */
  usageBefore: { inputTokens: number; outputTokens: number };
  source: "panel" | "api";
  runtime: AgentRuntime;
};

export type Emit = (chunk: UIMessageChunk) => void;

export type RunResult = { stateAfter: AgentState; usage?: { inputTokens: number; outputTokens: number }; error?: AgentErrorInfo; note?: string };
