"use client";

import { useId, useState } from "react";
import type { ChangedFileSummary } from "@/lib/agent/ui-types";
import { summarizeChanges, type TurnChanges } from "@/lib/client/agent-message-view";
import { openHistory } from "@/lib/client/history-open";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { cx } from "@/components/ui/cx";
import { DiffIcon, Spinner, UndoIcon } from "./icons";
import { UndoLastEditButton } from "./undo-last-edit-button";

export type TurnReviewState = {
  review: Readonly<Record<string, "accepted" | "rejected">>;
  undone: boolean;
  /** Only the turn's last file-changing call was undone. */
  lastEditUndone: boolean;
};

const badgeByChange: Record<ChangedFileSummary["change"], { letter: string; className: string; label: string }> = {
  added: { letter: "A", className: "bg-emerald-500/15 text-emerald-300", label: "added" },
  modified: { letter: "M", className: "bg-sky-500/15 text-sky-300", label: "modified" },
  deleted: { letter: "D", className: "bg-red-500/15 text-red-300", label: "deleted" },
};

export function ChangeBadge({ change }: { change: ChangedFileSummary["change"] }) {
  const badge = badgeByChange[change];
  return (
    <span
      title={badge.label}
      aria-label={badge.label}
      className={cx("inline-flex h-4 w-4 shrink-0 items-center justify-center rounded-sm font-mono text-[10px] font-semibold", badge.className)}
    >
      {badge.letter}
    </span>
  );
}

export function LineCounts({ additions, deletions, binary }: { additions: number; deletions: number; binary?: boolean }) {
  if (binary) return <span className="shrink-0 text-[11px] text-neutral-500">binary</span>;
  return (
    <span className="shrink-0 font-mono text-[11px] tabular-nums">
      <span className="text-emerald-400">+{additions}</span> <span className="text-red-400">−{deletions}</span>
    </span>
  );
}

function DecisionLabel({ decision }: { decision: "accepted" | "rejected" }) {
  return (
    <span
      data-testid="agent-change-decision"
      className={cx("shrink-0 rounded px-1.5 py-px text-[11px]", decision === "accepted" ? "bg-emerald-500/10 text-emerald-300" : "bg-red-500/10 text-red-300")}
    >
      {decision === "accepted" ? "Accepted" : "Rejected"}
    </span>
  );
}

/**
 * The files a turn changed, each with its line counts, a diff to open, and Accept / Reject; and
 * "Undo this turn", which puts every file back as it was before the turn (after a confirmation),
 * and "Undo last edit", which puts back only the files of the turn's last file-changing call.
 */
