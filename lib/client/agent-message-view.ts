import type { AgentDataParts, AgentErrorInfo, AgentUIMessage, ChangedFileSummary } from "@/lib/agent/ui-types";

/** How the panel reads an assistant message: parts grouped into what is drawn, tool calls summarized. */

export type AgentPart = AgentUIMessage["parts"][number];
/** A tool call: `tool-<name>` parts and dynamic tools. */
export type ToolPart = Extract<AgentPart, { toolCallId: string }>;
export type ToolRun = AgentDataParts["tool-run"];
export type TurnChanges = AgentDataParts["turn-changes"];

export type MessageBlock =
  | { kind: "text"; key: string; text: string; streaming: boolean }
  | { kind: "reasoning"; key: string; text: string; streaming: boolean }
  | { kind: "tool"; key: string; toolName: string; part: ToolPart; run: ToolRun | null }
  | { kind: "changes"; key: string; changes: TurnChanges }
  | { kind: "user-edits"; key: string; paths: string[] };

export function isToolPart(part: AgentPart): part is ToolPart {
  return part.type === "dynamic-tool" || part.type.startsWith("tool-");
}

export function toolNameOf(part: ToolPart): string {
  return part.type === "dynamic-tool" ? part.toolName : part.type.slice("tool-".length);
}

/**
 * The blocks of a message in reading order: neighbouring text parts merged (steps only split them),
 * each tool call with its stored run (duration, status), the user's edits first and the turn's
 * changes last. Live output parts are transient and never stored, so they are not drawn from here.
 */
export function groupMessageParts({ message }: { message: AgentUIMessage }): MessageBlock[] {
  const runs = new Map<string, ToolRun>();
  for (const part of message.parts) if (part.type === "data-tool-run") runs.set(part.data.toolCallId, part.data);

  const blocks: MessageBlock[] = [];
  const leading: MessageBlock[] = [];
  const trailing: MessageBlock[] = [];
  message.parts.forEach((part, index) => {
    const key = `${message.id}:${index}`;
    if (part.type === "text") {
      const previous = blocks[blocks.length - 1];
      if (!part.text) return;
      if (previous?.kind === "text") {
        previous.text = `${previous.text}\n\n${part.text}`;
        previous.streaming = part.state === "streaming";
      } else blocks.push({ kind: "text", key, text: part.text, streaming: part.state === "streaming" });
    } else if (part.type === "reasoning") {
      if (part.text.trim()) blocks.push({ kind: "reasoning", key, text: part.text, streaming: part.state === "streaming" });
    } else if (isToolPart(part)) {
      blocks.push({ kind: "tool", key: part.toolCallId, toolName: toolNameOf(part), part, run: runs.get(part.toolCallId) ?? null });
    } else if (part.type === "data-turn-changes") {
      // One card per turn: a later part for the same turn replaces the earlier one.
      const existing = trailing.findIndex((block) => block.kind === "changes" && block.changes.turnId === part.data.turnId);
      const block: MessageBlock = { kind: "changes", key: `changes:${part.data.turnId}`, changes: part.data };
      if (existing >= 0) trailing[existing] = block;
      else trailing.push(block);
    } else if (part.type === "data-user-edits") {
      if (part.data.paths.length > 0) leading.push({ kind: "user-edits", key, paths: part.data.paths });
    }
  });
  return [...leading, ...blocks, ...trailing];
}

/** The plain text of a message (for copying and for tests). */
export function messageText({ message }: { message: AgentUIMessage }): string {
  return message.parts
    .filter((part): part is Extract<AgentPart, { type: "text" }> => part.type === "text")
    .map((part) => part.text)
    .join("\n\n");
}

// ---- tool calls ----

export type ToolCategory = "read" | "search" | "write" | "delete" | "command" | "other";

export type ToolSummary = {
  /** Past tense once done ("Edited"), present while running ("Editing"). */
  label: string;
  runningLabel: string;
  /** The argument that says what the call is about: a path, a command, a pattern. */
  target: string | null;
  category: ToolCategory;
  /** For an approval request: what the agent asks to do, as a sentence. */
  request: string;
};

