"use client";

import type { RuntimeStatus, WebContainerState } from "@/hooks/use-project-sandbox";
import { runtimeLabelByChoice } from "@/lib/client/runtime-preference";
import type { RuntimeChoice } from "@/lib/sandbox";
import { cx } from "@/components/ui/cx";
import { Menu, MenuLabel, MenuRadioGroup, MenuRadioItem } from "@/components/ui/menu";

const dotClassByState: Record<RuntimeStatus["state"], string> = {
  booting: "bg-amber-400 animate-pulse",
  ready: "bg-emerald-400",
  crashed: "bg-red-500",
  failed: "bg-red-500",
};

const runtimeDescriptions: Record<RuntimeChoice, string> = {
  webcontainer: "Node.js in this browser tab (needs StackBlitz to be reachable); the offline box runs the project until it has started",
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

/** WebContainer's side of the story while the box runs the project; null when there is none to tell. */
function webcontainerText(webcontainer: WebContainerState): { short: string; long: string } | null {
  switch (webcontainer.state) {
    case "booting":
      return {
        short: "WebContainer starting…",
        long: `WebContainer is starting in the background (${webcontainer.detail ?? "booting"}). The offline box runs the project until it is ready.`,
      };
    case "switching":
      return {
        short: "WebContainer ready, switching…",
        long: "WebContainer is ready. The IDE switches to it as soon as the offline box runs no command, so nothing is cut off.",
      };
    case "unavailable":
      return {
        short: "WebContainer unavailable",
        long: webcontainer.remembered ? `${webcontainer.message} (This browser remembers an earlier failed start.)` : webcontainer.message,
      };
    case "off":
    case "active":
      return null;
  }
}

const retryTitleByMode = {
  boot: "Starts WebContainer in the background; the offline box keeps running the project until it is ready",
  reload:
    "This page's earlier attempt still holds the in-browser runtime, so only a new page can start it: reloads the page (unsaved edits are kept) and starts WebContainer in the background",
} as const;

/**
 * The header's runtime button: which runtime runs the project, its state, WebContainer starting
 * behind the box (or why it cannot, with "Try again"), and a menu to choose the runtime.
 */
export function RuntimeIndicator({
  runtime,
  preferred,
  status,
  webcontainer,
  onSwitch,
  onRetryWebContainer,
}: {
  runtime: RuntimeChoice | null;
  preferred: RuntimeChoice | null;
  status: RuntimeStatus;
  webcontainer: WebContainerState;
  onSwitch: (runtime: RuntimeChoice) => void;
  onRetryWebContainer: () => void;
}) {
  const label = runtime ? runtimeLabelByChoice[runtime] : "Runtime";
  const behind = webcontainerText(webcontainer);
  const fellBack = webcontainer.state === "unavailable" && runtime === "box";
  const trigger = (
    <button
      type="button"
      className="flex h-7 max-w-96 items-center gap-2 rounded px-2 text-xs text-neutral-300 hover:bg-white/10 hover:text-white focus-visible:outline-2 focus-visible:outline-sky-500"
      data-testid="runtime-indicator"
      data-runtime={runtime ?? ""}
      data-state={status.state}
      data-webcontainer={webcontainer.state}
      data-fallback={fellBack}
      title={[`${label}: ${stateText(status)}`, behind?.long].filter(Boolean).join("\n")}
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
      {status.state === "crashed" && (
        <span className="min-w-0 truncate text-red-400" data-testid="runtime-crashed-label" role="status">
          crashed
        </span>
      )}
      {behind && (
        <span
          // Below 1024 px the header keeps one line: the state stays in the title and the menu.
          className={cx("min-w-0 truncate max-lg:hidden", webcontainer.state === "unavailable" ? "text-amber-400" : "text-neutral-400")}
          data-testid="runtime-webcontainer"
          role="status"
        >
          {webcontainer.state === "unavailable" ? "⚠ " : "· "}
          {behind.short}
        </span>
      )}
    </button>
  );
  return (
    <div className="flex items-center gap-1">
      <Menu testId="runtime-menu" className="w-80 text-xs" trigger={trigger}>
        <MenuLabel className="font-normal" data-testid="runtime-menu-status">
          {label}: {stateText(status)}
        </MenuLabel>
        {behind && (
          <MenuLabel className="pt-0 font-normal" data-testid="runtime-reason">
            {behind.long}
          </MenuLabel>
        )}
        <MenuRadioGroup value={preferred ?? ""}>
          {(["webcontainer", "box"] as const).map((choice) => (
            <MenuRadioItem
              key={choice}
              value={choice}
              className="flex flex-col items-start gap-0.5 px-2 py-1.5 text-xs"
              data-testid="runtime-switch"
              data-runtime={choice}
              // On select, not on value change: choosing the preferred runtime again starts it again.
              onSelect={() => onSwitch(choice)}
            >
              <span className="font-medium text-neutral-100">
                {preferred === choice ? `✓ ${runtimeLabelByChoice[choice]}` : `Use ${runtimeLabelByChoice[choice]}`}
              </span>
              <span className="text-neutral-400">{runtimeDescriptions[choice]}</span>
            </MenuRadioItem>
          ))}
        </MenuRadioGroup>
      </Menu>
      {webcontainer.state === "unavailable" && (
        <button
          type="button"
          className="h-6 shrink-0 rounded bg-white/10 px-2 text-xs text-neutral-200 hover:bg-white/20"
          onClick={onRetryWebContainer}
          data-testid="runtime-webcontainer-retry"
          data-retry={webcontainer.retry}
          title={retryTitleByMode[webcontainer.retry]}
        >
          {webcontainer.retry === "reload" ? "Reload to try again" : "Try again"}
        </button>
      )}
    </div>
  );
}

/**
 * Under the header: when no runtime could start (why, try again, or the other runtime), and when
 * WebContainer crashed under a running project (restart it, or let the offline box take over).
 */
export function RuntimeNotice({
  runtime,
  status,
  onSwitch,
  onRetry,
  onRestart,
  onUseBox,
}: {
  runtime: RuntimeChoice | null;
  status: RuntimeStatus;
  onSwitch: (runtime: RuntimeChoice) => void;
  onRetry: () => void;
  onRestart: () => void;
  onUseBox: () => void;
}) {
  const button = "shrink-0 rounded bg-white/10 px-2 py-0.5 hover:bg-white/20";
  if (status.state === "crashed")
    return (
      <div role="alert" className="flex items-center gap-3 border-b border-red-500/30 bg-red-950/50 px-3 py-1.5 text-xs text-red-100" data-testid="runtime-crashed">
        <span className="min-w-0 flex-1">
          {status.message} Saved files are safe; the servers and commands that ran in it have stopped.
        </span>
        <button type="button" className={button} onClick={onRestart} data-testid="runtime-restart" title="Reloads the page (unsaved edits are kept) and starts WebContainer again">
          Restart
        </button>
        {runtime === "webcontainer" && (
          <button type="button" className={button} onClick={onUseBox} data-testid="runtime-use-box" title="The offline box runs the project for this page">
            Use the offline box
          </button>
        )}
      </div>
    );
  if (status.state !== "failed") return null;
  const other: RuntimeChoice = runtime === "box" ? "webcontainer" : "box";
  return (
    <div role="alert" className="flex items-center gap-3 border-b border-red-500/30 bg-red-950/50 px-3 py-1.5 text-xs text-red-100" data-testid="runtime-error">
      <span className="min-w-0 flex-1">{status.message}</span>
      <button type="button" className={button} onClick={onRetry} data-testid="runtime-retry">
        Try again
      </button>
      <button type="button" className={button} onClick={() => onSwitch(other)} data-testid="runtime-error-switch">
        Switch to {runtimeLabelByChoice[other]}
      </button>
    </div>
  );
}
