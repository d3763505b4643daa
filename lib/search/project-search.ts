import "server-only";
import { decodeText, outputCaps } from "@/lib/agent/tools/context";
import { createGlobFilter } from "@/lib/agent/tools/glob";
import { findAllMatches, RegexBudgetError, type LineMatches } from "@/lib/agent/tools/line-matcher";
import { searchBudgets } from "@/lib/agent/tools/search";
import { getProjectHead, getSnapshotById } from "@/lib/db/queries/snapshots";
import { AppError } from "@/lib/errors";
import { listFiles } from "@/lib/snapshots/read";
import { saveChanges } from "@/lib/snapshots/save";
import { readBlobs } from "@/lib/snapshots/store";
import type { ProjectReplaceResponse, ProjectSearch, ProjectSearchResponse } from "@/lib/validation/search";
import { computeChangeSet } from "@/lib/head-channel/change-set";

/** Matches the panel shows; past it the answer says it was cut (narrow the search). */
export const searchMatchCap = 5_000;
const lineChars = 300;
// Blobs held in memory at once: a batch is read, searched and dropped before the next.
const blobsPerBatch = 200;

type Budgets = { fileMs: number; totalMs: number };

/** The query as a global RegExp; plain text is escaped, so it cannot backtrack and runs in-process. */
export function compileSearch(search: ProjectSearch): { regex: RegExp; inProcess: boolean } {
  const source = search.regex ? search.query : search.query.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const flags = `g${search.caseSensitive ? "" : "i"}`;
  try {
    return { regex: new RegExp(search.wholeWord ? `\\b(?:${source})\\b` : source, flags), inProcess: !search.regex };
  } catch (error) {
    throw new AppError("invalid:regex", `Invalid regular expression: ${(error as Error).message}. Turn off regex (.*) to search for the text itself.`);
  }
}

/** "src/**, *.ts" → a filter; an empty list matches nothing (the caller decides what that means). */
function globList(list: string): ((path: string) => boolean) | null {
  const filters = list
    .split(",")
    .map((glob) => glob.trim())
    .filter(Boolean)
    // A folder name ("src", "src/") means everything under it, as in VS Code.
    .flatMap((glob) => [createGlobFilter(glob), createGlobFilter(`${glob.replace(/\/+$/, "")}/**`)]);
  return filters.length === 0 ? null : (path) => filters.some((filter) => filter(path));
}

type FileHits = { path: string; text: string; lines: string[]; hits: LineMatches[] };

/**
 * Runs the search over the files of one snapshot, a batch of blobs at a time, calling `onFile` for
 * each file with a match. Regexes run in the agent search's worker, stopped past a budget.
 */
async function scanSnapshot({
  rootTree,
  search,
  replacement,
  onlyPaths,
  budgets,
  onFile,
}: {
  rootTree: string;
  search: ProjectSearch;
  replacement: string | null;
  onlyPaths?: Set<string>;
  budgets: Budgets;
  onFile: (file: FileHits) => boolean | void;
}): Promise<{ filesSearched: number; skipped: number; stopped: boolean }> {
  const { regex, inProcess } = compileSearch(search);
  const include = globList(search.include);
  const exclude = globList(search.exclude);
  const files = (await listFiles({ rootTree })).filter(
    (entry): entry is typeof entry & { kind: "file"; hash: string; size: number } =>
      entry.kind === "file" &&
      (!onlyPaths || onlyPaths.has(entry.path)) &&
      (!include || include(entry.path)) &&
      !(exclude && exclude(entry.path)),
  );
  const small = files.filter((file) => file.size <= outputCaps.searchFileBytes);
  let skipped = files.length - small.length;
  let filesSearched = 0;
  const deadline = Date.now() + budgets.totalMs;
  for (let i = 0; i < small.length; i += blobsPerBatch) {
    const batch = small.slice(i, i + blobsPerBatch);
    const blobs = await readBlobs(batch.map((file) => file.hash));
    for (const file of batch) {
      const text = decodeText(blobs.get(file.hash)!);
      if (text === null) {
        skipped++;
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw outOfTime(budgets, filesSearched);
      // Lines without their "\r", so `$` works on Windows line ends; a replacement puts them back.
      const lines = text.split("\n").map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line));
      let hits: LineMatches[];
      try {
        hits = await findAllMatches({ regex, lines, replacement, inProcess, budgetMs: Math.min(budgets.fileMs, left) });
      } catch (error) {
        if (!(error instanceof RegexBudgetError)) throw error;
        if (left < budgets.fileMs) throw outOfTime(budgets, filesSearched);
        throw new AppError(
          "invalid:regex_too_slow",
          `The pattern ran longer than ${error.budgetMs} ms on ${file.path} and was stopped: it likely backtracks ` +
            "catastrophically (nested quantifiers such as (a+)+, or several .* on a long line). Simplify it, or search plain text.",
        );
      }
      filesSearched++;
      if (hits.length > 0 && onFile({ path: file.path, text, lines, hits }) === false) return { filesSearched, skipped, stopped: true };
    }
  }
  return { filesSearched, skipped, stopped: false };
}

