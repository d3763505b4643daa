import { normalizeProjectPath } from "@/lib/validation/paths";
import { holdsLockedPath, isLockedPath } from "../locked-writes";
import { maxReadLines } from "../limits";
import { SandboxError, type Sandbox } from "@/lib/sandbox/types";
import type { NotebookSession } from "../notebook";
import { FileLedger } from "./file-ledger";

/**
 * What every tool factory receives: the session's active sandbox and the write policy.
 *
 * What the model reads of a result (model-text.ts): plain text, never the JSON of the output; the
 * UI keeps the structured output. A tool chooses how it reads:
 * - return `{ error: "…" }` for an expected failure: the model reads "Error: …" (say what to do next);
 * - return `{ …fields for the UI, text: "…" }`: the model reads exactly `text`;
 * - or wrap the definition, `withModelText(tool({...}), (output) => "…")`, to render the output
 *   itself without storing the text twice (read_file does);
 * - or set the AI SDK's `toModelOutput` on the definition yourself, returning `{ type: "text", value }`;
 * - otherwise every field is shown as `name: value`, multi-line values as blocks.
 * createAgentTools gives every tool without its own rendering the generic one; the turn
 * (turn-tools.ts) adds its notes (not saved, refused writes) after any tool's text.
 */
export type AgentToolContext = {
  sandbox: Sandbox;
  /** Files the user locked; the agent may read them but never write, rename or delete them. */
  lockedPaths?: ReadonlySet<string> | ((path: string) => boolean);
  /** Called after a successful write, rename target or delete, with the project-relative path. */
  onFileWritten?: (event: { path: string; change: "written" | "deleted" | "renamed"; from?: string }) => void;
  /** Serializes writes per path; tools built by one createAgentTools call share it. */
  pathLocks?: PathMutex;
  /** The model's context window in tokens: how much one result may hold (limits.ts toolOutputBudget). */
  contextTokens?: number;
  /** What the agent read and changed in this turn; tools built by one createAgentTools call share it. */
  files?: FileLedger;
  /** The session's notebook: run_code keeps its names between calls (box only, see notebook.ts). */
  notebook?: NotebookSession;
};

/** The context's file ledger (a private one when the tool was built alone, e.g. in a test). */
export function fileLedger(context: AgentToolContext): FileLedger {
  return context.files ?? (context.files = new FileLedger());
}

export type ToolError = { error: string };

export const outputCaps = {
  readLines: maxReadLines,
  listEntries: 500,
  searchMatches: 200,
  searchLineChars: 300,
  searchFileBytes: 1024 * 1024,
  writeChars: 1024 * 1024,
} as const;

/** True when `path` is locked, inside a locked folder, or (for a Set of locked paths) a folder holding a locked path. */
export function isLocked(context: AgentToolContext, path: string): boolean {
  const locked = context.lockedPaths;
  if (!locked) return false;
  if (typeof locked === "function") return locked(path);
  const paths = [...locked];
  return isLockedPath(paths, path) || holdsLockedPath(paths, path);
}

/** Normalizes a path from the model; an error for the model when it is invalid. */
export function checkPath(input: string): { path: string } | ToolError {
  const checked = normalizeProjectPath(input);
  return checked.ok ? { path: checked.path } : { error: `Invalid path "${input.slice(0, 80)}": ${checked.reason}` };
}

export function lockedError(path: string): ToolError {
  return { error: `${path} is locked by the user; the agent cannot change it. Ask the user to unlock it.` };
}

/**
 * Maps expected sandbox failures (missing file, file where a folder is expected, limits) to an error
 * for the model; anything else is a bug or a dead backend and is rethrown.
 */
export function sandboxErrorToTool(error: unknown, path: string): ToolError {
  if (error instanceof SandboxError) {
    const reasonByCode: Partial<Record<SandboxError["code"], string>> = {
      ENOENT: `${path} does not exist`,
      EEXIST: `${path} already exists`,
      EISDIR: `${path} is a folder, not a file`,
      ENOTDIR: `a parent of ${path} is a file, not a folder`,
      ENOTEMPTY: `${path} is a folder that is not empty`,
      EINVAL: error.message,
      ELIMIT: error.message,
    };
    const reason = reasonByCode[error.code];
    if (reason) return { error: reason };
  }
  throw error;
}

/** A per-path mutex: writes to one path run one after another, writes to different paths in parallel. */
export class PathMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(paths: readonly string[], task: () => Promise<T>): Promise<T> {
    const keys = [...new Set(paths)].sort();
    const previous = keys.map((key) => this.tails.get(key) ?? Promise.resolve());
    const result = Promise.allSettled(previous).then(task);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    for (const key of keys) this.tails.set(key, settled);
    try {
      return await result;
    } finally {
      for (const key of keys) if (this.tails.get(key) === settled) this.tails.delete(key);
    }
  }
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Text of a file, or null when it is not valid UTF-8 / contains NUL (treated as binary). */
export function decodeText(bytes: Uint8Array): string | null {
  if (bytes.subarray(0, 8000).includes(0)) return null;
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}
