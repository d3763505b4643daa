"use client";

import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import type { SessionSummary, TurnStatus } from "@/lib/agent/ui-types";
import type { AgentApi } from "@/lib/client/agent-api";
import { formatRelativeTime } from "@/lib/client/agent-message-view";
import { splitMatch } from "@/lib/client/session-match";
import { usePopover } from "@/hooks/use-popover";
import { useSessionSearch } from "@/hooks/use-session-search";
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

/** The message text a search matched, cut so the match shows, and marked. */
function MatchLine({ text, query }: { text: string; query: string }) {
  const { lead, hit, rest } = splitMatch({ text, query });
  return (
    <span className="mt-0.5 block truncate pl-3.5 text-[11.5px] text-neutral-500" data-testid="agent-session-match">
      {lead}
      {hit && <mark className="rounded-sm bg-amber-400/20 px-px text-amber-100">{hit}</mark>}
      {rest}
    </span>
  );
}

/**
 * The chat picker: the current chat's title; opened, the person's chats in this project, newest
 * first (read again on opening: another tab may have renamed or deleted some), and a search box
 * that finds chats on the server by title or by any word of their messages.
 */
export function SessionPicker({
  projectId,
  api,
  sessions,
  selectedId,
  title,
  onSelect,
  onOpen,
}: {
  projectId: string;
  api: AgentApi;
  sessions: readonly SessionSummary[] | null;
  selectedId: string | null;
  title: string;
  onSelect: (sessionId: string) => void;
  onOpen: () => void;
}) {
  const { open, setOpen, root } = usePopover();
  const listId = useId();
  const listRef = useRef<HTMLUListElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const [now, setNow] = useState(0);
  const [query, setQuery] = useState("");
  const { search, more } = useSessionSearch({ projectId, api, query: open ? query : "" });

  useEffect(() => {
    if (open) searchRef.current?.focus();
  }, [open]);

  const toggle = () => {
    if (!open) {
      setNow(Date.now());
      setQuery("");
      onOpen();
    }
    setOpen(!open);
  };

  const shown: readonly (SessionSummary & { match?: string | null })[] | null =
    search.status === "idle" ? sessions : search.status === "ready" ? search.hits : null;
  const empty =
    search.status === "idle"
      ? sessions?.length === 0 && "No chats yet."
      : search.status === "ready" && search.hits.length === 0 && `No chat mentions "${search.query}".`;

  const onSearchKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== "ArrowDown") return;
    event.preventDefault();
    listRef.current?.querySelector<HTMLElement>('[role="option"]')?.focus();
  };

  const onListKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const options = [...(listRef.current?.querySelectorAll<HTMLElement>('[role="option"]') ?? [])];
    const index = options.indexOf(document.activeElement as HTMLElement);
    if (event.key === "ArrowDown") options[Math.min(index + 1, options.length - 1)]?.focus();
    else if (event.key === "ArrowUp") (index <= 0 ? searchRef.current : options[index - 1])?.focus();
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
        onClick={toggle}
        className="flex h-7 w-full min-w-0 items-center gap-1.5 rounded px-2 text-left text-[13px] font-medium text-neutral-100 hover:bg-white/10 focus-visible:outline-2 focus-visible:outline-sky-500"
      >
        <span className="sr-only">Chat: </span>
        <span className="min-w-0 truncate" data-testid="agent-session-title">
          {title}
        </span>
        <ChevronDownIcon width={12} height={12} className="shrink-0 text-neutral-500" />
      </button>
      {open && (
        <div className="absolute top-full left-0 z-30 mt-1 w-[min(22rem,calc(100vw-2rem))] rounded-md border border-white/10 bg-neutral-900 shadow-xl">
          <div className="border-b border-white/10 p-1.5">
            <input
              ref={searchRef}
              type="search"
              value={query}
              onChange={(event) => setQuery(event.target.value)}
              onKeyDown={onSearchKeyDown}
              maxLength={200}
              placeholder="Search chats and messages"
              aria-label="Search chats"
              aria-controls={listId}
              data-testid="agent-session-search"
              className="h-7 w-full rounded border border-white/10 bg-neutral-950 px-2 text-[12.5px] text-neutral-100 placeholder:text-neutral-500 focus-visible:outline-2 focus-visible:outline-sky-500"
            />
          </div>
          <ul
            ref={listRef}
            id={listId}
            role="listbox"
            aria-label={search.status === "idle" ? "Chats" : "Chats found"}
            aria-busy={shown === null}
            onKeyDown={onListKeyDown}
            data-testid="agent-session-list"
            className="max-h-80 overflow-y-auto py-1"
          >
            {shown === null && search.status !== "error" && <li className="px-3 py-2 text-[12px] text-neutral-500">{search.status === "idle" ? "Loading…" : "Searching…"}</li>}
            {search.status === "error" && (
              <li className="px-3 py-2 text-[12px] text-red-300" role="alert">
                Could not search the chats: {search.message}
              </li>
            )}
            {empty && <li className="px-3 py-2 text-[12px] text-neutral-500">{empty}</li>}
            {shown?.map((session) => {
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
                    "cursor-pointer px-3 py-1.5 text-[12.5px] outline-none focus:bg-white/10",
                    selected ? "text-white" : "text-neutral-300 hover:bg-white/5",
                  )}
                >
                  <span className="flex items-center gap-2">
                    <span
                      aria-hidden={!dot}
                      title={dot?.label}
                      className={cx("h-1.5 w-1.5 shrink-0 rounded-full", dot?.className ?? "bg-transparent")}
                    />
                    <span className="min-w-0 flex-1 truncate" data-testid="agent-session-option-title">
                      {session.title}
                    </span>
                    {dot && <span className="sr-only">, {dot.label}</span>}
                    <span className="shrink-0 text-[11px] text-neutral-500">{formatRelativeTime({ iso: session.updatedAt, now })}</span>
                  </span>
                  {session.match && search.status === "ready" && <MatchLine text={session.match} query={search.query} />}
                </li>
              );
            })}
          </ul>
          {search.status === "ready" && search.nextCursor && (
            <div className="border-t border-white/10 p-1.5">
              <button
                type="button"
                onClick={more}
                disabled={search.loadingMore}
                data-testid="agent-session-more"
                className="w-full rounded px-2 py-1 text-[12px] text-neutral-300 hover:bg-white/10 focus-visible:outline-2 focus-visible:outline-sky-500 disabled:opacity-50"
              >
                {search.loadingMore ? "Loading…" : "More chats"}
              </button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
