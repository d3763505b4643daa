"use client";

import { useCallback, useState } from "react";
import type { TheirVersion } from "@/lib/client/workspace-controller";
import type { ConflictPrompt } from "@/lib/client/workspace-state";
import { TheirDiff } from "@/components/editor/their-diff";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { Dialog } from "@/components/ui/dialog";

/**
 * Shown when a save was refused because the same files were saved elsewhere since they were opened,
 * with their version beside mine for the file picked in the list.
 */
export function ConflictDialog({
  conflict,
  getMine,
  loadTheirs,
  onReloadTheirs,
  onKeepMine,
  onDismiss,
  onOpenHistory,
}: {
  conflict: ConflictPrompt;
  getMine: (path: string) => string;
  loadTheirs: (path: string, snapshotId: string | null) => Promise<TheirVersion>;
  onReloadTheirs: () => void;
  onKeepMine: () => void;
  onDismiss: () => void;
  /** Opens the timeline on a file, where their version stays. */
  onOpenHistory?: (path: string) => void;
}) {
  const [picked, setPicked] = useState(conflict.paths[0] ?? null);
  const shown = picked !== null && conflict.paths.includes(picked) ? picked : (conflict.paths[0] ?? null);
  const { snapshotId } = conflict;
  const loadAtTheirs = useCallback((path: string) => loadTheirs(path, snapshotId), [loadTheirs, snapshotId]);

  return (
    <Dialog
      testId="conflict-dialog"
      title="These files were changed elsewhere"
      onClose={onDismiss}
      className="w-[min(64rem,calc(100vw-2rem))]"
      actions={
        <>
          <Button onClick={onReloadTheirs} data-testid="conflict-reload-theirs">
            Reload theirs
          </Button>
          <Button variant="primary" onClick={onKeepMine} data-testid="conflict-keep-mine" autoFocus>
            Keep mine
          </Button>
        </>
      }
    >
      <p data-testid="conflict-message">{conflict.message}</p>
      <ul className="mt-3 flex max-h-24 flex-wrap gap-1 overflow-y-auto font-mono text-xs" aria-label="Conflicting files">
        {conflict.paths.map((path) => (
          <li key={path} className="min-w-0">
            <button
              type="button"
              data-testid="conflict-path"
              data-path={path}
              aria-pressed={path === shown}
              onClick={() => setPicked(path)}
              className={cx(
                "max-w-full truncate rounded border px-2 py-0.5",
                path === shown ? "border-sky-500/60 bg-sky-500/15 text-sky-100" : "border-white/10 bg-black/30 text-neutral-300 hover:bg-white/10",
              )}
            >
              {path}
            </button>
          </li>
        ))}
      </ul>
      {shown !== null && (
        <div className="mt-3 h-72 overflow-hidden rounded border border-white/10 bg-surface">
          <TheirDiff key={shown} path={shown} mine={getMine(shown)} loadTheirs={loadAtTheirs} />
        </div>
      )}
      <p className="mt-3 text-xs text-neutral-400">
        <strong className="text-neutral-200">Reload theirs</strong> discards your unsaved changes to these files.{" "}
        <strong className="text-neutral-200">Keep mine</strong> saves your version on top; theirs stays in the{" "}
        {onOpenHistory && shown !== null ? (
          <button type="button" data-testid="conflict-open-history" className="text-sky-300 underline" onClick={() => onOpenHistory(shown)}>
            project history
          </button>
        ) : (
          "project history"
        )}
        . Escape decides later and keeps your changes unsaved.
      </p>
    </Dialog>
  );
}
