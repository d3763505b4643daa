import { tool } from "ai";
import { z } from "zod";
import type { Sandbox } from "@/lib/sandbox/types";
import { decodeText, outputCaps, type AgentToolContext, type ToolError } from "./context";
import { findMatchingLines, RegexBudgetError } from "./line-matcher";
import { withModelText, type ModelTextFormatter } from "./model-text";
import { resolveScope, walkFiles, walkVisitCap } from "./walk";

export const searchModes = ["content", "files", "count"] as const;

export const searchInputSchema = z.object({
  pattern: z.string().min(1).max(500).describe("JavaScript regular expression, or plain text when literal is true"),
  literal: z.boolean().optional().describe("Match the pattern as plain text (no regex syntax); default false"),
  glob: z
    .string()
    .max(200)
    .optional()
    .describe('Only files matching this glob: "*.ts" matches at any depth, "src/**/*.ts" is relative to path'),
  path: z.string().max(500).optional().describe("Folder or file to search; default the project root"),
  caseSensitive: z
    .boolean()
    .optional()
    .describe("Default: case-insensitive unless the pattern has an uppercase letter (smart case)"),
  mode: z
    .enum(searchModes)
    .optional()
    .describe('"content" (default): matching lines; "files": only paths of files with a match; "count": matches per file'),
  context: z.number().int().min(0).max(10).optional().describe("Lines shown before and after each match (content mode); default 0"),
  maxMatches: z
    .number()
    .int()
    .min(1)
    .max(outputCaps.searchMatches)
    .optional()
    .describe("Default 100: matching lines (content) or files (files, count)"),
});
export type SearchInput = z.infer<typeof searchInputSchema>;

export type SearchMatch = { path: string; line: number; text: string; before?: string[]; after?: string[] };

export type SearchOutput = {
  mode: (typeof searchModes)[number];
  matches?: SearchMatch[];
  files?: string[];
  counts?: { path: string; count: number }[];
  total?: number;
  /** What was searched, so an empty answer is not mistaken for "the text is nowhere". */
  searched: { pattern: string; path: string; glob?: string; caseSensitive: boolean; literal: boolean; filesScanned: number };
  /** Files over the size cap: not searched. */
  skippedLarge?: { path: string; bytes: number }[];
  truncated?: true;
  note?: string;
};

/** How long one file's matching may take, and the whole search. */
export const searchBudgets = { fileMs: 2_000, totalMs: 15_000 };

const skippedLargeShown = 20;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** ripgrep's smart case: an uppercase letter makes the search case-sensitive; escapes such as \W or \S don't count. */
export function hasUppercase(pattern: string, literal: boolean): boolean {
  const text = literal ? pattern : pattern.replace(/\\[pPuxck]\{[^}]*\}|\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2}|\\c[A-Za-z]|\\./g, "");
  return /\p{Lu}/u.test(text);
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;

const formatBytes = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

function clipLine(line: string, column = 0): string {
  const max = outputCaps.searchLineChars;
  if (line.length <= max) return line;
  // Keep the match in view on a long (minified) line.
  const start = Math.max(0, Math.min(column - 80, line.length - max));
  return (start > 0 ? "…" : "") + line.slice(start, start + max) + (start + max < line.length ? "…" : "");
}

function splitLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  return lines.map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line));
}