type ToolInput = Record<string, unknown>;
const str = (value: unknown): string | null => (typeof value === "string" && value.length > 0 ? value : null);
const firstLine = (text: string | null, max = 80): string | null => {
  if (text === null) return null;
  const line = text.split("\n").find((l) => l.trim()) ?? "";
  const trimmed = line.trim();
  return trimmed.length > max ? `${trimmed.slice(0, max - 1)}…` : trimmed || null;
};

const summaryByTool: Record<string, (input: ToolInput) => Omit<ToolSummary, "request"> & { request?: string }> = {
  list_files: (i) => ({ label: "Listed files", runningLabel: "Listing files", target: str(i.glob) ?? str(i.path), category: "read" }),
  read_file: (i) => ({
    label: "Read",
    runningLabel: "Reading",
    target: str(i.path) && typeof i.offset === "number" && i.offset > 1 ? `${i.path}:${i.offset}` : str(i.path),
    category: "read",
  }),
  outline: (i) => ({ label: "Outlined", runningLabel: "Outlining", target: str(i.path), category: "read" }),
  search: (i) => ({
    label: "Searched",
    runningLabel: "Searching",
    target: str(i.pattern) && str(i.glob) ? `${i.pattern} in ${i.glob}` : str(i.pattern),
    category: "search",
  }),
  write_file: (i) => ({ label: "Wrote", runningLabel: "Writing", target: str(i.path), category: "write", request: `write ${str(i.path) ?? "a file"}` }),
  edit_file: (i) => ({ label: "Edited", runningLabel: "Editing", target: str(i.path), category: "write", request: `edit ${str(i.path) ?? "a file"}` }),
  rename: (i) => ({
    label: "Renamed",
    runningLabel: "Renaming",
    target: str(i.from) && str(i.to) ? `${i.from} → ${i.to}` : (str(i.from) ?? null),
    category: "write",
    request: `rename ${str(i.from) ?? "a file"} to ${str(i.to) ?? "…"}`,
  }),
  delete: (i) => ({
    label: "Deleted",
    runningLabel: "Deleting",
    target: str(i.path),
    category: "delete",
    request: `delete ${str(i.path) ?? "a file"}${i.recursive === true ? " and everything in it" : ""}`,
  }),
  run_command: (i) => ({
    label: "Ran",
    runningLabel: "Running",
    target: firstLine(str(i.command), 200),
    category: "command",
    request: "run a command",
  }),
  check: (i) => ({ label: "Checked", runningLabel: "Checking", target: str(i.path) ?? "changed files", category: "read" }),
  run_code: (i) => ({
    label: `Ran ${i.language === "python" ? "Python" : "JavaScript"}`,
    runningLabel: `Running ${i.language === "python" ? "Python" : "JavaScript"}`,
    target: firstLine(str(i.code)),
    category: "command",
    request: `run ${i.language === "python" ? "Python" : "JavaScript"} code`,
  }),
};

/** What a tool call is, in a few words, from its name and (possibly partial) input. */
export function summarizeToolCall({ toolName, input }: { toolName: string; input: unknown }): ToolSummary {
  const args: ToolInput = input && typeof input === "object" ? (input as ToolInput) : {};
  const known = summaryByTool[toolName];
  if (known) {
    const summary = known(args);
    return { ...summary, request: summary.request ?? `use ${toolName}` };
  }
  const words = toolName.replace(/[_-]+/g, " ").trim();
  const label = words ? words[0]!.toUpperCase() + words.slice(1) : "Tool";
  const target = str(args.path) ?? firstLine(str(args.command)) ?? str(args.pattern) ?? str(args.glob) ?? firstLine(str(args.code));
  return { label, runningLabel: label, target, category: "other", request: `use ${words || "a tool"}` };
}

export type ToolPhase = "input" | "running" | "approval" | "approved" | "done" | "error" | "denied" | "interrupted";

/**
 * Where a call stands. A call left without output when its message is no longer streaming (stopped,
 * or the server lost the turn) reads as interrupted, as does a run stored as interrupted.
 */
