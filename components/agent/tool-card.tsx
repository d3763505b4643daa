"use client";

import { useEffect, useId, useState, type ReactNode } from "react";
import {
  formatDuration,
  readToolResult,
  summarizeToolCall,
  toolPhase,
  type LiveOutput,
  type ToolCategory,
  type ToolPart,
  type ToolPhase,
  type ToolRun,
} from "@/lib/client/agent-message-view";
import { toolCardTitle, toolCardTitleText } from "@/lib/client/agent-tool-wording";
import { cx } from "@/components/ui/cx";
import {
  CheckIcon,
  ChevronRightIcon,
  CrossIcon,
  FileTextIcon,
  PencilLineIcon,
  SearchIcon,
  ShieldIcon,
  Spinner,
  StopIcon,
  TerminalIcon,
  TrashLineIcon,
  WrenchIcon,
} from "./icons";
import { LiveOutputView, ToolResultBody } from "./tool-output";

const iconByCategory: Record<ToolCategory, (p: { width: number; height: number; className?: string }) => ReactNode> = {
  read: FileTextIcon,
  search: SearchIcon,
  write: PencilLineIcon,
  delete: TrashLineIcon,
  command: TerminalIcon,
  other: WrenchIcon,
};

const phaseText: Record<ToolPhase, string> = {
  input: "preparing",
  running: "running",
  approval: "waiting for your approval",
  approved: "approved, running",
  done: "done",
  error: "failed",
  denied: "denied",
  interrupted: "interrupted",
};

function PhaseIcon({ phase }: { phase: ToolPhase }) {
  switch (phase) {
    case "input":
    case "running":
    case "approved":
      return <Spinner className="text-sky-400" />;
    case "approval":
      return <ShieldIcon width={14} height={14} className="text-amber-400" />;
    case "done":
      return <CheckIcon width={14} height={14} className="text-emerald-400" />;
    case "error":
      return <CrossIcon width={14} height={14} className="text-red-400" />;
    case "denied":
      return <CrossIcon width={14} height={14} className="text-neutral-500" />;
    case "interrupted":
      return <StopIcon width={12} height={12} className="text-neutral-500" />;
  }
}

/** Seconds since the card first saw the call running; ticks once a second. */
function Elapsed() {
  const [started] = useState(() => Date.now());
  const [now, setNow] = useState(started);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.floor((now - started) / 1000);
  return seconds < 1 ? null : <span className="tabular-nums">{seconds} s</span>;
}

/** edit_file's changes, from its edits list or its single oldText/newText. */
function editPairs(args: Record<string, unknown>): { oldText: string; newText: string }[] {
  const isPair = (e: unknown): e is { oldText: string; newText: string } =>
    !!e && typeof e === "object" && typeof (e as { oldText?: unknown }).oldText === "string" && typeof (e as { newText?: unknown }).newText === "string";
  if (Array.isArray(args.edits)) return args.edits.filter(isPair);
  return isPair(args) ? [args] : [];
}

