"use client";

import { Spinner, UndoIcon } from "./icons";

/**
 * Undoes only the agent's last file-changing call of the turn (beside per-file review and undoing
 * the whole turn). The server refuses, saying why, when those files changed since.
 */
export function UndoLastEditButton({ undone, disabled, pending, onUndo }: { undone: boolean; disabled: boolean; pending: boolean; onUndo: () => void }) {
  if (undone)
    return (
      <span className="text-[11px] text-neutral-400" data-testid="agent-last-edit-undone">
        Last edit undone
      </span>
    );
  return (
    <button
      type="button"
      onClick={onUndo}
      disabled={disabled || pending}
      title="Put back only the files the agent's last edit in this turn changed"
      data-testid="agent-undo-last-edit"
      className="inline-flex h-6 items-center gap-1 rounded px-1.5 text-[11.5px] text-neutral-400 hover:bg-white/10 hover:text-white focus-visible:outline-2 focus-visible:outline-sky-500 disabled:opacity-40"
    >
      {pending ? <Spinner /> : <UndoIcon width={12} height={12} />}
      Undo last edit
    </button>
  );
}