export function toolPhase({ part, run, live }: { part: ToolPart; run: ToolRun | null; live: boolean }): ToolPhase {
  if (run?.status === "interrupted" && part.state !== "output-available") return "interrupted";
  switch (part.state) {
    case "input-streaming":
      return live ? "input" : "interrupted";
    case "input-available":
      return live ? "running" : "interrupted";
    case "approval-requested":
      return "approval";
    case "approval-responded":
      if (!part.approval.approved) return "denied";
      return live ? "approved" : "interrupted";
    case "output-available":
      return isErrorOutput(part.output) ? "error" : "done";
    case "output-error":
      return "error";
    case "output-denied":
      return "denied";
  }
}

function isErrorOutput(output: unknown): boolean {
  return !!output && typeof output === "object" && typeof (output as { error?: unknown }).error === "string";
}

export type ToolResultView = {
  error: string | null;
  exitCode: number | null;
  stdout: string | null;
  stderr: string | null;
  /** Any other output, as text (a file's content, a list, JSON). */
  text: string | null;
  /** The value of a snippet's last expression, as the runtime shows it (run_code). */
  value: string | null;
  note: string | null;
  truncated: boolean;
};

const truncationPattern = /\[(?:… [^\]\n]*|line cut)\]/;

/** A tool's output, read for display: errors, exit code and streams of commands, or text. */
export function readToolResult({ part }: { part: ToolPart }): ToolResultView | null {
  const view: ToolResultView = { error: null, exitCode: null, stdout: null, stderr: null, text: null, value: null, note: null, truncated: false };
  if (part.state === "output-error") return { ...view, error: part.errorText || "The tool failed." };
  if (part.state === "output-denied") return { ...view, note: part.approval.reason ? `Denied: ${part.approval.reason}` : "Denied" };
  if (part.state !== "output-available") return null;
  const output = part.output as unknown;
  if (typeof output === "string") return { ...view, text: output, truncated: truncationPattern.test(output) };
  if (!output || typeof output !== "object") return { ...view, text: output === undefined ? null : JSON.stringify(output) };
  const o = output as Record<string, unknown>;
  if (typeof o.error === "string") return { ...view, error: o.error };
  const note = str(o.note);
  const flagged = o.truncated === true;
  if (typeof o.exitCode === "number") {
    const stdout = typeof o.stdout === "string" ? o.stdout : null;
    const stderr = typeof o.stderr === "string" ? o.stderr : null;
    const truncated = flagged || [stdout, stderr].some((s) => s !== null && truncationPattern.test(s));
    const value = typeof o.value === "string" ? o.value : null;
    return { ...view, exitCode: o.exitCode, stdout, stderr, value, note, truncated };
  }
  if (typeof o.content === "string") return { ...view, text: o.content, note, truncated: flagged || truncationPattern.test(o.content) };
  // A tool that words its own answer (edit_file's numbered snippet, check's report) is shown as worded.
  if (typeof o.text === "string") return { ...view, text: o.text, note, truncated: flagged };
  if (Array.isArray(o.files)) return { ...view, text: o.files.map(String).join("\n") || "(no files)", note, truncated: flagged };
  if (Array.isArray(o.matches)) {
    const lines = o.matches.map((m) => {
      const match = (m ?? {}) as { path?: unknown; line?: unknown; text?: unknown };
      return `${String(match.path)}:${String(match.line)}: ${String(match.text ?? "")}`;
    });
    return { ...view, text: lines.join("\n") || "(no matches)", note, truncated: flagged };
  }
  if (typeof o.response === "string") return { ...view, text: o.response, note, truncated: flagged };
  return { ...view, text: JSON.stringify(output, null, 2), note, truncated: flagged };
}

/** Text split at truncation markers ("[… 120 earlier characters cut …]"), so they can be shown apart. */
export function splitTruncationMarkers(text: string): { text: string; marker: boolean }[] {
  const segments: { text: string; marker: boolean }[] = [];
  const pattern = new RegExp(truncationPattern.source, "g");
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > at) segments.push({ text: text.slice(at, match.index), marker: false });
    segments.push({ text: match[0], marker: true });
    at = match.index + match[0].length;
  }
  if (at < text.length) segments.push({ text: text.slice(at), marker: false });
  return segments;
}

// ---- live output ----

export type LiveOutput = { chunks: { stream: "stdout" | "stderr"; text: string }[]; chars: number; dropped: number };

