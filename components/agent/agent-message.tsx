"use client";

import { memo, useEffect, useId, useState } from "react";
import type { AgentUIMessage } from "@/lib/agent/ui-types";
import {
  errorHintByCode,
  formatDuration,
  formatTokenCount,
  groupMessageParts,
  messageText,
  type LiveOutput,
} from "@/lib/client/agent-message-view";
import type { BrowserCalls } from "@/hooks/use-agent-chat";
import { cx } from "@/components/ui/cx";
import { latestPlan } from "@/lib/client/agent-plan";
import { ChangesCard, type TurnReviewState } from "./changes-card";
import { PencilLineIcon, RefreshIcon, Spinner } from "./icons";
import { CopyButton } from "./copy-button";
import { MarkdownText } from "./lazy-markdown";
import { PlanCard } from "./plan-card";
import { ToolCard } from "./tool-card";
import { TurnElapsed } from "./turn-elapsed";

export function UserMessage({ message }: { message: AgentUIMessage }) {
  const text = messageText({ message });
  return (
    <article aria-label="You" data-testid="agent-message" data-role="user" data-message-id={message.id} className="flex justify-end py-2">
      <div className="max-w-[92%] rounded-lg rounded-br-sm bg-sky-500/15 px-3 py-2 text-[13px] leading-relaxed break-words text-neutral-100">
        {/* Pasted code blocks render as code; plain prose keeps its line breaks as typed. */}
        {text.includes("```") ? <MarkdownText text={text} /> : <span className="whitespace-pre-wrap">{text}</span>}
        <UserMessageExtras message={message} />
      </div>
    </article>
  );
}

/** The images sent with a prompt, and the editor context and mentions that went with it. */
function UserMessageExtras({ message }: { message: AgentUIMessage }) {
  const images = message.parts.filter((p) => p.type === "file");
  const context = message.parts.find((p) => p.type === "data-context")?.data;
  const active = context?.activeFile;
  const labels = [
    ...(active ? [`${active.path}:${active.line}${active.selection ? ` (lines ${active.selection.startLine}–${active.selection.endLine} selected)` : ""}`] : []),
    ...(context?.mentions ?? []).map((path) => `@${path}`),
  ];
  if (images.length === 0 && labels.length === 0) return null;
  return (
    <div className="mt-1.5 flex flex-wrap items-center gap-1.5">
      {images.map((image, index) => (
        // eslint-disable-next-line @next/next/no-img-element -- a stored data URL: next/image has nothing to optimize
        <img key={index} src={image.url} alt={image.filename ?? "Attached image"} data-testid="agent-message-image" className="h-16 max-w-40 rounded border border-white/10 object-cover" />
      ))}
      {labels.length > 0 && (
        <span data-testid="agent-message-context" title="Sent to the agent with this message" className="font-mono text-[11px] text-sky-200/70">
          {labels.join(" · ")}
        </span>
      )}
    </div>
  );
}

function Reasoning({ text, streaming }: { text: string; streaming: boolean }) {
  return (
    <details className="group/reasoning my-1.5" data-testid="agent-reasoning">
      <summary className="flex cursor-pointer items-center gap-1.5 text-[12px] text-neutral-500 select-none hover:text-neutral-300">
        {streaming ? <Spinner className="text-neutral-500" /> : <span aria-hidden="true">›</span>}
        {streaming ? "Thinking…" : "Reasoning"}
      </summary>
      <div className="mt-1 border-l-2 border-white/10 pl-3 text-[12px] leading-relaxed whitespace-pre-wrap text-neutral-400">{text}</div>
    </details>
  );
}

const partState = (part: AgentUIMessage["parts"][number] | undefined) => (part && "state" in part ? String(part.state) : "");

/** Nothing runs on our side: no call is under way, so the turn waits for the model's first or next step. */
function waitingForModel(blocks: ReturnType<typeof groupMessageParts>): boolean {
  const last = blocks.at(-1);
  if (!last || last.kind !== "tool") return true;
  return last.part.state === "output-available" || last.part.state === "output-error" || last.part.state === "output-denied";
}

function WaitingForModel() {
  const [since] = useState(() => Date.now());
  const [now, setNow] = useState(since);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <p className="my-1.5 flex items-center gap-2 text-[12px] text-neutral-500" data-testid="agent-waiting-for-model" role="status">
      <Spinner className="text-sky-400" /> Waiting for the model…
      <span className="tabular-nums" data-testid="agent-waiting-elapsed">
        {Math.floor((now - since) / 1000)} s
      </span>
    </p>
  );
}

