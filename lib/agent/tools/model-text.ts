import type { Tool } from "ai";

/** What a tool's toModelOutput returns (the AI SDK's ToolResultOutput). */
export type ToolResultOutput = Awaited<ReturnType<NonNullable<Tool["toModelOutput"]>>>;

/**
 * What the model reads of a tool's result: plain text, never a JSON-escaped object (a file's quotes,
 * tabs and newlines escaped are where copied edit texts go wrong). The UI keeps the structured output.
 * See the contract in context.ts.
 */
export type ModelTextFormatter = (output: Record<string, unknown>) => string;

/** Fields the turn adds to any result (saving, refused names, locked writes): said after the tool's own text. */
const turnNotes: Array<[string, (value: unknown) => string | null]> = [
  ["saveError", (v) => (typeof v === "string" ? `Not saved: ${v}` : null)],
  ["notSaved", (v) => (typeof v === "string" ? `Not saved: ${v}` : null)],
  ["refusedWrites", (v) => (v && typeof v === "object" && typeof (v as { message?: unknown }).message === "string" ? (v as { message: string }).message : null)],
];
const turnNoteKeys = new Set(turnNotes.map(([key]) => key));

/** A result as the text the model reads: `{ error }` as "Error: …", a `text` field as is, a formatter's text, or every field. */
export function toolOutputText(output: unknown, format?: ModelTextFormatter): string {
  if (typeof output === "string") return output;
  if (output === null || output === undefined) return "(no output)";
  if (typeof output !== "object" || Array.isArray(output)) return renderValue(output);
  const record = output as Record<string, unknown>;
  if (typeof record.error === "string") {
    const rest = renderFields(record, new Set(["error", ...turnNoteKeys]));
    return `Error: ${record.error}${rest ? `\n${rest}` : ""}`;
  }
  if (typeof record.text === "string") return record.text;
  if (format) return safeFormat(format, record);
  return renderFields(record, turnNoteKeys) || "(done)";
}

/**
 * The turn's notes on a result (not saved, refused names, locked writes reverted), said after
 * whatever text the tool gave: the turn adds them to any tool's output (turn-tools.ts).
 */
export function withTurnNotes(result: ToolResultOutput, output: unknown): ToolResultOutput {
  if (result.type !== "text" || !output || typeof output !== "object") return result;
  const record = output as Record<string, unknown>;
  const notes = turnNotes.map(([key, say]) => (key in record ? say(record[key]) : null)).filter((n): n is string => n !== null);
  return notes.length ? { ...result, value: [result.value, ...notes].join("\n") } : result;
}

/** A formatter given an older, shortened output (see history.ts) falls back to the fields. */
function safeFormat(format: ModelTextFormatter, record: Record<string, unknown>): string {
  try {
    return format(record);
  } catch {
    return renderFields(record, turnNoteKeys);
  }
}

/** Every field as `name: value`; multi-line text as a block under its name; lists one item a line. */
export function renderFields(record: Record<string, unknown>, skip: ReadonlySet<string> = new Set()): string {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined || skip.has(key)) continue;
    if (typeof value === "string" && value.includes("\n")) lines.push(`${key}:`, value);
    else if (Array.isArray(value) && value.some((item) => item !== null && typeof item === "object")) {
      lines.push(`${key}:`);
      for (const item of value) lines.push(`- ${renderValue(item)}`);
      if (value.length === 0) lines.push("(none)");
    } else lines.push(`${key}: ${renderValue(value)}`);
  }
  return lines.join("\n");
}

function renderValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || typeof value !== "object") return String(value);
  if (Array.isArray(value)) return value.length === 0 ? "(none)" : value.map(renderValue).join(", ");
  return Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === "object" && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(", ");
}

/** The AI SDK hook: the model is sent this text instead of the JSON of the output. */
export function modelTextOutput(output: unknown, format?: ModelTextFormatter): ToolResultOutput {
  return { type: "text", value: toolOutputText(output, format) };
}

/** Gives a tool a text rendering of its result for the model (its own formatter, or the generic one). */
export function withModelText<T extends object>(tool: T, format?: ModelTextFormatter): T {
  return { ...tool, toModelOutput: ({ output }: { output: unknown }) => modelTextOutput(output, format) };
}

/** Every tool of a set that has no rendering of its own gets the generic one; the set's types are kept. */
export function withModelTextAll<T extends Record<string, object>>(tools: T): T {
  return Object.fromEntries(Object.entries(tools).map(([name, tool]) => [name, "toModelOutput" in tool && tool.toModelOutput ? tool : withModelText(tool)])) as T;
}