const outOfTime = (budgets: Budgets, searched: number) =>
  new AppError(
    "invalid:search_too_slow",
    `The search took longer than ${budgets.totalMs / 1000} s (${searched} files searched) and was stopped; narrow it with files to include.`,
  );

/** A long line is cut to a window around its first match, with the ranges moved along. */
function clip(text: string, ranges: number[]): { text: string; ranges: [number, number][] } {
  const start = text.length <= lineChars ? 0 : Math.max(0, Math.min(ranges[0]! - 60, text.length - lineChars));
  const end = start + lineChars;
  const out: [number, number][] = [];
  for (let r = 0; r < ranges.length; r += 2) {
    const [from, to] = [ranges[r]!, ranges[r + 1]!];
    if (from >= end || to < start) continue;
    out.push([Math.max(from, start) - start, Math.min(to, end) - start]);
  }
  return { text: text.slice(start, end), ranges: out };
}

/** Searches the project's head: matching lines grouped by file, in path order. */
export async function searchProject({
  projectId,
  search,
  budgets = searchBudgets,
}: {
  projectId: string;
  search: ProjectSearch;
  budgets?: Budgets;
}): Promise<ProjectSearchResponse> {
  const head = (await getProjectHead({ projectId }))?.head ?? null;
  const result: ProjectSearchResponse = { snapshotId: head?.id ?? null, files: [], matches: 0, filesSearched: 0, skipped: 0, truncated: false };
  if (!head) return result;
  const scan = await scanSnapshot({
    rootTree: head.rootTree,
    search,
    replacement: null,
    budgets,
    onFile: ({ path, lines, hits }) => {
      const shown: ProjectSearchResponse["files"][number] = { path, lines: [] };
      result.files.push(shown);
      for (const [index, ranges] of hits) {
        if (result.matches >= searchMatchCap) {
          result.truncated = true;
          return false;
        }
        shown.lines.push({ line: index + 1, ...clip(lines[index]!, ranges) });
        result.matches += ranges.length / 2;
      }
    },
  });
  result.filesSearched = scan.filesSearched;
  result.skipped = scan.skipped;
  return result;
}

/**
 * Replaces every match in the files of snapshot `snapshotId` (the one the person's results came
 * from) and saves them as ONE snapshot through the head's compare-and-set: it lands on a newer head
 * when none of its files changed since, and is refused with a conflict (409) when one did.
 */
export async function replaceInProject({
  projectId,
  search,
  replacement,
  snapshotId,
  paths,
  userId,
  budgets = searchBudgets,
}: {
  projectId: string;
  search: ProjectSearch;
  replacement: string;
  snapshotId: string;
  paths?: string[];
  userId: string;
  budgets?: Budgets;
}): Promise<ProjectReplaceResponse> {
  const base = await getSnapshotById({ projectId, id: snapshotId });
  if (!base) throw new AppError("not_found:snapshot", "The searched version is not part of this project; search again");
  const writes: { type: "write"; path: string; bytes: Uint8Array }[] = [];
  let replacements = 0;
  const encoder = new TextEncoder();
  await scanSnapshot({
    rootTree: base.rootTree,
    search,
    replacement,
    onlyPaths: paths ? new Set(paths) : undefined,
    budgets,
    onFile: ({ path, text, hits }) => {
      const raw = text.split("\n");
      for (const [index, ranges, replaced] of hits) {
        raw[index] = replaced! + (raw[index]!.endsWith("\r") ? "\r" : "");
        replacements += ranges.length / 2;
      }
      const next = raw.join("\n");
      if (next !== text) writes.push({ type: "write", path, bytes: encoder.encode(next) });
    },
  });
  if (writes.length === 0) throw new AppError("invalid:nothing_to_replace", "Nothing to replace: no file has a match any more; search again");
  const { snapshot, baseRootTree } = await saveChanges({
    projectId,
    baseSnapshotId: base.id,
    changes: writes,
    author: "user",
    userId,
    message: `Replace ${search.query.slice(0, 60)} in ${writes.length} file${writes.length === 1 ? "" : "s"}`,
  });
  return {
    snapshotId: snapshot.id,
    changes: await computeChangeSet({ from: baseRootTree, to: snapshot.rootTree }),
    filesChanged: writes.length,
    replacements,
  };
}
