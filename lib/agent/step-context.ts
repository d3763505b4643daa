import type { ModelMessage, PrepareStepFunction, ToolSet } from "ai";

/**
 * What the model sees at each step of a turn: old tool results folded to a one-line stub (the
 * model can call the tool again), and a warning as the step budget runs out. OpenHands masks old
 * observations the same way; SWE-agent keeps the last N.
 */

export const stepContextDefaults = {
  /** The newest tool results the model always sees whole. */
  keepWhole: 6,
  /** Older results at most this long stay; longer ones become a stub. */
  stubAbove: 600,
  /** Older tool-call inputs (write_file content, edit texts) longer than this are elided too. */
  inputAbove: 1000,
  /** The warning starts when this many steps (this one included) are left. */
  warnWhenLeft: 5,
} as const;

type ToolCallPart = { type: "tool-call"; toolCallId: string; toolName: string; input: unknown };
type ToolResultPart = Extract<Extract<ModelMessage, { role: "tool" }>["content"][number], { type: "tool-result" }>;
type Output = ToolResultPart["output"];

function outputText(output: Output): string {
  switch (output.type) {
    case "text":
    case "error-text":
      return output.value;
    case "json":
    case "error-json":
      return JSON.stringify(output.value);
    case "content":
      return output.value.map((part) => ("text" in part ? part.text : `[${part.type}]`)).join("\n");
    default:
      return "";
  }
}

/** The call in a few words: its path, command or pattern. */
function describeCall(call: ToolCallPart | undefined): string {
  const input = (call?.input ?? {}) as Record<string, unknown>;
  const key = ["path", "command", "pattern", "from", "language"].find((k) => typeof input[k] === "string");
  if (!key) return "";
  const value = String(input[key]).replace(/\s+/g, " ");
  return ` ${key === "command" ? "`" : ""}${value.length > 120 ? `${value.slice(0, 120)}…` : value}${key === "command" ? "`" : ""}`;
}

function stub(call: ToolCallPart | undefined, toolName: string, text: string): string {
  const firstLine = text.trimStart().split("\n", 1)[0]!.slice(0, 160);
  return (
    `[Older result of ${toolName}${describeCall(call)} elided to save context (${text.length} characters). ` +
    `It began: "${firstLine}". Call ${toolName} again if you need it.]`
  );
}

function shrinkInput(input: unknown, above: number): unknown {
  if (!input || typeof input !== "object" || Array.isArray(input)) return input;
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (typeof value === "string" && value.length > above) {
      out[key] = `[${value.length} characters, elided to save context]`;
      changed = true;
    } else out[key] = value;
  }
  return changed ? out : input;
}

/**
 * Keeps the newest `keepWhole` tool results as they are; an older result longer than `stubAbove`
 * becomes a stub naming the call, and the long string inputs of those older calls are elided.
 * Returns the same array when nothing changed.
 */
export type TrimOptions = { keepWhole?: number; stubAbove?: number; inputAbove?: number };

export function trimToolResults(
  messages: ModelMessage[],
  { keepWhole = stepContextDefaults.keepWhole, stubAbove = stepContextDefaults.stubAbove, inputAbove = stepContextDefaults.inputAbove }: TrimOptions = {},
): ModelMessage[] {
  const calls = new Map<string, ToolCallPart>();
  const resultIds: string[] = [];
  for (const message of messages) {
    if (message.role === "assistant" && Array.isArray(message.content))
      for (const part of message.content) if (part.type === "tool-call") calls.set(part.toolCallId, part as ToolCallPart);
    if (message.role === "tool") for (const part of message.content) if (part.type === "tool-result") resultIds.push(part.toolCallId);
  }
  const old = new Set(resultIds.slice(0, Math.max(0, resultIds.length - keepWhole)));
  if (old.size === 0) return messages;
  let changed = false;
  const out = messages.map((message): ModelMessage => {
    if (message.role === "tool") {
      let touched = false;
      const content = message.content.map((part) => {
        if (part.type !== "tool-result" || !old.has(part.toolCallId)) return part;
        const text = outputText(part.output);
        if (text.length <= stubAbove) return part;
        touched = true;
        return { ...part, output: { type: "text" as const, value: stub(calls.get(part.toolCallId), part.toolName, text) } };
      });
      if (!touched) return message;
      changed = true;
      return { ...message, content };
    }
    if (message.role === "assistant" && Array.isArray(message.content)) {
      let touched = false;
      const content = message.content.map((part) => {
        if (part.type !== "tool-call" || !old.has(part.toolCallId)) return part;
        const input = shrinkInput(part.input, inputAbove);
        if (input === part.input) return part;
        touched = true;
        return { ...part, input };
      });
      if (!touched) return message;
      changed = true;
      return { ...message, content };
    }
    return message;
  });
  return changed ? out : messages;
}

/** What the model is told as the step budget runs out; null while there is room. `stepNumber` is 0-based. */
export function stepBudgetNote({ stepNumber, maxSteps, warnWhenLeft = stepContextDefaults.warnWhenLeft }: { stepNumber: number; maxSteps: number; warnWhenLeft?: number }): string | null {
  const left = maxSteps - stepNumber;
  if (left > warnWhenLeft) return null;
  if (left <= 1)
    return (
      "Step budget: this is your last step in this turn; a tool called now will not be answered. Reply now with what you " +
      "changed, what you checked, and what is left, so the user can say \"continue\"."
    );
  return (
    `Step budget: ${left} steps left in this turn, this one included. Finish the change in hand, check it, and end with a short ` +
    "summary of what is done and what is left; do not start new work."
  );
}

/**
 * The turn's prepareStep: trims old tool results at every step, and near the step cap adds the
 * budget warning to the system prompt, so the turn ends in an answer rather than mid-edit. Tools
 * stay offered on the last step: a model that ignores tool_choice "none" would fail the turn.
 * `stepOffset` counts steps already taken before a retried stream.
 */
export function createPrepareStep<TOOLS extends ToolSet>({
  system,
  maxSteps,
  stepOffset = 0,
  trim = {},
}: {
  system: string;
  maxSteps: number;
  stepOffset?: number;
  trim?: TrimOptions;
}): PrepareStepFunction<TOOLS> {
  return ({ stepNumber, messages }) => {
    const trimmed = trimToolResults(messages, trim);
    const note = stepBudgetNote({ stepNumber: stepNumber + stepOffset, maxSteps });
    return {
      ...(trimmed !== messages ? { messages: trimmed } : {}),
      ...(note ? { system: `${system}\n\n${note}` } : {}),
    };
  };
}