/** The search itself, for the tool and for callers (tests) that choose their own budgets. */
export async function runSearch(
  sandbox: Sandbox,
  input: SearchInput,
  budgets: { fileMs: number; totalMs: number } = searchBudgets,
): Promise<SearchOutput | ToolError> {
  const { pattern, literal = false, glob, mode = "content", context = 0, maxMatches = 100 } = input;
  const caseSensitive = input.caseSensitive ?? hasUppercase(pattern, literal);
  const flags = caseSensitive ? "" : "i";
  let regex: RegExp;
  try {
    regex = new RegExp(literal ? escapeRegExp(pattern) : pattern, flags);
  } catch (error) {
    return { error: `Invalid regular expression: ${(error as Error).message}. To search for the text itself, set literal: true.` };
  }
  const scope = resolveScope(input.path);
  if ("error" in scope) return scope;
  const root = scope.path;
  const walked = await walkFiles({ sandbox, root, glob, max: walkVisitCap });
  if ("error" in walked) return walked;

  const shownPattern = literal ? JSON.stringify(pattern) : `/${pattern}/${flags}`;
  const searched = { pattern: shownPattern, path: root || ".", ...(glob ? { glob } : {}), caseSensitive, literal, filesScanned: 0 };
  const matches: SearchMatch[] = [];
  const files: string[] = [];
  const counts: { path: string; count: number }[] = [];
  let total = 0;
  let binary = 0;
  const skippedLarge: { path: string; bytes: number }[] = [];
  let truncated = false;
  let outOfTime = false;
  const deadline = Date.now() + budgets.totalMs;

  outer: for (const file of walked.files) {
    if (Date.now() > deadline) {
      outOfTime = true;
      break;
    }
    let bytes: Uint8Array;
    try {
      const stat = await sandbox.stat(file);
      if (stat.size > outputCaps.searchFileBytes) {
        skippedLarge.push({ path: file, bytes: stat.size });
        continue;
      }
      bytes = await sandbox.readFile(file);
    } catch {
      continue; // deleted or replaced while searching
    }
    const text = decodeText(bytes);
    if (text === null) {
      binary++;
      continue;
    }
    const lines = splitLines(text);
    let hits;
    const budgetMs = Math.min(budgets.fileMs, Math.max(1, deadline - Date.now()));
    try {
      hits = await findMatchingLines({ regex, lines, inProcess: literal, budgetMs });
    } catch (error) {
      if (!(error instanceof RegexBudgetError)) throw error;
      // Cut by what was left of the whole search's time, not by this file's own budget.
      if (budgetMs < budgets.fileMs) {
        outOfTime = true;
        break;
      }
      return {
        error:
          `The pattern ${shownPattern} ran longer than ${error.budgetMs} ms on ${file} and was stopped: it likely backtracks ` +
          "catastrophically (nested quantifiers such as (a+)+, or several .* on a long line). Simplify it, or search plain text with literal: true.",
      };
    }
    searched.filesScanned++;
    if (hits.length === 0) continue;
    if (mode === "files" || mode === "count") {
      if (files.length + counts.length >= maxMatches) {
        truncated = true;
        break;
      }
      if (mode === "files") files.push(file);
      else counts.push({ path: file, count: hits.length });
      total += hits.length;
      continue;
    }
    for (const [index, column] of hits) {
      if (matches.length >= maxMatches) {
        truncated = true;
        break outer;
      }
      const around = (from: number, to: number) => lines.slice(Math.max(0, from), Math.max(0, to)).map((line) => clipLine(line));
      matches.push({
        path: file,
        line: index + 1,
        text: clipLine(lines[index]!, column),
        ...(context > 0 ? { before: around(index - context, index), after: around(index + 1, index + 1 + context) } : {}),
      });
    }
  }

  const notes: string[] = [];
  const found = mode === "content" ? matches.length : mode === "files" ? files.length : counts.length;
  const where = walked.rootIsFile ? `in ${root}` : root ? `under ${root}/` : "in the project";
  if (found === 0) {
    if (walked.files.length === 0 && glob)
      notes.push(`No file ${where} matches the glob "${glob}" (${plural(walked.seen, "file")} looked at); nothing was searched.`);
    else
      notes.push(
        `No matches for ${shownPattern} in ${plural(searched.filesScanned, "file")} ${where}${glob ? ` matching "${glob}"` : ""} ` +
          `(${caseSensitive ? "case-sensitive" : "case-insensitive"}${literal ? ", literal" : ""}${binary ? `; ${plural(binary, "binary file")} skipped` : ""}).`,
      );
  }
  if (truncated)
    notes.push(
      mode === "content"
        ? `Showing the first ${matches.length} matching lines; more exist. Narrow the pattern, glob or path, or use mode "count".`
        : `Showing the first ${found} files; more exist. Narrow the pattern, glob or path.`,
    );
  if (walked.stopped === "visits") notes.push(`Stopped after ${walkVisitCap} entries; narrow the path or glob to search the rest.`);
  if (outOfTime) notes.push(`Stopped after ${budgets.totalMs / 1000} s having searched ${plural(searched.filesScanned, "file")}; narrow the path or glob.`);
  if (skippedLarge.length > 0)
    notes.push(
      `Not searched, over ${formatBytes(outputCaps.searchFileBytes)} (${plural(skippedLarge.length, "file")}): ` +
        skippedLarge
          .slice(0, skippedLargeShown)
          .map((skipped) => `${skipped.path} (${formatBytes(skipped.bytes)})`)
          .join(", ") +
        `${skippedLarge.length > skippedLargeShown ? ", …" : ""}; read them with read_file (offset, limit).`,
    );

  return {
    mode,
    ...(mode === "content" ? { matches } : mode === "files" ? { files } : { counts, total }),
    searched,
    ...(skippedLarge.length > 0 ? { skippedLarge: skippedLarge.slice(0, skippedLargeShown) } : {}),
    ...(truncated || outOfTime || walked.stopped === "visits" ? { truncated: true as const } : {}),
    ...(notes.length > 0 ? { note: notes.join("\n") } : {}),
  };
}

