import { structuredPatch } from "diff";

/** A compact unified diff (hunks only, 2 lines of context), cut after `maxLines` lines. */
export function lineDiff(before: string, after: string, { maxLines = 40 }: { maxLines?: number } = {}): string {
  const patch = structuredPatch("a", "b", before, after, "", "", { context: 2 });
  const lines = patch.hunks.flatMap((h) => [`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...h.lines]);
  if (lines.length <= maxLines) return lines.join("\n");
  return [...lines.slice(0, maxLines), `[… ${lines.length - maxLines} more diff lines]`].join("\n");
}
