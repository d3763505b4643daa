"use client";

import { usePopover } from "@/hooks/use-popover";
import type { RuntimeStatus } from "@/hooks/use-project-sandbox";
import { runtimeLabelByChoice } from "@/lib/client/runtime-preference";
import type { RuntimeChoice } from "@/lib/sandbox";
import { cx } from "@/components/ui/cx";

const dotClassByState: Record<RuntimeStatus["state"], string> = {
  booting: "bg-amber-400 animate-pulse",
  ready: "bg-emerald-400",
  crashed: "bg-red-500",
  failed: "bg-red-500",
};

const runtimeDescriptions: Record<RuntimeChoice, string> = {
  webcontainer: "Node.js in this browser tab (needs StackBlitz to be reachable)",
  box: "Node.js, Python and Bash on the server; works offline",
};

function stateText(status: RuntimeStatus): string {
  switch (status.state) {
    case "booting":
      return status.detail ? `${status.detail}…` : "Starting…";
    case "ready":
      return "Ready";
    case "crashed":
      return `Crashed: ${status.message}`;
    case "failed":
      return status.message;
  }
}

/** The header's runtime button: which runtime runs the project, its state, and a menu to switch. */
export function RuntimeIndicator({
  runtime,
  status,
  webcontainerUnavailable,
  onSwitch,
}: {
  runtime: RuntimeChoice | null;
  status: RuntimeStatus;
  webcontainerUnavailable: { message: string } | null;
  onSwitch: (runtime: RuntimeChoice) => void;
}) {
  const { open, setOpen, root } = usePopover();

  const label = runtime ? runtimeLabelByChoice[runtime] : "Runtime";
  const fellBack = webcontainerUnavailable !== null && runtime === "box";
  return (
    <div ref={root} className="relative">
      <button
        type="button"
        className="flex h-7 max-w-64 items-center gap-2 rounded px-2 text-xs text-neutral-300 hover:bg-white/10 hover:text-white focus-visible:outline-2 focus-visible:outline-sky-500"
        onClick={() => setOpen((value) => !value)}
        aria-haspopup="menu"
        aria-expanded={open}
        data-testid="runtime-indicator"
        data-runtime={runtime ?? ""}
        data-state={status.state}
        data-fallback={fellBack}
        title={`${label}: ${stateText(status)}`}
      >
        <span aria-hidden="true" className={cx("h-2 w-2 shrink-0 rounded-full", dotClassByState[status.state])} />
        <span className="font-medium" data-testid="runtime-label">
          {label}
        </span>
        {status.state === "booting" && (
          <span className="min-w-0 truncate text-neutral-500" data-testid="runtime-progress">
            {status.detail ?? "booting"}…
          </span>
        )}
        {fellBack && (
          <span aria-label="WebContainer unavailable" className="text-amber-400">
            ⚠
          </span>
        )}
      </button>
      {open && (
        <div role="menu" className="absolute right-0 top-8 z-30 w-80 rounded-md border border-white/10 bg-neutral-900 p-1 text-xs shadow-xl" data-testid="runtime-menu">
          <p className="px-2 py-1.5 text-neutral-400" data-testid="runtime-menu-status">
            {label}: {stateText(status)}
          </p>
          {(["webcontainer", "box"] as const).map((choice) => (
            <button
              key={choice}
              type="button"
              role="menuitemradio"
              aria-checked={runtime === choice}
              className="flex w-full flex-col items-start gap-0.5 rounded px-2 py-1.5 text-left hover:bg-white/10"
              onClick={() => {
                setOpen(false);
                onSwitch(choice);
              }}
              data-testid="runtime-switch"
              data-runtime={choice}
            >
              <span className="font-medium text-neutral-100">
                {runtime === choice ? "✓ " : ""}
                {runtime === choice ? runtimeLabelByChoice[choice] : `Switch to ${runtimeLabelByChoice[choice]}`}
              </span>
              <span className="text-neutral-500">{runtimeDescriptions[choice]}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

/**
 * Under the header, when the runtime needs the person: WebContainer could not run here (why, and
 * to keep the box), or no runtime could start (why, retry, the other runtime).
 */
export function RuntimeNotice({
  runtime,
  status,
  webcontainerUnavailable,
  onSwitch,
  onRetry,
  onDismiss,
}: {
  runtime: RuntimeChoice | null;
  status: RuntimeStatus;
  webcontainerUnavailable: { message: string } | null;
  onSwitch: (runtime: RuntimeChoice) => void;
  onRetry: () => void;
  onDismiss: () => void;
}) {
  if (status.state === "failed") {
    const other: RuntimeChoice = runtime === "box" ? "webcontainer" : "box";
    return (
      <div role="alert" className="flex items-center gap-3 border-b border-red-500/30 bg-red-950/50 px-3 py-1.5 text-xs text-red-100" data-testid="runtime-error">
        <span className="min-w-0 flex-1">{status.message}</span>
        <button type="button" className="shrink-0 rounded bg-white/10 px-2 py-0.5 hover:bg-white/20" onClick={onRetry} data-testid="runtime-retry">
          Try again
        </button>
        <button type="button" className="shrink-0 rounded bg-white/10 px-2 py-0.5 hover:bg-white/20" onClick={() => onSwitch(other)} data-testid="runtime-error-switch">
          Switch to {runtimeLabelByChoice[other]}
        </button>
      </div>
    );
  }
  if (!webcontainerUnavailable || runtime !== "box") return null;
  return (
    <div role="status" className="flex items-center gap-3 border-b border-amber-500/30 bg-amber-950/40 px-3 py-1.5 text-xs text-amber-100" data-testid="runtime-notice">
      <span className="shrink-0 font-semibold">Running in the offline box.</span>
      <span className="min-w-0 flex-1" data-testid="runtime-reason">
        {webcontainerUnavailable.message}
      </span>
      <button
        type="button"
        className="shrink-0 rounded bg-white/10 px-2 py-0.5 hover:bg-white/20"
        onClick={() => onSwitch("box")}
        data-testid="runtime-reason-switch"
        title="Start with the offline box from now on, without waiting for WebContainer"
      >
        Switch to the offline box for good
      </button>
      <button type="button" className="shrink-0 text-amber-300 hover:text-white" onClick={onDismiss} aria-label="Dismiss" data-testid="runtime-notice-dismiss">
        ×
      </button>
    </div>
  );
}