/** ripgrep's layout: `path:line:text` for a match, `path-line-text` for context, `--` between groups. */
export function searchOutputText(output: SearchOutput): string {
  const out: string[] = [];
  if (output.mode === "files") out.push(...(output.files ?? []));
  else if (output.mode === "count") {
    out.push(...(output.counts ?? []).map((entry) => `${entry.path}:${entry.count}`));
    if (output.counts?.length) out.push(`(${output.total} matching lines in ${output.counts.length} files)`);
  } else {
    // Matches come in file order; a file's matches and context lines merge into one sorted list.
    const byPath = new Map<string, Map<number, { text: string; isMatch: boolean }>>();
    let withContext = false;
    for (const match of output.matches ?? []) {
      const rows = byPath.get(match.path) ?? new Map<number, { text: string; isMatch: boolean }>();
      byPath.set(match.path, rows);
      withContext ||= Boolean(match.before || match.after);
      const first = match.line - (match.before?.length ?? 0);
      (match.before ?? []).forEach((text, i) => rows.has(first + i) || rows.set(first + i, { text, isMatch: false }));
      (match.after ?? []).forEach((text, i) => rows.has(match.line + 1 + i) || rows.set(match.line + 1 + i, { text, isMatch: false }));
      rows.set(match.line, { text: match.text, isMatch: true });
    }
    for (const [path, rows] of byPath) {
      let previous: number | null = null;
      for (const line of [...rows.keys()].sort((a, b) => a - b)) {
        const { text, isMatch } = rows.get(line)!;
        if (withContext && out.length > 0 && (previous === null || line > previous + 1)) out.push("--");
        const mark = isMatch ? ":" : "-";
        out.push(`${path}${mark}${line}${mark}${text}`);
        previous = line;
      }
    }
  }
  if (output.note) out.push(...(out.length > 0 ? [""] : []), output.note);
  return out.join("\n");
}

/** search: regex or plain text over the project's text files; skips binaries, large files and generated folders. */
export function createSearchTool(context: AgentToolContext) {
  const definition = tool({
    description:
      "Search project text files for a regular expression (or plain text with literal: true), like ripgrep. " +
      "Smart case; glob and path narrow the files; mode picks matching lines, file paths or counts. Answers path:line:text.",
    inputSchema: searchInputSchema,
    execute: (input) => runSearch(context.sandbox, input),
  });
  return withModelText(definition, searchOutputText as unknown as ModelTextFormatter);
}
