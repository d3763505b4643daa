import "server-only";
import { diffLines, structuredPatch } from "diff";
import { decodeText } from "@/lib/agent/tools/context";
import { diffSnapshots } from "@/lib/history/diff";
import { readBlobs } from "@/lib/snapshots/store";
import type { ChangedFileSummary } from "./ui-types";

/** One file's change between two trees, with the blob hashes on either side. */
export type FileDelta = { path: string; change: "added" | "modified" | "deleted"; before: string | null; after: string | null };

/**
 * File-level changes from one root tree to another, from lib/history/diff (its cost follows the
 * change, not the project). Review and undo work file by file, so a move is its deletion and its addition.
 */
export async function fileDeltas(fromRoot: string | null, toRoot: string | null): Promise<FileDelta[]> {
  const out: FileDelta[] = [];
  for (const d of await diffSnapshots({ from: fromRoot, to: toRoot })) {
    if (d.change !== "moved") out.push({ path: d.path, change: d.change, before: d.before, after: d.after });
    else out.push({ path: d.from, change: "deleted", before: d.before, after: null }, { path: d.path, change: "added", before: null, after: d.after });
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** Texts on both sides of each delta (null where a side is absent or binary), and the bytes of the newer side (the older, for a deletion). */
export async function readDeltaTexts(deltas: FileDelta[]) {
  const blobs = await readBlobs([...new Set(deltas.flatMap((d) => [d.before, d.after].filter((h): h is string => h !== null)))]);
  return deltas.map((d) => {
    const before = d.before ? blobs.get(d.before)! : null;
    const after = d.after ? blobs.get(d.after)! : null;
    const beforeText = before ? decodeText(before) : null;
    const afterText = after ? decodeText(after) : null;
    const binary = (before !== null && beforeText === null) || (after !== null && afterText === null);
    return { ...d, beforeText, afterText, binary, size: (after ?? before)?.byteLength ?? 0 };
  });
}

/** Lines added and removed, for the change list; skipped (0/0) for very large files. */
export function lineCounts(before: string | null, after: string | null): { additions: number; deletions: number } {
  const a = before ?? "";
  const b = after ?? "";
  if (a.length + b.length > 2_000_000) return { additions: 0, deletions: 0 };
  let additions = 0;
  let deletions = 0;
  for (const part of diffLines(a, b)) {
    if (part.added) additions += part.count ?? 0;
    else if (part.removed) deletions += part.count ?? 0;
  }
  return { additions, deletions };
}

export async function summarizeDeltas(deltas: FileDelta[]): Promise<ChangedFileSummary[]> {
  const texts = await readDeltaTexts(deltas);
  return texts.map((t) => ({
    path: t.path,
    change: t.change,
    binary: t.binary,
    ...(t.binary ? { additions: 0, deletions: 0 } : lineCounts(t.beforeText, t.afterText)),
  }));
}

/** A unified diff of one file with a few lines of context, for telling the agent about user edits. */
export function unifiedDiff(path: string, before: string, after: string): string {
  const patch = structuredPatch(path, path, before, after, "", "", { context: 2 });
  return patch.hunks
    .map((h) => `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@\n${h.lines.join("\n")}`)
    .join("\n");
}
