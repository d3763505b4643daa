"use client";

import { useState } from "react";
import type { TheirVersion } from "@/lib/client/workspace-controller";
import { Button } from "@/components/ui/button";
import { TheirDiff } from "./their-diff";

/**
 * Over an editor with unsaved edits whose file was saved (or deleted) elsewhere since they began:
 * says so before the next save would run into it, shows their version beside mine, and lets the
 * person take theirs or keep mine.
 */
export function ChangedElsewhereBar({
  path,
  deleted,
  getMine,
  loadTheirs,
  onTakeTheirs,
  onKeepMine,
}: {
  path: string;
  /** Their change was to delete the file. */
  deleted: boolean;
  getMine: () => string;
  loadTheirs: (path: string) => Promise<TheirVersion>;
  onTakeTheirs: () => void;
  onKeepMine: () => void;
}) {
  // The diff shows my text as it was when it was opened; reopening it takes the latest. Keyed by
  // path where it is used, so another file starts closed.
  const [mine, setMine] = useState<string | null>(null);

  return (
    <div className="shrink-0 border-b border-amber-500/30 bg-amber-950/50" data-testid="changed-elsewhere" data-path={path} data-deleted={deleted}>
      <div role="status" className="flex flex-wrap items-center gap-x-3 gap-y-1.5 px-3 py-1.5 text-sm">
        <span aria-hidden className="h-2 w-2 shrink-0 rounded-full bg-amber-400" />
        <p className="min-w-48 flex-1 text-amber-100">
          {deleted ? "Deleted elsewhere" : "Changed elsewhere"}
          <span className="text-amber-200/70"> while you were editing. Your edits are not saved.</span>
        </p>
        <div className="flex shrink-0 items-center gap-1.5">
          <Button variant="ghost" className="px-2 py-1 text-xs" aria-expanded={mine !== null} data-testid="changed-elsewhere-diff" onClick={() => setMine(mine === null ? getMine() : null)}>
            {mine === null ? "Compare" : "Hide comparison"}
          </Button>
          <Button className="px-2 py-1 text-xs" data-testid="changed-elsewhere-take-theirs" title={deleted ? "Close the file and discard your edits" : "Discard your edits and show their version"} onClick={onTakeTheirs}>
            {deleted ? "Discard mine" : "Take theirs"}
          </Button>
          <Button variant="primary" className="px-2 py-1 text-xs" data-testid="changed-elsewhere-keep-mine" title={deleted ? "Save your version, making the file again" : "Save your version over theirs"} onClick={onKeepMine}>
            Keep mine
          </Button>
        </div>
      </div>
      {mine !== null && (
        <div className="h-[40vh] min-h-40 border-t border-amber-500/20 bg-surface">
          <TheirDiff path={path} mine={mine} loadTheirs={loadTheirs} />
        </div>
      )}
    </div>
  );
}
