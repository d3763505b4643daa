"use client";

import dynamic from "next/dynamic";
import { useState } from "react";
import { useDiffTexts } from "@/hooks/use-diff-texts";
import type { SnapshotDiff } from "@/lib/history/types";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";

// Monaco is large and touches window at import time: loaded in the browser, on first use.
const TextDiff = dynamic(() => import("@/components/editor/text-diff").then((m) => m.TextDiff), {
  ssr: false,
  loading: () => <p className="p-3 text-xs text-neutral-400">Loading the diff…</p>,
});

type FileDiff = SnapshotDiff["files"][number];

const changeLabel: Record<FileDiff["change"], string> = { added: "A", modified: "M", deleted: "D", moved: "R" };

/**
 * The files that differ between two snapshots, and the one picked in Monaco's diff editor. Only
 * paths and hashes come with the list; the two texts of a file are read when it is opened.
 */
export function HistoryDiff({
  projectId,
  diff,
  canRestore,
  onRestoreFile,
}: {
  projectId: string;
  diff: SnapshotDiff;
  canRestore: boolean;
  /** Restore `path` as it is in the diff's newer side (deleted there: deleted). */
  onRestoreFile: (path: string) => void;
}) {
  const [picked, setPicked] = useState<string | null>(diff.files[0]?.path ?? null);
  const file = diff.files.find((f) => f.path === picked) ?? null;
  return (
    <div className="flex min-h-0 flex-1 flex-col" data-testid="history-diff">
      <ul className="max-h-40 shrink-0 overflow-y-auto border-b border-white/10 font-mono text-xs" aria-label="Changed files">
        {diff.files.length === 0 && <li className="px-3 py-2 text-neutral-500">No file differs.</li>}
        {diff.files.map((f) => (
          <li key={f.path}>
            <button
              type="button"
              data-testid="history-diff-file"
              data-path={f.path}
              data-change={f.change}
              aria-pressed={f.path === picked}
              onClick={() => setPicked(f.path)}
              className={cx("flex w-full items-center gap-2 px-3 py-1 text-left hover:bg-white/5", f.path === picked && "bg-sky-500/15 text-sky-100")}
            >
              <span className={cx("w-3 shrink-0 font-bold", { added: "text-emerald-400", modified: "text-amber-300", deleted: "text-red-400", moved: "text-sky-300" }[f.change])} title={f.change}>
                {changeLabel[f.change]}
              </span>
              <span className="truncate">{f.change === "moved" ? `${f.from} → ${f.path}` : f.path}</span>
            </button>
          </li>
        ))}
      </ul>
      {file && (
        <div className="flex min-h-0 flex-1 flex-col">
          <div className="flex items-center justify-between gap-2 px-3 py-1.5 text-xs text-neutral-400">
            <span className="truncate">
              {file.change === "moved" ? `moved from ${file.from}` : file.change} · {file.path}
            </span>
            {canRestore && (
              <Button data-testid="history-restore-file" onClick={() => onRestoreFile(file.path)}>
                Restore this file
              </Button>
            )}
          </div>
          <FileTexts key={`${file.before} ${file.after}`} projectId={projectId} file={file} />
        </div>
      )}
    </div>
  );
}

function FileTexts({ projectId, file }: { projectId: string; file: FileDiff }) {
  const texts = useDiffTexts({ projectId, before: file.before, after: file.after });
  if (texts.status === "loading") return <p className="p-3 text-xs text-neutral-400">Reading the file…</p>;
  if (texts.status === "error") return <p className="p-3 text-xs text-red-300">{texts.message}</p>;
  if (texts.before === null || texts.after === null) return <p className="p-3 text-xs text-neutral-400">A binary file: no text to compare.</p>;
  return (
    <div className="min-h-0 flex-1">
      <TextDiff path={file.path} original={texts.before} modified={texts.after} />
    </div>
  );
}