export type AssistantMessageProps = {
  message: AgentUIMessage;
  /** This message is being streamed now. */
  streaming: boolean;
  /** When the server started the streaming turn, if known (a turn found running after a reload). */
  runningSince?: string;
  isLast: boolean;
  /** A request of this chat is out (no approvals, retries or reviews meanwhile). */
  busy: boolean;
  /** The person stopped this message's stream here. */
  stopped: boolean;
  liveOutput: Readonly<Record<string, LiveOutput>>;
  /** The commands this message left to the browser (the last message only). */
  browserCalls?: BrowserCalls | null;
  modelLabel: (modelId: string) => string;
  reviewStateOf: (turnId: string) => TurnReviewState;
  pendingOf: (turnId: string) => ReadonlySet<string>;
  onApprovalResponse: (input: { id: string; approved: boolean }) => void;
  onRetry: () => void;
  onContinue: () => void;
  onOpenChange: (turnId: string, path: string) => void;
  onReview: (turnId: string, path: string, decision: "accept" | "reject") => void;
  onUndo: (turnId: string) => void;
  onUndoLastEdit: (turnId: string) => void;
};

/**
 * The agent's answer: its text as markdown, reasoning folded away, a card per tool call, the turn's
 * changes, and a footer with the model, tokens and time, or why the turn failed or stopped.
 */
