"use client";

import dynamic from "next/dynamic";
import { useState } from "react";
import type { RejectConflict } from "@/lib/agent/ui-types";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

const ChangeDiff = dynamic(() => import("./change-diff").then((m) => m.ChangeDiff), {
  ssr: false,
  loading: () => <p className="p-4 text-sm text-neutral-400">Loading diff…</p>,
});

/** The two comparisons worth seeing: what reject would do to the file now, and what changed since the agent. */
const comparisons = {
  reject: { label: "What Reject would do: your version → before the turn", before: "current", after: "checkpoint" },
  since: { label: "What changed after the agent: agent's version → yours", before: "agent", after: "current" },
} as const;

/**
 * Reject found the file changed after the turn (the person's own fix, or a later turn): shows the
 * versions and lets the person keep theirs, restore the version from before the turn anyway, or
 * cancel.
 */
export function RejectConflictDialog({
  turnId,
  conflict,
  busy,
  onKeep,
  onForce,
  onCancel,
}: {
  turnId: string;
  conflict: RejectConflict;
  busy: boolean;
  /** Keeps the current file and marks the agent's change accepted. */
  onKeep: () => void;
  /** Restores the version from before the turn, replacing the later changes. */
  onForce: () => void;
  onCancel: () => void;
}) {
  const [shown, setShown] = useState<keyof typeof comparisons>("reject");
  const comparison = comparisons[shown];
  const text = (side: keyof RejectConflict["versions"]) => conflict.versions[side] ?? "";
  return (
    <Dialog
      title={`${conflict.path} changed after this turn`}
      onClose={onCancel}
      testId="agent-reject-conflict-dialog"
      className="w-[min(60rem,calc(100vw-2rem))]"
      actions={
        <>
          <Button onClick={onCancel} data-testid="agent-reject-cancel">
            Cancel
          </Button>
          <Button onClick={onKeep} disabled={busy} data-testid="agent-reject-keep" autoFocus>
            Keep my version
          </Button>
          <Button variant="danger" onClick={onForce} disabled={busy} data-testid="agent-reject-force">
            Restore the version from before the turn
          </Button>
        </>
      }
    >
      <p>
        Rejecting puts back the file as it was before the agent&apos;s turn, which would replace the changes saved to it since.{" "}
        <strong>Keep my version</strong> leaves the file as it is now (the agent&apos;s change is marked accepted). Either way every
        version stays in the project&apos;s history.
      </p>
      {conflict.binary ? (
        <p className="mt-3 text-neutral-400">This is a binary file: there is no text diff to show.</p>
      ) : (
        <>
          <select
            aria-label="Compare"
            value={shown}
            onChange={(event) => setShown(event.target.value as keyof typeof comparisons)}
            className="mt-3 h-8 w-full rounded border border-white/10 bg-neutral-800 px-2 text-[12px] text-neutral-200"
            data-testid="agent-reject-compare"
          >
            {Object.entries(comparisons).map(([key, { label }]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
          <div className="mt-2 h-[min(24rem,50dvh)] overflow-hidden rounded border border-white/10 bg-surface">
            <ChangeDiff
              key={shown}
              turnId={`${turnId}-conflict-${shown}`}
              path={conflict.path}
              before={text(comparison.before)}
              after={text(comparison.after)}
              sideBySide
            />
          </div>
        </>
      )}
    </Dialog>
  );
}
