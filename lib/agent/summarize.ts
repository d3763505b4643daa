import "server-only";
import { generateText, type LanguageModel } from "ai";
import { mechanicalSummary, transcript } from "./history";
import type { AgentUIMessage, ChangedFileSummary } from "./ui-types";

/**
 * A summary of the folded part of a session has three parts. Two are facts the app knows exactly
 * and never leaves to the summarizer: the user's first request, verbatim, and the files the agent
 * changed so far. The third is the model's own account of the rest.
 */

export type SessionFacts = {
  /** The first request of the session, verbatim (cut only past firstRequestChars, saying so). */
  firstRequest: string | null;
  filesChanged: Array<Pick<ChangedFileSummary, "path" | "change">>;
};

const firstRequestChars = 8000;
const narrativeChars = 6000;
const narrativeHeading = "Summary of the earlier conversation:";

/** The facts from the session's stored messages (all of them, folded or not) and this turn's changes so far. */
export function sessionFacts(messages: AgentUIMessage[], currentTurn: SessionFacts["filesChanged"] = []): SessionFacts {
  const first = messages.find((m) => m.role === "user");
  const text = first?.parts.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("\n").trim() ?? "";
  const firstRequest = text ? (text.length <= firstRequestChars ? text : `${text.slice(0, firstRequestChars)}\n[… ${text.length - firstRequestChars} more characters cut]`) : null;
  const byPath = new Map<string, ChangedFileSummary["change"]>();
  const add = ({ path, change }: { path: string; change: ChangedFileSummary["change"] }) => {
    const before = byPath.get(path);
    // Created in the session and changed since is still "added"; deleted after that, it is gone again.
    if (before === "added" && change === "deleted") byPath.delete(path);
    else byPath.set(path, before === "added" && change === "modified" ? "added" : change);
  };
  for (const message of messages)
    for (const part of message.parts) if (part.type === "data-turn-changes") part.data.files.forEach(add);
  currentTurn.forEach(add);
  return { firstRequest, filesChanged: [...byPath].map(([path, change]) => ({ path, change })) };
}

/** The summary as the system prompt shows it: the facts first, then the narrative. */
export function composeSummary({ firstRequest, filesChanged }: SessionFacts, narrative: string): string {
  const letter = { added: "A", modified: "M", deleted: "D" } as const;
  const files = filesChanged.length ? filesChanged.map((f) => `${letter[f.change]} ${f.path}`).join("\n") : "(none yet)";
  return [
    firstRequest ? `The user's first request in this session (verbatim):\n${firstRequest}` : "",
    `Files the agent changed so far in this session (A added, M modified, D deleted):\n${files}`,
    `${narrativeHeading}\n${narrative.trim()}`,
  ]
    .filter(Boolean)
    .join("\n\n");
}

/** The narrative part of a composed summary (an older, plain summary is all narrative). */
export function summaryNarrative(summary: string | null): string | null {
  if (!summary) return null;
  const at = summary.lastIndexOf(`${narrativeHeading}\n`);
  return at < 0 ? summary : summary.slice(at + narrativeHeading.length + 1);
}

/** Folds older messages (and the previous summary) into a new summary; the narrative is written by the model itself. */
export async function summarizeConversation({
  model,
  previous,
  messages,
  facts,
  signal,
}: {
  model: LanguageModel;
  previous: string | null;
  messages: AgentUIMessage[];
  facts: SessionFacts;
  signal?: AbortSignal;
}): Promise<string> {
  const earlier = summaryNarrative(previous);
  const { text } = await generateText({
    model,
    abortSignal: signal,
    maxRetries: 1,
    system:
      "You compress a coding conversation so it can continue in a smaller context. Write these sections: DONE (what was " +
      "completed), PENDING (what is left or was asked and not done), DECISIONS, TESTS (what was run and how it ended), FACTS " +
      "(learned about the project). Drop greetings and tool output details. At most 300 words. The user's first request and " +
      "the list of changed files are kept separately; do not repeat them.",
    prompt: [earlier ? `Earlier summary:\n${earlier}` : "", `Conversation to fold in:\n${transcript(messages, 40_000)}`].filter(Boolean).join("\n\n"),
  });
  return composeSummary(facts, text.trim().slice(0, narrativeChars));
}

/** The same summary without a model (it failed, or the window is too small for one more call). */
export function summarizeMechanically({ previous, messages, facts }: { previous: string | null; messages: AgentUIMessage[]; facts: SessionFacts }): string {
  return composeSummary(facts, mechanicalSummary(summaryNarrative(previous), messages));
}
