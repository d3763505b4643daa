"use client";

import type { ConflictPrompt } from "@/lib/client/workspace-state";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

/** Shown when a save was refused because the same files were saved elsewhere since they were opened. */
export function ConflictDialog({
  conflict,
  onReloadTheirs,
  onKeepMine,
  onDismiss,
}: {
  conflict: ConflictPrompt;
  onReloadTheirs: () => void;
  onKeepMine: () => void;
  onDismiss: () => void;
}) {
  return (
    <Dialog
      testId="conflict-dialog"
      title="These files were changed elsewhere"
      onClose={onDismiss}
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
      <ul className="mt-3 max-h-48 overflow-y-auto rounded border border-white/10 bg-black/30 px-3 py-2 font-mono text-xs">
        {conflict.paths.map((path) => (
          <li key={path} data-testid="conflict-path" data-path={path} className="truncate py-0.5">
            {path}
          </li>
        ))}
      </ul>
      <p className="mt-3 text-xs text-neutral-400">
        <strong className="text-neutral-200">Reload theirs</strong> discards your unsaved changes to these files.{" "}
        <strong className="text-neutral-200">Keep mine</strong> saves your version on top; theirs stays in the project
        history. Escape decides later and keeps your changes unsaved.
      </p>
    </Dialog>
  );
}
