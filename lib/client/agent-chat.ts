import { DefaultChatTransport } from "ai";
import { messageContextSchema, type MessageContext } from "@/lib/agent/message-context";
import type { AgentRuntime, AgentUIMessage, TurnSummary } from "@/lib/agent/ui-types";
import { clipText } from "@/lib/validation/stored-text";
import { agentChatUrl } from "./agent-api";

export type ChatTrigger = "submit-message" | "regenerate-message";

/**
 * What one chat request carries (docs/agent.md): the newest message only; the server rebuilds the
 * rest. `runtime` says where the turn's commands run: "webcontainer" leaves them to this page.
 */
export type ChatRequestBody = { message: AgentUIMessage; model?: string; trigger: ChatTrigger; runtime: AgentRuntime; context?: MessageContext };

/**
 * The body of a chat request: the last message of the conversation (a new user message, the user
 * message a regenerate answers again, or the assistant message carrying approval answers or the
 * outputs of the calls the browser ran).
 */
export function buildChatRequestBody({
  messages,
  trigger,
  model,
  runtime = "box",
  context,
}: {
  messages: readonly AgentUIMessage[];
  trigger: ChatTrigger;
  model: string | null;
  runtime?: AgentRuntime;
  /** The editor context and @-mentions of a new prompt. */
  context?: MessageContext | null;
}): ChatRequestBody {
  const message = messages[messages.length - 1];
  if (!message) throw new Error("There is no message to send");
  return { message, ...(model ? { model } : {}), trigger, runtime, ...(context && trigger === "submit-message" && message.role === "user" ? { context } : {}) };
}

/**
 * useChat's transport for one session. The model travels with each request as `body.model` (the
 * request options of sendMessage, regenerate and approval answers), so a model picked later counts;
 * the runtime is read when the request is made, so a runtime that came up or fell back counts too.
 */
export function createAgentChatTransport({
  projectId,
  sessionId,
  getRuntime = () => "box",
}: {
  projectId: string;
  sessionId: string;
  getRuntime?: () => AgentRuntime;
}) {
  return new DefaultChatTransport<AgentUIMessage>({
    api: agentChatUrl({ projectId, sessionId }),
    credentials: "same-origin",
    prepareSendMessagesRequest: ({ messages, trigger, body }) => ({
      body: buildChatRequestBody({
        messages,
        trigger,
        model: typeof body?.model === "string" ? body.model : null,
        runtime: getRuntime(),
        // Only a context as the server takes it travels (a stale editor path is dropped, not refused).
        context: messageContextSchema.safeParse(body?.context).data ?? null,
      }),
    }),
  });
}

/**
 * A sentence for an error useChat reports. The transport throws the response's text, which for our
 * routes is `{ error: { code, message } }`; network failures are TypeErrors.
 */
export function describeChatError({ error }: { error: Error | undefined | null }): string {
  if (!error) return "";
  if (error instanceof TypeError) return "The server could not be reached. Check your connection and try again.";
  const raw = error.message.trim();
  if (raw.startsWith("{")) {
    try {
      const parsed = JSON.parse(raw) as { error?: { message?: unknown } | string };
      if (typeof parsed.error === "string" && parsed.error) return parsed.error;
      if (parsed.error && typeof parsed.error === "object" && typeof parsed.error.message === "string") return parsed.error.message;
    } catch {
      // Not JSON after all: shown as it is below.
    }
  }
  if (/^<!doctype|^<html/i.test(raw)) return "The server answered with an error page. Try again.";
  return raw || "Something went wrong. Try again.";
}

/** The approval ids the user still has to answer, in the last assistant message. */
export function pendingApprovalIds({ messages }: { messages: readonly AgentUIMessage[] }): string[] {
  const last = messages[messages.length - 1];
  if (!last || last.role !== "assistant") return [];
  const ids: string[] = [];
  for (const part of last.parts) {
    if ("approval" in part && part.approval && "state" in part && part.state === "approval-requested") ids.push(part.approval.id);
  }
  return ids;
}

/** The turn still running on the server (found after a reload), or null. */
export function findRunningTurn({ turns }: { turns: readonly TurnSummary[] }): TurnSummary | null {
  let last: TurnSummary | null = null;
  for (const turn of turns) if (!last || turn.seq > last.seq) last = turn;
  return last?.status === "running" ? last : null;
}

/** A session title from the first prompt: its first line of prose, without code, at most 80 characters. */
export function titleFromPrompt({ prompt }: { prompt: string }): string {
  const prose = prompt
    .replace(/```[\s\S]*?(```|$)/g, " ")
    .split("\n")
    .map((line) => line.replace(/\s+/g, " ").trim())
    .find((line) => line.length > 0);
  if (!prose) return "New chat";
  return prose.length <= 80 ? prose : `${clipText(prose, 79).trimEnd()}…`;
}

/** The allow-list as typed (one entry a line) → the list the server stores: trimmed, unique, bounded. */
export function parseAllowList({ text }: { text: string }): { entries: string[]; problems: string[] } {
  const entries: string[] = [];
  const problems: string[] = [];
  for (const raw of text.split("\n")) {
    const entry = raw.trim();
    if (!entry || entries.includes(entry)) continue;
    if (entry.length > 500) problems.push(`"${entry.slice(0, 40)}…" is longer than 500 characters`);
    else entries.push(entry);
  }
  if (entries.length > 100) problems.push(`At most 100 entries (${entries.length} given)`);
  return { entries: entries.slice(0, 100), problems };
}

/** Prompts the built-in offline agent understands, shown in an empty chat. */
export const offlineExamplePrompts: readonly { label: string; prompt: string }[] = [
  { label: "Run a JavaScript snippet", prompt: "execute code ```js\nconst xs = [1, 2, 3];\nconsole.log(xs.map((x) => x * 2));\n```" },
  { label: "What was the last code I ran?", prompt: "what was the last code I ran?" },
  { label: "Show the execution history", prompt: "show me the execution history" },
  { label: "Define a variable", prompt: "define variable x as 42" },
];

/** Starting points for a model-backed agent. */
export const modelExamplePrompts: readonly { label: string; prompt: string }[] = [
  { label: "Explain this project", prompt: "Explain how this project is structured and how to run it." },
  { label: "Add a README", prompt: "Write a README.md describing what this project does and how to run it." },
  { label: "Find and fix bugs", prompt: "Look through the code for bugs, fix them, and run it to check." },
  { label: "Write tests", prompt: "Add tests for the main module and run them." },
];
