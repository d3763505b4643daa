import { numberedSnippet } from "./text-lines";

/**
 * Finding an edit's oldText in a file. The exact text first; when it is not there, what models
 * commonly get wrong is forgiven in turn — read_file's line numbers copied along, trailing spaces,
 * indentation (newText is then re-indented the same way) — and a tolerant match is used only when
 * it is unique. Line endings never matter: the file tools work on "\n" text (text-lines.ts).
 * Aider's editblock_coder and Codex's seek_sequence forgive the same mistakes.
 */
export type EditSpec = { oldText: string; newText: string; replaceAll?: boolean };

export type MatchStrategy = "exact" | "line-numbers" | "trailing-whitespace" | "indentation";

export type AppliedEdit = { text: string; count: number; strategy: MatchStrategy };

export type EditFailure = { error: string };

const strategyNames: Record<Exclude<MatchStrategy, "exact">, string> = {
  "line-numbers": "without the line-number prefixes copied from read_file",
  "trailing-whitespace": "ignoring trailing whitespace",
  indentation: "ignoring indentation",
};

export function describeStrategy(strategy: MatchStrategy): string | null {
  return strategy === "exact" ? null : strategyNames[strategy];
}

const lineNumberPrefix = /^\s*\d+\t/;

/** Applies one edit to `text` ("\n" line endings), or says why it cannot, with what will fix it. */
export function applyEdit(text: string, edit: EditSpec): AppliedEdit | EditFailure {
  const oldText = edit.oldText.replace(/\r\n/g, "\n");
  const newText = edit.newText.replace(/\r\n/g, "\n");
  const replaceAll = edit.replaceAll === true;
  if (oldText === newText) return { error: "oldText and newText are the same; there is nothing to change." };

  const exact = occurrences(text, oldText);
  if (exact.length > 1 && !replaceAll) return duplicateError(text, exact, "");
  if (exact.length > 0) return replaceExact(text, exact, oldText, newText);

  const oldLines = dropFinalEmpty(oldText.split("\n"));
  let newLines = newText.split("\n");
  if (oldText.endsWith("\n") && newText.endsWith("\n")) newLines.pop();
  const fileLines = text.split("\n");

  const attempts: Array<{ strategy: Exclude<MatchStrategy, "exact">; old: string[]; relax: (line: string) => string }> = [];
  const numbered = oldLines.filter((l) => l.trim() !== "");
  if (numbered.length > 0 && numbered.every((l) => lineNumberPrefix.test(l))) {
    const stripped = oldLines.map((l) => l.replace(lineNumberPrefix, ""));
    if (newLines.filter((l) => l.trim() !== "").every((l) => lineNumberPrefix.test(l))) newLines = newLines.map((l) => l.replace(lineNumberPrefix, ""));
    attempts.push({ strategy: "line-numbers", old: stripped, relax: (l) => l.trimEnd() });
    attempts.push({ strategy: "indentation", old: stripped, relax: (l) => l.trim() });
  } else {
    attempts.push({ strategy: "trailing-whitespace", old: oldLines, relax: (l) => l.trimEnd() });
    attempts.push({ strategy: "indentation", old: oldLines, relax: (l) => l.trim() });
  }
  for (const attempt of attempts) {
    if (attempt.old.every((l) => l.trim() === "")) continue;
    const starts = lineMatches(fileLines, attempt.old, attempt.relax);
    if (starts.length === 0) continue;
    if (starts.length > 1 && !replaceAll)
      return duplicateError(
        text,
        starts.map((i) => offsetOfLine(fileLines, i)),
        ` (${strategyNames[attempt.strategy]})`,
      );
    return replaceLines(fileLines, starts, attempt.old, newLines, attempt.strategy);
  }
  return notFoundError(text, fileLines, oldLines, newText);
}

function dropFinalEmpty(lines: string[]): string[] {
  return lines.length > 1 && lines.at(-1) === "" ? lines.slice(0, -1) : lines;
}

function occurrences(text: string, needle: string): number[] {
  const at: number[] = [];
  if (!needle) return at;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) at.push(i);
  return at;
}

const lineAt = (text: string, offset: number) => text.slice(0, offset).split("\n").length;

function offsetOfLine(lines: readonly string[], index: number): number {
  let offset = 0;
  for (let i = 0; i < index; i++) offset += lines[i]!.length + 1;
  return offset;
}

function duplicateError(text: string, offsets: number[], how: string): EditFailure {
  const lines = offsets.map((o) => lineAt(text, o));
  const shown = lines.slice(0, 20).join(", ") + (lines.length > 20 ? `, … (${lines.length} in all)` : "");
  return {
    error:
      `oldText matches ${offsets.length} places${how}, at lines ${shown}. ` +
      "Include more of the surrounding lines so it matches one place, or set replaceAll: true to change every one.",
  };
}