export const AssistantMessage = memo(function AssistantMessage({
  message,
  streaming,
  runningSince,
  isLast,
  busy,
  stopped,
  liveOutput,
  browserCalls = null,
  modelLabel,
  reviewStateOf,
  pendingOf,
  onApprovalResponse,
  onRetry,
  onContinue,
  onOpenChange,
  onReview,
  onUndo,
  onUndoLastEdit,
}: AssistantMessageProps) {
  const blocks = groupMessageParts({ message });
  const plan = latestPlan({ message });
  const meta = message.metadata ?? {};
  const status = stopped && meta.status !== "failed" ? "interrupted" : meta.status;
  const last = blocks[blocks.length - 1];
  const working = streaming && !(last?.kind === "text" && last.streaming) && !(last?.kind === "reasoning" && last.streaming);
  const errorId = useId();
  // Calls the turn left to the browser that have not run yet (not after the person stopped them).
  const browserWaiting = status === "awaiting_client" && browserCalls && !browserCalls.running ? browserCalls.pendingIds : null;
  const browserPending = browserWaiting?.size ?? 0;

  return (
    <article
      aria-label="Agent"
      aria-busy={streaming}
      data-testid="agent-message"
      data-role="assistant"
      data-message-id={message.id}
      data-status={status ?? (streaming ? "running" : undefined)}
      data-turn-id={meta.turnId}
      className="py-2"
    >
      {blocks.map((block) => {
        switch (block.kind) {
          case "text":
            return (
              <div key={block.key} data-testid="agent-text" data-streaming={block.streaming && streaming ? "true" : undefined}>
                <MarkdownText text={block.text} className="my-1.5" />
              </div>
            );
          case "reasoning":
            return <Reasoning key={block.key} text={block.text} streaming={block.streaming && streaming} />;
          case "tool":
            // One plan card, where the plan was first made, showing its latest version.
            if (block.toolName === "update_plan")
              return plan && block.part.toolCallId === plan.firstToolCallId ? <PlanCard key={block.key} steps={plan.steps} updating={streaming && plan.streaming} /> : null;
            return (
              <ToolCard
                key={block.key}
                toolName={block.toolName}
                part={block.part}
                run={block.run}
                live={streaming}
                waitingForBrowser={browserWaiting?.has(block.part.toolCallId) ?? false}
                output={liveOutput[block.part.toolCallId]}
                approvalDisabled={busy}
                onApprovalResponse={onApprovalResponse}
              />
            );
          case "changes":
            return (
              <ChangesCard
                key={block.key}
                changes={block.changes}
                state={reviewStateOf(block.changes.turnId)}
                disabled={busy}
                pending={pendingOf(block.changes.turnId)}
                onOpen={(path) => onOpenChange(block.changes.turnId, path)}
                onReview={(path, decision) => onReview(block.changes.turnId, path, decision)}
                onUndo={() => onUndo(block.changes.turnId)}
                onUndoLastEdit={() => onUndoLastEdit(block.changes.turnId)}
              />
            );
          case "user-edits":
            return (
              <p key={block.key} className="my-1 flex items-start gap-1.5 text-[11.5px] text-neutral-500" data-testid="agent-user-edits">
                <PencilLineIcon width={12} height={12} className="mt-0.5 shrink-0" />
                <span>
                  You changed {block.paths.slice(0, 3).join(", ")}
                  {block.paths.length > 3 ? ` and ${block.paths.length - 3} more` : ""} since the agent&apos;s last turn; it was told.
                </span>
              </p>
            );
        }
      })}

      {working &&
        (waitingForModel(blocks) ? (
          // Remounted whenever the message moves on, so the time counts from the last sign of life.
          <WaitingForModel key={`${message.parts.length}:${partState(message.parts.at(-1))}`} />
        ) : (
          <p className="my-1.5 flex items-center gap-2 text-[12px] text-neutral-500" data-testid="agent-working">
            <Spinner className="text-sky-400" /> Working…
          </p>
        ))}

      {streaming && <TurnElapsed since={runningSince} />}

      {status === "failed" && (
        <div role="alert" id={errorId} className="my-2 rounded-md border border-red-500/30 bg-red-950/40 px-3 py-2 text-[12.5px]" data-testid="agent-turn-error">
          <p className="text-red-200">{meta.error?.message ?? "The turn failed."}</p>
          {meta.error && <p className="mt-1 text-[11.5px] text-red-300/70">{errorHintByCode[meta.error.code]}</p>}
          {isLast && (
            <button
              type="button"
              onClick={onRetry}
              disabled={busy}
              aria-describedby={errorId}
              className="mt-2 inline-flex items-center gap-1 rounded bg-white/10 px-2 py-1 text-[12px] text-neutral-100 hover:bg-white/15 disabled:opacity-50"
            >
              <RefreshIcon width={12} height={12} /> Retry
            </button>
          )}
        </div>
      )}

      {status === "interrupted" && (
        <div className="my-2 flex flex-wrap items-center gap-2 text-[12px] text-neutral-400" data-testid="agent-turn-stopped">
          <span className="rounded bg-white/5 px-1.5 py-0.5">Stopped</span>
          {meta.error && <span data-testid="agent-turn-stopped-reason">{meta.error.message}</span>}
          {isLast && (
            <>
              <button
                type="button"
                onClick={onRetry}
                disabled={busy}
                className="inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-neutral-300 hover:bg-white/10 disabled:opacity-50"
              >
                <RefreshIcon width={12} height={12} /> Retry
              </button>
              <button
                type="button"
                onClick={onContinue}
                disabled={busy}
                className="rounded px-1.5 py-0.5 text-neutral-300 hover:bg-white/10 disabled:opacity-50"
              >
                Continue
              </button>
            </>
          )}
        </div>
      )}

      {status === "awaiting_approval" && isLast && !streaming && (
        <p className="my-1.5 text-[12px] text-amber-300/90" data-testid="agent-awaiting-approval">
          Waiting for your approval above.
        </p>
      )}

      {isLast && !streaming && browserCalls && browserPending > 0 && (
        <div className="my-1.5 flex flex-wrap items-center gap-2 text-[12px] text-amber-300/90" data-testid="agent-awaiting-client">
          <span className="min-w-0 flex-1">
            {browserCalls.runtime === "unavailable"
              ? `The agent left ${browserPending === 1 ? "a command" : `${browserPending} commands`} to the browser runtime, which is not running here.`
              : `The agent is waiting for ${browserPending === 1 ? "a command" : `${browserPending} commands`} to run in the browser${browserCalls.runtime === "starting" ? " (starting…)" : "."}`}
          </span>
          <button
            type="button"
            onClick={browserCalls.run}
            disabled={busy || browserCalls.runtime === "starting"}
            className="inline-flex items-center gap-1 rounded bg-white/10 px-2 py-1 text-[12px] text-neutral-100 hover:bg-white/15 disabled:opacity-50"
          >
            {browserCalls.runtime === "unavailable" ? "Continue without it" : "Run in the browser"}
          </button>
        </div>
      )}

      {!streaming && (meta.model || meta.usage || meta.durationMs !== undefined || meta.offline) && (
        <footer className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-0.5 text-[11px] text-neutral-500" data-testid="agent-message-footer">
          {meta.offline ? (
            <span title="No AI model is configured on the server">Built-in offline agent</span>
          ) : (
            meta.model && <span data-testid="agent-message-model">{modelLabel(meta.model)}</span>
          )}
          {meta.usage && !meta.offline && (
            <span title={`${meta.usage.inputTokens.toLocaleString()} input and ${meta.usage.outputTokens.toLocaleString()} output tokens`} data-testid="agent-message-usage">
              {formatTokenCount({ count: meta.usage.inputTokens })} in · {formatTokenCount({ count: meta.usage.outputTokens })} out
            </span>
          )}
          {meta.durationMs !== undefined && <span data-testid="agent-message-duration">{formatDuration({ ms: meta.durationMs })}</span>}
          <span className="flex-1" />
          {messageText({ message }) && <CopyButton text={messageText({ message })} label="Copy answer" className="opacity-60 hover:opacity-100" />}
        </footer>
      )}
    </article>
  );
});

/** The dots shown after a prompt was sent, before the first part of the answer arrives. */
export function PendingAnswer() {
  return (
    <div aria-label="Agent" data-testid="agent-pending" className={cx("flex items-center gap-2 py-3 text-[12px] text-neutral-500")}>
      <Spinner className="text-sky-400" /> Thinking…
    </div>
  );
}