export function ChangesCard({
  changes,
  state,
  disabled,
  pending,
  onOpen,
  onReview,
  onUndo,
  onUndoLastEdit,
}: {
  changes: TurnChanges;
  state: TurnReviewState;
  /** The agent is working: no review until it is done. */
  disabled: boolean;
  /** Paths (or "undo") whose request is out. */
  pending: ReadonlySet<string>;
  onOpen: (path: string) => void;
  onReview: (path: string, decision: "accept" | "reject") => void;
  onUndo: () => void;
  onUndoLastEdit: () => void;
}) {
  const [confirmingUndo, setConfirmingUndo] = useState(false);
  const titleId = useId();
  const totals = summarizeChanges({ files: changes.files });
  if (changes.files.length === 0) return null;
  const undoing = pending.has("undo");

  return (
    <section
      aria-labelledby={titleId}
      data-testid="agent-changes"
      data-turn-id={changes.turnId}
      data-undone={state.undone ? "true" : undefined}
      className="my-2 overflow-hidden rounded-md border border-white/10 bg-white/[0.02]"
    >
      <header className="flex items-center gap-2 border-b border-white/5 px-2.5 py-1.5">
        <DiffIcon width={13} height={13} className="shrink-0 text-neutral-500" />
        <h4 id={titleId} className="text-[12.5px] font-medium text-neutral-200">
          {totals.files} {totals.files === 1 ? "file" : "files"} changed
        </h4>
        <LineCounts additions={totals.additions} deletions={totals.deletions} />
        <span className="flex-1" />
        {changes.resultSnapshotId && (
          <button
            type="button"
            data-testid="agent-changes-history"
            title="Open the project's history at the snapshot this turn made, with everything it changed"
            // The turn's whole change: its last snapshot against the head it started from.
            onClick={() => openHistory({ snapshotId: changes.resultSnapshotId!, ...(changes.checkpointSnapshotId ? { compareWith: changes.checkpointSnapshotId } : {}) })}
            className="inline-flex h-6 items-center rounded px-1.5 text-[11.5px] text-neutral-400 hover:bg-white/10 hover:text-white focus-visible:outline-2 focus-visible:outline-sky-500"
          >
            In history
          </button>
        )}
        {!state.undone && (
          <UndoLastEditButton undone={state.lastEditUndone} disabled={disabled || undoing} pending={pending.has("undo-last-edit")} onUndo={onUndoLastEdit} />
        )}
        {state.undone ? (
          <span className="text-[11px] text-neutral-400" data-testid="agent-turn-undone">
            Undone
          </span>
        ) : (
          <button
            type="button"
            onClick={() => setConfirmingUndo(true)}
            disabled={disabled || undoing}
            className="inline-flex h-6 items-center gap-1 rounded px-1.5 text-[11.5px] text-neutral-400 hover:bg-white/10 hover:text-white focus-visible:outline-2 focus-visible:outline-sky-500 disabled:opacity-40"
          >
            {undoing ? <Spinner /> : <UndoIcon width={12} height={12} />}
            Undo this turn
          </button>
        )}
      </header>
      <ul className="py-0.5">
        {changes.files.map((file, index) => {
          const decision = state.review[file.path] ?? null;
          const busy = pending.has(file.path);
          const pathId = `${titleId}-${index}`;
          return (
            <li
              key={file.path}
              data-testid="agent-change"
              data-path={file.path}
              data-change={file.change}
              data-decision={decision ?? undefined}
              className="group flex h-7 min-w-0 items-center gap-2 px-2.5 hover:bg-white/[0.03]"
            >
              <ChangeBadge change={file.change} />
              <button
                type="button"
                id={pathId}
                onClick={() => onOpen(file.path)}
                title={`Show the changes to ${file.path}`}
                data-testid="agent-change-open"
                className={cx(
                  "min-w-0 flex-1 truncate text-left font-mono text-[11.5px] hover:underline focus-visible:outline-2 focus-visible:outline-sky-500",
                  decision === "rejected" || state.undone ? "text-neutral-500 line-through" : "text-neutral-200",
                )}
              >
                {file.path}
              </button>
              <LineCounts additions={file.additions} deletions={file.deletions} binary={file.binary} />
              {busy && <Spinner className="text-neutral-400" />}
              {decision ? (
                <DecisionLabel decision={decision} />
              ) : (
                !state.undone && (
                  <span className="flex shrink-0 items-center gap-1">
                    <button
                      type="button"
                      aria-describedby={pathId}
                      disabled={disabled || busy}
                      onClick={() => onReview(file.path, "accept")}
                      className="rounded px-1.5 py-px text-[11px] text-emerald-300 hover:bg-emerald-500/15 focus-visible:outline-2 focus-visible:outline-sky-500 disabled:opacity-40"
                    >
                      Accept
                    </button>
                    <button
                      type="button"
                      aria-describedby={pathId}
                      disabled={disabled || busy}
                      onClick={() => onReview(file.path, "reject")}
                      className="rounded px-1.5 py-px text-[11px] text-red-300 hover:bg-red-500/15 focus-visible:outline-2 focus-visible:outline-sky-500 disabled:opacity-40"
                    >
                      Reject
                    </button>
                  </span>
                )
              )}
            </li>
          );
        })}
      </ul>
      {confirmingUndo && (
        <ConfirmDialog
          title="Undo this turn?"
          confirmLabel="Undo turn"
          destructive
          testId="agent-undo-dialog"
          onCancel={() => setConfirmingUndo(false)}
          onConfirm={() => {
            setConfirmingUndo(false);
            onUndo();
          }}
        >
          <p>
            The project&apos;s files go back to how they were before this turn started. Changes saved after it — by later turns or
            by you — are reverted too.
          </p>
          <p className="mt-2 text-neutral-400">Nothing is lost: every version stays in the project&apos;s history.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
