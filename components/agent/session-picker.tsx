"use client";

import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import type { SessionSummary, TurnStatus } from "@/lib/agent/ui-types";
import { formatRelativeTime } from "@/lib/client/agent-message-view";
import { usePopover } from "@/hooks/use-popover";
import { cx } from "@/components/ui/cx";
import { ChevronDownIcon } from "./icons";

const dotByStatus: Record<TurnStatus, { className: string; label: string }> = {
  running: { className: "bg-sky-400 animate-pulse", label: "working" },
  awaiting_approval: { className: "bg-amber-400", label: "waiting for approval" },
  awaiting_client: { className: "bg-amber-400", label: "waiting for the browser" },
  completed: { className: "bg-emerald-500/70", label: "done" },
  interrupted: { className: "bg-neutral-500", label: "stopped" },
  failed: { className: "bg-red-500", label: "failed" },
};

/** The chat picker: the current chat's title; opened, the person's chats in this project, newest first. */
export function SessionPicker({
  sessions,
  selectedId,
  title,
  onSelect,
}: {
  sessions: readonly SessionSummary[] | null;
  selectedId: string | null;
  title: string;
  onSelect: (sessionId: string) => void;
}) {
  const { open, setOpen, root } = usePopover();
  const listId = useId();
  const listRef = useRef<HTMLUListElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const [now, setNow] = useState(0);

  useEffect(() => {
    if (!open) return;
    listRef.current?.querySelector<HTMLElement>('[aria-selected="true"], [role="option"]')?.focus();
  }, [open]);

  const onListKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const options = [...(listRef.current?.querySelectorAll<HTMLElement>('[role="option"]') ?? [])];
    const index = options.indexOf(document.activeElement as HTMLElement);
    if (event.key === "ArrowDown") options[Math.min(index + 1, options.length - 1)]?.focus();
    else if (event.key === "ArrowUp") options[Math.max(index - 1, 0)]?.focus();
    else if (event.key === "Home") options[0]?.focus();
    else if (event.key === "End") options[options.length - 1]?.focus();
    else if (event.key === "Escape") triggerRef.current?.focus();
    else return;
    event.preventDefault();
  };

  return (
    <div ref={root} className="relative min-w-0 flex-1">
      <button
        ref={triggerRef}
        type="button"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        data-testid="agent-session-picker"
        onClick={() => {
          setNow(Date.now());
          setOpen(!open);
        }}
        className="flex h-7 w-full min-w-0 items-center gap-1.5 rounded px-2 text-left text-[13px] font-medium text-neutral-100 hover:bg-white/10 focus-visible:outline-2 focus-visible:outline-sky-500"
      >
        <span className="sr-only">Chat: </span>
        <span className="min-w-0 truncate" data-testid="agent-session-title">
          {title}
        </span>
        <ChevronDownIcon width={12} height={12} className="shrink-0 text-neutral-500" />
      </button>
      {open && (
        <ul
          ref={listRef}
          id={listId}
          role="listbox"
          aria-label="Chats"
          onKeyDown={onListKeyDown}
          data-testid="agent-session-list"
          className="absolute top-full left-0 z-30 mt-1 max-h-80 w-[min(22rem,calc(100vw-2rem))] overflow-y-auto rounded-md border border-white/10 bg-neutral-900 py-1 shadow-xl"
        >
          {sessions === null && <li className="px-3 py-2 text-[12px] text-neutral-500">Loading…</li>}
          {sessions?.length === 0 && <li className="px-3 py-2 text-[12px] text-neutral-500">No chats yet.</li>}
          {sessions?.map((session) => {
            const dot = session.lastTurnStatus ? dotByStatus[session.lastTurnStatus] : null;
            const selected = session.id === selectedId;
            const choose = () => {
              setOpen(false);
              onSelect(session.id);
            };
            return (
              <li
                key={session.id}
                role="option"
                aria-selected={selected}
                tabIndex={-1}
                data-testid="agent-session-option"
                data-session-id={session.id}
                data-turn-status={session.lastTurnStatus ?? undefined}
                onClick={choose}
                onKeyDown={(event) => {
                  if (event.key === "Enter" || event.key === " ") {
                    event.preventDefault();
                    choose();
                  }
                }}
                className={cx(
                  "flex cursor-pointer items-center gap-2 px-3 py-1.5 text-[12.5px] outline-none focus:bg-white/10",
                  selected ? "text-white" : "text-neutral-300 hover:bg-white/5",
                )}
              >
                <span
                  aria-hidden={!dot}
                  title={dot?.label}
                  className={cx("h-1.5 w-1.5 shrink-0 rounded-full", dot?.className ?? "bg-transparent")}
                />
                <span className="min-w-0 flex-1 truncate">{session.title}</span>
                {dot && <span className="sr-only">, {dot.label}</span>}
                <span className="shrink-0 text-[11px] text-neutral-500">{formatRelativeTime({ iso: session.updatedAt, now })}</span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