function replaceExact(text: string, offsets: number[], oldText: string, newText: string): AppliedEdit {
  let out = "";
  let from = 0;
  for (const offset of offsets) {
    out += text.slice(from, offset) + newText;
    from = offset + oldText.length;
  }
  out += text.slice(from);
  return { text: out, count: offsets.length, strategy: "exact" };
}

/** Start indexes of non-overlapping windows of `fileLines` equal to `old` under `relax`. */
function lineMatches(fileLines: readonly string[], old: readonly string[], relax: (line: string) => string): number[] {
  const want = old.map(relax);
  const starts: number[] = [];
  for (let i = 0; i + want.length <= fileLines.length; i++) {
    let same = true;
    for (let j = 0; j < want.length && same; j++) same = relax(fileLines[i + j]!) === want[j];
    if (same) {
      starts.push(i);
      i += want.length - 1;
    }
  }
  return starts;
}

const indentOf = (line: string) => /^[ \t]*/.exec(line)![0];

function replaceLines(fileLines: readonly string[], starts: number[], old: string[], newLines: string[], strategy: Exclude<MatchStrategy, "exact">): AppliedEdit {
  const out: string[] = [];
  let from = 0;
  for (const start of starts) {
    out.push(...fileLines.slice(from, start));
    out.push(...(strategy === "indentation" ? reindent(newLines, old, fileLines.slice(start, start + old.length)) : newLines));
    from = start + old.length;
  }
  out.push(...fileLines.slice(from));
  return { text: out.join("\n"), count: starts.length, strategy };
}

/** newText moved by the same indentation as the model's oldText differs from the file's. */
function reindent(newLines: string[], old: string[], matched: string[]): string[] {
  const first = old.findIndex((l) => l.trim() !== "");
  const from = indentOf(old[first]!);
  const to = indentOf(matched[first]!);
  if (from === to) return newLines;
  return newLines.map((line) => (line.trim() === "" ? line : line.startsWith(from) ? to + line.slice(from.length) : line));
}

function bigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  for (let i = 0; i < text.length - 1; i++) {
    const gram = text.slice(i, i + 2);
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}

/** Dice similarity of two lines' character pairs, 0 to 1. */
function dice(a: string, b: string, ga: Map<string, number>, gb: Map<string, number>): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  let shared = 0;
  for (const [gram, count] of ga) shared += Math.min(count, gb.get(gram) ?? 0);
  return (2 * shared) / (a.length - 1 + b.length - 1);
}

/** Lines compared at most when looking for the closest text, so a huge file or oldText stays cheap. */
const closestBudget = 300_000;

function notFoundError(text: string, fileLines: string[], oldLines: string[], newText: string): EditFailure {
  const parts = ["oldText was not found in the file."];
  const trimmedNew = newText.trim();
  if (trimmedNew.length >= 8) {
    const at = text.indexOf(trimmedNew);
    if (at >= 0) parts.push(`newText is already in the file at line ${lineAt(text, at)}: the change may have been made already (read the file to check).`);
  }
  const probe = oldLines.map((l) => l.trim());
  while (probe[0] === "") probe.shift();
  while (probe.at(-1) === "") probe.pop();
  const window = Math.min(probe.length, 30);
  if (window > 0 && fileLines.length * window <= closestBudget) {
    const fileTrimmed = fileLines.map((l) => l.trim());
    const fileGrams = fileTrimmed.map(bigrams);
    const probeGrams = probe.slice(0, window).map(bigrams);
    let best = { start: -1, score: 0 };
    for (let i = 0; i + window <= fileLines.length; i++) {
      let sum = 0;
      for (let j = 0; j < window; j++) sum += dice(probe[j]!, fileTrimmed[i + j]!, probeGrams[j]!, fileGrams[i + j]!);
      if (sum / window > best.score) best = { start: i, score: sum / window };
    }
    if (best.start >= 0 && best.score >= 0.5) {
      const span = Math.min(probe.length, fileLines.length - best.start);
      const start = best.start + 1;
      const end = best.start + span;
      parts.push(
        `The closest text is lines ${start}–${end} (${Math.round(best.score * 100)}% similar):`,
        numberedSnippet(fileLines, [{ start, end }], { context: 0, maxLines: 30, maxLineChars: 300 }),
      );
      const differs = probe.findIndex((l, j) => l !== fileTrimmed[best.start + j]);
      if (differs >= 0 && best.start + differs < fileLines.length)
        parts.push(`First difference, line ${best.start + differs + 1}: the file has \`${clip(fileTrimmed[best.start + differs]!)}\`, oldText has \`${clip(probe[differs]!)}\`.`);
      parts.push("Copy oldText from these lines exactly (without the line numbers).");
      return { error: parts.join("\n") };
    }
  }
  parts.push("Nothing similar is in the file: read it again (the line numbers read_file shows are not part of the text) and copy oldText exactly.");
  return { error: parts.join("\n") };
}

const clip = (text: string) => (text.length > 120 ? `${text.slice(0, 120)}…` : text);