/** The call's arguments: the useful ones shown as code (a command, an edit as removed/added lines), else JSON. */
function ArgumentsView({ toolName, input }: { toolName: string; input: unknown }) {
  const args = (input && typeof input === "object" ? input : {}) as Record<string, unknown>;
  const pre = "max-h-60 overflow-auto rounded bg-black/30 px-2.5 py-2 font-mono text-[11.5px] leading-[1.45] whitespace-pre-wrap break-words";
  const edits = toolName === "edit_file" ? editPairs(args) : [];
  if (edits.length > 0) {
    return (
      <pre className={pre}>
        {edits.map((edit, e) => (
          <span key={e} className={cx("block", e > 0 && "mt-1.5 border-t border-white/5 pt-1.5")}>
            {edit.oldText.split("\n").map((line, i) => (
              <span key={`o${i}`} className="block bg-red-500/10 text-red-200">
                <span className="select-none text-red-400/70">- </span>
                {line}
              </span>
            ))}
            {edit.newText.split("\n").map((line, i) => (
              <span key={`n${i}`} className="block bg-emerald-500/10 text-emerald-200">
                <span className="select-none text-emerald-400/70">+ </span>
                {line}
              </span>
            ))}
          </span>
        ))}
      </pre>
    );
  }
  const code = typeof args.command === "string" ? args.command : typeof args.code === "string" ? args.code : typeof args.content === "string" ? args.content : null;
  const rest = Object.fromEntries(Object.entries(args).filter(([key]) => !["command", "code", "content"].includes(key)));
  return (
    <div className="space-y-1.5">
      {code !== null && <pre className={cx(pre, "text-neutral-200")}>{code}</pre>}
      {Object.keys(rest).length > 0 && <pre className={cx(pre, "text-neutral-400")}>{JSON.stringify(rest, null, 2)}</pre>}
      {code === null && Object.keys(rest).length === 0 && <p className="text-[11.5px] text-neutral-500 italic">No arguments</p>}
    </div>
  );
}

/**
 * One tool call: what it is about (a path, a command), its state, how long it took; opened, its
 * arguments and its output (live while it runs). An approval request asks Allow / Deny in place.
 */