export const emptyLiveOutput: LiveOutput = { chunks: [], chars: 0, dropped: 0 };

/**
 * Appends streamed output of a running call; neighbouring chunks of one stream are joined, and past
 * `maxChars` the oldest output is dropped (the end is where errors are).
 */
export function appendLiveOutput(
  previous: LiveOutput,
  chunk: { stream: "stdout" | "stderr"; text: string },
  maxChars = 64_000,
): LiveOutput {
  if (!chunk.text) return previous;
  const chunks = previous.chunks.slice();
  const last = chunks[chunks.length - 1];
  if (last && last.stream === chunk.stream) chunks[chunks.length - 1] = { stream: last.stream, text: last.text + chunk.text };
  else chunks.push({ stream: chunk.stream, text: chunk.text });
  let chars = previous.chars + chunk.text.length;
  let dropped = previous.dropped;
  while (chars > maxChars && chunks.length > 0) {
    const first = chunks[0]!;
    const excess = chars - maxChars;
    if (first.text.length <= excess) {
      chunks.shift();
      chars -= first.text.length;
      dropped += first.text.length;
    } else {
      chunks[0] = { stream: first.stream, text: first.text.slice(excess) };
      chars -= excess;
      dropped += excess;
    }
  }
  return { chunks, chars, dropped };
}

// ---- changes, footers ----

export function summarizeChanges({ files }: { files: readonly ChangedFileSummary[] }): {
  files: number;
  additions: number;
  deletions: number;
} {
  return files.reduce(
    (sum, file) => ({ files: sum.files + 1, additions: sum.additions + file.additions, deletions: sum.deletions + file.deletions }),
    { files: 0, additions: 0, deletions: 0 },
  );
}

/**
 * A turn's review decisions after a POST review: the server's map when it answers one, else the
 * previous decisions plus this one.
 */
export function mergeReview({
  previous,
  path,
  decision,
  response,
}: {
  previous: Readonly<Record<string, "accepted" | "rejected">>;
  path: string;
  decision: "accept" | "reject";
  response: unknown;
}): Record<string, "accepted" | "rejected"> {
  const mine = decision === "accept" ? "accepted" : "rejected";
  if (response && typeof response === "object" && !Array.isArray(response)) {
    const map: Record<string, "accepted" | "rejected"> = {};
    for (const [key, value] of Object.entries(response)) if (value === "accepted" || value === "rejected") map[key] = value;
    if (Object.keys(map).length > 0) return { ...previous, ...map, [path]: map[path] ?? mine };
  }
  return { ...previous, [path]: mine };
}

/** What to tell the person about a failed turn, beyond the error's own words. */
export const errorHintByCode: Record<AgentErrorInfo["code"], string> = {
  rate_limit: "The model provider is rate-limiting requests. Wait a moment, then retry.",
  auth: "The model provider refused the API key. Check the key configured on the server.",
  unreachable: "The model provider could not be reached. Check the server's network or OPENAI_BASE_URL.",
  context_overflow: "The conversation is too long for this model. Start a new chat, or pick a model with a larger context.",
  bad_model: "This model is not available. Pick another model above.",
  provider: "The model provider reported an error. Retrying often helps.",
  internal: "Something went wrong on the server. Retrying often helps.",
};

export function formatDuration({ ms }: { ms: number }): string {
  if (!Number.isFinite(ms) || ms < 0) return "";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds === 60 ? `${minutes + 1} min` : seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}

export function formatTokenCount({ count }: { count: number }): string {
  if (count < 1000) return String(count);
  if (count < 10_000) return `${(count / 1000).toFixed(1)}k`;
  if (count < 1_000_000) return `${Math.round(count / 1000)}k`;
  return `${(count / 1_000_000).toFixed(1)}M`;
}

/** "just now", "5 min ago", "3 h ago", "yesterday", else the date. */
export function formatRelativeTime({ iso, now }: { iso: string; now: number }): string {
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return "";
  const seconds = Math.max(0, (now - at) / 1000);
  if (seconds < 45) return "just now";
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  if (seconds < 2 * 86_400) return "yesterday";
  return new Date(at).toLocaleDateString(undefined, { month: "short", day: "numeric" });
}
