"use client";

import type { RunTarget } from "@/lib/client/run-target";
import { Button } from "@/components/ui/button";

/**
 * Runs the active file (Ctrl/⌘ Enter), or stops what it started. Disabled with the reason as its
 * tooltip when the file cannot be run or the runtime is not ready.
 */
export function RunButton({
  target,
  blockedReason,
  running,
  onRun,
  onStop,
}: {
  target: RunTarget;
  /** Why nothing can run right now (the runtime is starting), or null. */
  blockedReason: string | null;
  running: boolean;
  onRun: () => void;
  onStop: () => void;
}) {
  if (running)
    return (
      <Button variant="danger" className="h-7 px-3 text-xs" onClick={onStop} data-testid="run-button" data-state="running" title="Stop the running command (Ctrl+C in the terminal)">
        ■ Stop
      </Button>
    );
  const reason = target.kind === "unsupported" ? target.reason : blockedReason;
  const title = reason ?? `${target.kind === "unsupported" ? "" : target.label} (Ctrl/⌘ Enter)`;
  return (
    // Disabled buttons get no pointer events in some browsers: the wrapper carries the tooltip.
    <span title={title} className="inline-flex" data-testid="run-button-wrapper">
      <Button
        variant="primary"
        className="h-7 px-3 text-xs disabled:text-pure-white/50"
        onClick={onRun}
        disabled={reason !== null}
        data-testid="run-button"
        data-state={reason === null ? "idle" : "disabled"}
        data-reason={reason ?? undefined}
        aria-label={reason ? `Run (unavailable: ${reason})` : "Run"}
        title={title}
      >
        ▶ Run
      </Button>
    </span>
  );
}
