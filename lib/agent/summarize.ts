import "server-only";
import { generateText, type LanguageModel } from "ai";
import { transcript } from "./history";
import type { AgentUIMessage } from "./ui-types";

/** Folds older messages (and the previous summary) into a short summary, written by the model itself. */
export async function summarizeConversation({
  model,
  previous,
  messages,
  signal,
}: {
  model: LanguageModel;
  previous: string | null;
  messages: AgentUIMessage[];
  signal?: AbortSignal;
}): Promise<string> {
  const { text } = await generateText({
    model,
    abortSignal: signal,
    maxRetries: 1,
    system:
      "You compress a coding conversation so it can continue in a smaller context. Keep: what the user wants, decisions made, " +
      "files changed and why, open problems, facts learned about the project. Drop greetings and tool output details. At most 300 words.",
    prompt: [previous ? `Earlier summary:\n${previous}` : "", `Conversation to fold in:\n${transcript(messages, 40_000)}`].filter(Boolean).join("\n\n"),
  });
  return text.trim().slice(0, 6000);
}
