import type { ChatCompletionRequest, ScriptFunction, ScriptedReply } from "../support/scripted-openai-server";
import { lastUserText, messageText, toolResultsOf } from "../support/scripted-openai-server";
import type { Expectation, Transcript, TranscriptCall, UserSaves } from "./types";

/** A call the replay made, with what the model was given back for it. */
export type ReplayedCall = { id: string; turn: number; call: TranscriptCall; result: string | undefined };

/** Everything a replay saw: problems with the transcript's expectations, the calls made, compactions. */
export type ReplayLog = { problems: string[]; calls: ReplayedCall[]; summaries: number; requests: number; overflows: number };

export const newReplayLog = (): ReplayLog => ({ problems: [], calls: [], summaries: 0, requests: 0, overflows: 0 });

/** OpenAI's answer to a request over the model's window. */
const contextOverflow = {
  error: {
    message: "This model's maximum context length is 8192 tokens. However, your messages resulted in 9210 tokens. Please reduce the length of the messages.",
    type: "invalid_request_error",
    param: "messages",
    code: "context_length_exceeded",
  },
};

const defaultSummary = "The user asked for a change to the project; the work so far is in the files changed.";

/**
 * What the model would read in a tool result: the text itself, and for a JSON result its string
 * values unescaped too, so an expectation holds whether a tool answers in text or in JSON.
 */
export function visibleText(content: string): string {
  try {
    const strings: string[] = [];
    const walk = (value: unknown) => {
      if (typeof value === "string") strings.push(value);
      else if (value && typeof value === "object") for (const v of Object.values(value)) walk(v);
      else if (value !== null && value !== undefined) strings.push(String(value));
    };
    walk(JSON.parse(content));
    return `${content}\n${strings.join("\n")}`;
  } catch {
    return content;
  }
}

/** What is wrong with `text` against `expect` (error is checked on the stored tool run, not here). */
export function unmet(expect: Expectation | undefined, text: string): string[] {
  const problems: string[] = [];
  for (const wanted of expect?.contains ?? []) if (!text.includes(wanted)) problems.push(`lacks "${wanted}"`);
  for (const unwanted of expect?.notContains ?? []) if (text.includes(unwanted)) problems.push(`has "${unwanted}"`);
  return problems;
}

const short = (text: string) => (text.length > 600 ? `${text.slice(0, 600)}…` : text);

/**
 * The scripted model for one turn of a transcript: each request gets the next step, after checking
 * the results of the previous step's calls against their expectations. A request without tools is
 * the summarizer compacting the conversation; it gets the transcript's summary and no step.
 */
export function replayTurn(
  transcript: Transcript,
  turn: number,
  log: ReplayLog,
  /** Saves the user's edits made while the agent works (a step's userSaves). */
  onUserSaves: (saves: UserSaves) => Promise<void>,
): { script: ScriptFunction; finish(): void } {
  const steps = transcript.turns[turn]?.steps ?? [];
  let next = 0;
  let waiting: ReplayedCall[] = [];
  const where = (index: number) => `turn ${turn + 1} step ${index + 1}`;

  const settle = (request: ChatCompletionRequest | null) => {
    const results = request ? toolResultsOf(request) : new Map<string, string>();
    for (const replayed of waiting) {
      const content = results.get(replayed.id);
      replayed.result = content;
      const label = `${replayed.call.tool}${replayed.call.stumble ? ` (stumble: ${replayed.call.stumble})` : ""}`;
      if (content === undefined) {
        // A recorded live run may end on calls whose results its turn never sent (the step cap).
        if (!replayed.call.pending && transcript.kind !== "recorded") log.problems.push(`${where(next - 1)}: ${label} got no result back to the model`);
        continue;
      }
      const missing = unmet(replayed.call.expect, visibleText(content));
      if (missing.length && !replayed.call.pending) log.problems.push(`${where(next - 1)}: ${label} result ${missing.join(", ")}; it was: ${short(content)}`);
    }
    waiting = [];
  };

  const script: ScriptFunction = async (request): Promise<ScriptedReply> => {
    if (!request.tools?.length) {
      log.summaries++;
      return { text: transcript.summary ?? defaultSummary };
    }
    log.requests++;
    settle(request);
    const index = next++;
    const step = steps[index];
    if (!step) {
      log.problems.push(`${where(index)}: the agent asked the model again after the transcript's last step`);
      return { text: "(transcript exhausted)" };
    }
    const system = messageText(request.messages.find((m) => m.role === "system")?.content);
    for (const wanted of step.request?.systemContains ?? []) if (!system.includes(wanted)) log.problems.push(`${where(index)}: system prompt lacks "${wanted}"`);
    const user = lastUserText(request);
    for (const wanted of step.request?.userContains ?? []) if (!user.includes(wanted)) log.problems.push(`${where(index)}: user message lacks "${wanted}"`);
    if ("overflow" in step) {
      log.overflows++;
      return { error: { status: 400, body: contextOverflow } };
    }
    if (step.userSaves) await onUserSaves(step.userSaves);
    if (!("calls" in step)) return { text: step.say };
    waiting = step.calls.map((call, i) => ({ id: `call_t${turn + 1}s${index + 1}c${i + 1}`, turn, call, result: undefined }));
    log.calls.push(...waiting);
    return { text: step.say, toolCalls: waiting.map((w) => ({ id: w.id, name: w.call.tool, args: w.call.args })) };
  };

  return {
    script,
    /** After the turn: the last step's results were never read back, or steps were left over. */
    finish() {
      if (waiting.length) settle(null);
      if (next < steps.length) log.problems.push(`turn ${turn + 1}: the turn ended after ${next} of ${steps.length} steps`);
    },
  };
}
