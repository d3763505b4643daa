/**
 * Line handling shared by the file tools: the model always sees and writes "\n"; a CRLF file is
 * shown normalized (and said to be CRLF) and keeps its CRLF when written back.
 */
export type LineEndings = "lf" | "crlf" | "mixed";

export function detectLineEndings(text: string): LineEndings {
  const crlf = text.match(/\r\n/g)?.length ?? 0;
  if (crlf === 0) return "lf";
  const lf = text.match(/\n/g)?.length ?? 0;
  return crlf === lf ? "crlf" : "mixed";
}

/** CRLF → LF (a lone CR, rare, is kept). */
export function toLf(text: string): string {
  return text.replace(/\r\n/g, "\n");
}

/** LF → CRLF for a CRLF file; other files are written as given. */
export function withLineEndings(text: string, endings: LineEndings): string {
  return endings === "crlf" ? text.replace(/\r?\n/g, "\r\n") : text;
}

/** The lines of a text, without the empty one after a final newline. */
export function splitLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines.length > 1 && lines.at(-1) === "") lines.pop();
  return text === "" ? [] : lines;
}

/** `cat -n` style: the 1-based number right-aligned in 6 columns, a tab, the line. */
export function numberLine(number: number, line: string): string {
  return `${String(number).padStart(6)}\t${line}`;
}

/**
 * Numbered lines around the given 1-based line ranges (with `context` lines either side), ranges
 * that touch merged, "…" between them, at most `maxLines` lines in all.
 */
export function numberedSnippet(
  lines: readonly string[],
  ranges: ReadonlyArray<{ start: number; end: number }>,
  { context = 4, maxLines = 40, maxLineChars = 500 }: { context?: number; maxLines?: number; maxLineChars?: number } = {},
): string {
  const windows = ranges
    .map((r) => ({ start: Math.max(1, r.start - context), end: Math.min(lines.length, Math.max(r.start, r.end) + context) }))
    .sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const w of windows) {
    const last = merged.at(-1);
    if (last && w.start <= last.end + 1) last.end = Math.max(last.end, w.end);
    else merged.push({ ...w });
  }
  const out: string[] = [];
  let shown = 0;
  for (const [index, w] of merged.entries()) {
    if (index > 0) out.push("   ...");
    for (let n = w.start; n <= w.end; n++) {
      if (shown >= maxLines) {
        out.push(`   [… snippet cut at ${maxLines} lines]`);
        return out.join("\n");
      }
      const line = lines[n - 1] ?? "";
      out.push(numberLine(n, line.length > maxLineChars ? `${line.slice(0, maxLineChars)}… [line cut]` : line));
      shown++;
    }
  }
  return out.join("\n");
}
