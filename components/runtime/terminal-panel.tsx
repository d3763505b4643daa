"use client";

import dynamic from "next/dynamic";
import type { RuntimeStatus } from "@/hooks/use-project-sandbox";
import type { TerminalSession, TerminalSessionState } from "@/lib/client/terminal-session";
import { Button } from "@/components/ui/button";

// xterm.js touches the DOM when it loads: browser only, and out of the first bundle.
const XtermView = dynamic(() => import("./xterm-view").then((m) => m.XtermView), {
  ssr: false,
  loading: () => <p className="p-3 text-xs text-neutral-500">Loading terminal…</p>,
});

/** The bottom panel: the sandbox's shell, where the Run button's commands show their output too. */
export function TerminalPanel({
  session,
  state,
  status,
  runtimeLabel,
  focusToken,
}: {
  session: TerminalSession;
  state: TerminalSessionState;
  status: RuntimeStatus;
  runtimeLabel: string;
  /** Each change moves the keyboard focus into the terminal. */
  focusToken: number;
}) {
  const overlay =
    status.state === "booting"
      ? `Booting ${runtimeLabel}… ${status.detail ?? ""}`.trim()
      : status.state === "failed"
        ? status.message
        : null;
  return (
    <section aria-label="Terminal" className="flex h-full min-h-0 flex-col bg-surface-sunken" data-testid="terminal" data-shell={state.shell} data-running={state.running !== null}>
      <div className="flex h-8 shrink-0 items-center gap-2 border-b border-white/10 bg-neutral-900 px-3 text-xs">
        <span className="font-semibold uppercase tracking-wide text-neutral-400">Terminal</span>
        {state.running !== null && (
          <span className="min-w-0 truncate text-sky-300" data-testid="terminal-running">
            Running {state.running}
          </span>
        )}
        <div className="flex-1" />
        {state.running !== null && (
          <Button variant="ghost" className="h-6 px-2 text-xs" onClick={session.stop} data-testid="terminal-stop" title="Stop the command (Ctrl+C)">
            Stop
          </Button>
        )}
        <Button
          variant="ghost"
          className="h-6 px-2 text-xs"
          onClick={session.restart}
          disabled={status.state !== "ready"}
          data-testid="terminal-restart"
          title="End the shell and start a new one"
        >
          Restart terminal
        </Button>
      </div>
      <div className="relative min-h-0 flex-1 py-1 pl-2">
        <XtermView session={session} focusToken={focusToken} />
        {overlay !== null && (
          <div
            className="absolute inset-0 flex items-center justify-center bg-surface-sunken/85 p-4 text-center text-sm text-neutral-300"
            data-testid="terminal-status"
            data-state={status.state}
            role="status"
          >
            {overlay}
          </div>
        )}
      </div>
    </section>
  );
}