export function ToolCard({
  toolName,
  part,
  run,
  live,
  waitingForBrowser = false,
  output,
  approvalDisabled,
  onApprovalResponse,
}: {
  toolName: string;
  part: ToolPart;
  run: ToolRun | null;
  /** The message is still streaming: a call without output is running, not interrupted. */
  live: boolean;
  /** The turn left this call to the browser, which has not run it yet. */
  waitingForBrowser?: boolean;
  output: LiveOutput | undefined;
  approvalDisabled: boolean;
  onApprovalResponse: (input: { id: string; approved: boolean }) => void;
}) {
  const phase = toolPhase({ part, run, live });
  const waiting = waitingForBrowser && !live && part.state === "input-available";
  const phaseLabel = waiting ? "waiting to run in the browser" : phaseText[phase];
  const summary = summarizeToolCall({ toolName, input: part.input });
  const result = readToolResult({ part });
  const running = phase === "running" || phase === "approved" || phase === "input";
  const [open, setOpen] = useState<boolean | null>(null);
  // Commands show their output while they run; failures show why. Everything else starts closed.
  const autoOpen = (summary.category === "command" && (running || (output?.chunks.length ?? 0) > 0)) || phase === "error";
  const expanded = open ?? autoOpen;
  const bodyId = useId();
  const Icon = iconByCategory[summary.category];
  const title = toolCardTitle({ toolName, input: part.input, phase, waitingForBrowser: waiting });
  const hasLive = output !== undefined && output.chunks.length > 0;

  return (
    <div
      role="group"
      aria-label={`${toolCardTitleText(title)} (${phaseLabel})`}
      data-testid="agent-tool-card"
      data-tool={toolName}
      data-state={waiting ? "waiting" : phase}
      data-tool-call-id={part.toolCallId}
      className={cx(
        "my-1.5 overflow-hidden rounded-md border text-[12.5px]",
        phase === "approval" ? "border-amber-500/40 bg-amber-500/[0.04]" : phase === "error" ? "border-red-500/30 bg-red-500/[0.03]" : "border-white/10 bg-white/[0.02]",
      )}
    >
      <button
        type="button"
        aria-expanded={expanded}
        aria-controls={bodyId}
        onClick={() => setOpen(!expanded)}
        className="flex w-full min-w-0 items-center gap-2 px-2.5 py-1.5 text-left hover:bg-white/[0.04] focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-500"
      >
        <span className="flex w-3.5 shrink-0 justify-center">
          {waiting ? <span aria-hidden="true" className="h-2 w-2 rounded-full bg-amber-400" /> : <PhaseIcon phase={phase} />}
        </span>
        <Icon width={13} height={13} className="shrink-0 text-neutral-500" />
        <span
          className={cx("shrink-0 font-medium", phase === "error" ? "text-red-300" : phase === "approval" ? "text-amber-100" : "text-neutral-300")}
          title={toolName}
          data-testid="agent-tool-label"
        >
          {title.label}
        </span>
        {title.target && (
          <code className="min-w-0 truncate font-mono text-[11.5px] text-neutral-400" title={title.target} data-testid="agent-tool-target">
            {title.target}
          </code>
        )}
        {title.question && <span className="-ml-1.5 shrink-0 font-medium text-amber-100">?</span>}
        <span className="flex-1" />
        <span className="shrink-0 text-[11px] text-neutral-500">
          {run
            ? formatDuration({ ms: run.durationMs })
            : running && live
              ? <Elapsed />
              : waiting
                ? "in the browser"
                : null}
        </span>
        <ChevronRightIcon width={12} height={12} className={cx("shrink-0 text-neutral-500 transition-transform", expanded && "rotate-90")} />
      </button>

      {phase === "approval" && part.state === "approval-requested" && (
        <div className="border-t border-amber-500/20 px-2.5 py-2" data-testid="agent-approval">
          <p className="mb-1.5 text-[12px] text-amber-100">
            The agent wants to <span className="font-medium">{summary.request}</span>
            {summary.category === "command" ? ":" : "."}
          </p>
          {summary.category === "command" && (
            <pre className="mb-2 max-h-40 overflow-auto rounded bg-black/40 px-2 py-1.5 font-mono text-[11.5px] whitespace-pre-wrap text-neutral-100">
              {typeof (part.input as { command?: unknown })?.command === "string"
                ? (part.input as { command: string }).command
                : typeof (part.input as { code?: unknown })?.code === "string"
                  ? (part.input as { code: string }).code
                  : summary.target}
            </pre>
          )}
          <div className="flex items-center gap-2">
            <button
              type="button"
              disabled={approvalDisabled}
              onClick={() => onApprovalResponse({ id: part.approval.id, approved: true })}
              className="rounded bg-emerald-600 px-3 py-1 text-[12px] font-medium text-pure-white hover:bg-emerald-500 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-500 disabled:opacity-50"
            >
              Allow
            </button>
            <button
              type="button"
              disabled={approvalDisabled}
              onClick={() => onApprovalResponse({ id: part.approval.id, approved: false })}
              className="rounded bg-white/10 px-3 py-1 text-[12px] font-medium text-neutral-100 hover:bg-white/15 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-500 disabled:opacity-50"
            >
              Deny
            </button>
            <span className="text-[11px] text-neutral-500">Change this in the approval settings above.</span>
          </div>
        </div>
      )}
      {part.state === "approval-responded" && (
        <p className="border-t border-white/5 px-2.5 py-1.5 text-[11.5px] text-neutral-400" data-testid="agent-approval-answer">
          {part.approval.approved ? "Allowed" : "Denied"}
          {part.approval.approved && live ? " — running…" : ""}
        </p>
      )}

      <div id={bodyId} hidden={!expanded} className="border-t border-white/5">
        <details className="group/args px-2.5 py-1.5" open={phase === "approval" && summary.category !== "command"}>
          <summary className="cursor-pointer text-[11px] text-neutral-500 select-none hover:text-neutral-300">Arguments</summary>
          <div className="mt-1.5">
            <ArgumentsView toolName={toolName} input={part.input} />
          </div>
        </details>
        {result ? (
          <div className="border-t border-white/5">
            <ToolResultBody result={result} />
          </div>
        ) : hasLive ? (
          <div className="border-t border-white/5">
            <LiveOutputView output={output} />
          </div>
        ) : running && live && summary.category === "command" ? (
          <p className="border-t border-white/5 px-2.5 py-2 text-[11.5px] text-neutral-500 italic">Waiting for output…</p>
        ) : null}
      </div>
    </div>
  );
}
