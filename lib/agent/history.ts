import { getToolName, isToolUIPart } from "ai";
import type { AgentUIMessage } from "./ui-types";

type Part = AgentUIMessage["parts"][number];

/** A rough token count (4 characters a token): enough to decide when to compact. */
export function estimateTokens(value: unknown): number {
  return Math.ceil((typeof value === "string" ? value : JSON.stringify(value)).length / 4);
}

/**
 * Makes stored messages safe to send to a model: a tool call left without a result (the turn was
 * stopped, or an approval never answered) gets an error result, or providers refuse the request.
 */
export function closeOpenToolCalls(messages: AgentUIMessage[], { keepOpenIn }: { keepOpenIn?: string } = {}): AgentUIMessage[] {
  return messages.map((message) => {
    if (message.role !== "assistant" || message.id === keepOpenIn) return message;
    let changed = false;
    const parts = message.parts.map((part): Part => {
      if (!isToolUIPart(part)) return part;
      if (part.state === "output-available" || part.state === "output-error" || part.state === "output-denied") return part;
      changed = true;
      return {
        ...part,
        state: "output-error",
        input: part.input ?? {},
        errorText: part.state === "approval-requested" ? "The user did not answer the approval request" : "Interrupted before it finished",
      } as Part;
    });
    return changed ? { ...message, parts } : message;
  });
}

const oldOutputChars = 1500;

/** Tool outputs older than the last `keepRecent` assistant messages are cut to their start. */
export function shrinkOldToolOutputs(messages: AgentUIMessage[], keepRecent = 2): AgentUIMessage[] {
  let assistantSeen = 0;
  const out = [...messages];
  for (let i = out.length - 1; i >= 0; i--) {
    const message = out[i]!;
    if (message.role !== "assistant") continue;
    if (++assistantSeen <= keepRecent) continue;
    out[i] = {
      ...message,
      parts: message.parts.map((part): Part => {
        if (!isToolUIPart(part) || part.state !== "output-available") return part;
        const text = JSON.stringify(part.output);
        if (text.length <= oldOutputChars) return part;
        return { ...part, output: { truncated: `${text.slice(0, oldOutputChars)}… [older tool output shortened]` } } as Part;
      }),
    };
  }
  return out;
}

/** The conversation as plain text, for summarizing. */
export function transcript(messages: AgentUIMessage[], maxChars: number): string {
  const lines: string[] = [];
  for (const message of messages) {
    for (const part of message.parts) {
      if (part.type === "text") lines.push(`${message.role}: ${part.text}`);
      else if (isToolUIPart(part)) {
        const result = part.state === "output-available" ? JSON.stringify(part.output) : part.state === "output-error" ? part.errorText : part.state;
        lines.push(`tool ${getToolName(part)}(${JSON.stringify(part.input).slice(0, 200)}) → ${String(result).slice(0, 300)}`);
      }
    }
  }
  const text = lines.join("\n");
  return text.length <= maxChars ? text : `[… earlier part cut …]\n${text.slice(text.length - maxChars)}`;
}

/**
 * Where to cut a conversation that no longer fits `budgetTokens`: the index of the first message
 * to keep verbatim (always a user message, at least the last one), or 0 when it all fits.
 */
export function compactionCut(messages: AgentUIMessage[], fixedTokens: number, budgetTokens: number): number {
  const sizes = messages.map(estimateTokens);
  const total = fixedTokens + sizes.reduce((a, b) => a + b, 0);
  if (total <= budgetTokens) return 0;
  let kept = fixedTokens;
  let cut = messages.length;
  for (let i = messages.length - 1; i >= 0; i--) {
    kept += sizes[i]!;
    if (messages[i]!.role === "user") {
      if (kept > budgetTokens / 2 && cut < messages.length) break;
      cut = i;
    }
  }
  return cut === messages.length ? Math.max(0, messages.findLastIndex((m) => m.role === "user")) : cut;
}

/** A summary written without a model: the user's requests and the agent's answers, shortened. */
export function mechanicalSummary(previous: string | null, messages: AgentUIMessage[]): string {
  const lines = messages.flatMap((m) =>
    m.parts.flatMap((p) => (p.type === "text" && p.text.trim() ? [`- ${m.role}: ${p.text.replace(/\s+/g, " ").slice(0, 300)}`] : [])),
  );
  const text = [previous ?? "", ...lines].filter(Boolean).join("\n");
  return text.length <= 6000 ? text : "…\n" + text.slice(text.length - 6000);
}
