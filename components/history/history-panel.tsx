"use client";

import { useCallback, useEffect, useState } from "react";
import { openChatMessage } from "@/lib/client/chat-open";
import { describeError } from "@/lib/client/conflict";
import { historyApi, type TimelineFilter } from "@/lib/client/history-api";
import type { HistoryRequest } from "@/lib/client/history-open";
import type { SnapshotDiff, TimelineEntry } from "@/lib/history/types";
import { Button, IconButton } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { CloseIcon } from "@/components/ui/icons";
import { LocalTime } from "@/components/ui/local-time";
import { HistoryDiff } from "./history-diff";

export type { HistoryRequest };

/** What the panel did last that can be taken back: restoring `previousHeadId` whole undoes it. */
type Undoable = { message: string; snapshotId: string; previousHeadId: string };

/**
 * The timeline (mounted afresh for each request: a file's history, a snapshot): every snapshot newest first, paged; filters by author, file and text (labels and
 * messages); a snapshot's changes against its parent or another snapshot; restore of a snapshot or
 * one file; labels. Restores land as new snapshots through the head, so the editors follow.
 */
export function HistoryPanel({
  projectId,
  request,
  headSnapshotId,
  canRestore,
  onClose,
  onError,
}: {
  projectId: string;
  request: HistoryRequest;
  /** The head this tab holds: a whole restore is refused if another save moved it since. */
  headSnapshotId: string | null;
  canRestore: boolean;
  onClose: () => void;
  onError: (message: string) => void;
}) {
  const [filter, setFilter] = useState<TimelineFilter>({ path: request.path });
  const [search, setSearch] = useState("");
  const [entries, setEntries] = useState<TimelineEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [selected, setSelected] = useState<string | null>(request.snapshotId ?? null);
  const [compareWith, setCompareWith] = useState<string | null>(request.compareWith ?? null);
  const [diff, setDiff] = useState<SnapshotDiff | null>(null);
  const [undoable, setUndoable] = useState<Undoable | null>(null);
  const [busy, setBusy] = useState(false);
  const [reloads, setReloads] = useState(0);

  // A new filter, or the head moved (a save or a restore): the first page again.
  useEffect(() => {
    let current = true;
    historyApi.timeline(projectId, filter, null).then(
      (page) => {
        if (!current) return;
        setEntries(page.entries);
        setCursor(page.nextCursor);
        setLoaded(true);
      },
      (error: unknown) => current && onError(describeError({ error })),
    );
    return () => {
      current = false;
    };
  }, [projectId, filter, headSnapshotId, reloads, onError]);

  useEffect(() => {
    if (!selected) return;
    let current = true;
    historyApi.diff(projectId, selected, compareWith ?? undefined).then(
      (d) => current && setDiff(d),
      (error: unknown) => current && onError(describeError({ error })),
    );
    return () => {
      current = false;
    };
  }, [projectId, selected, compareWith, onError]);

  const loadMore = async () => {
    if (!cursor) return;
    setLoading(true);
    try {
      const page = await historyApi.timeline(projectId, filter, cursor);
      setEntries((old) => [...old, ...page.entries]);
      setCursor(page.nextCursor);
    } catch (error) {
      onError(describeError({ error }));
    } finally {
      setLoading(false);
    }
  };

  const restore = useCallback(
    async (input: { snapshotId: string; path?: string; baseSnapshotId?: string | null }, message: string) => {
      setBusy(true);
      try {
        const result = await historyApi.restore(projectId, input);
        if (result.created && result.previousHeadId) setUndoable({ message, snapshotId: result.snapshotId, previousHeadId: result.previousHeadId });
        else if (!result.created) setUndoable(null);
        setReloads((n) => n + 1);
      } catch (error) {
        onError(describeError({ error }));
      } finally {
        setBusy(false);
      }
    },
    [projectId, onError],
  );

  const undo = async () => {
    if (!undoable) return;
    await restore({ snapshotId: undoable.previousHeadId, baseSnapshotId: undoable.snapshotId }, "Restore undone");
    setUndoable(null);
  };

  const addLabel = async (entry: TimelineEntry) => {
    const name = window.prompt("Name this version (unique in the project)")?.trim();
    if (!name) return;
    try {
      await historyApi.label(projectId, entry.id, name);
      setReloads((n) => n + 1);
    } catch (error) {
      onError(describeError({ error }));
    }
  };

  const removeLabel = async (labelId: string) => {
    try {
      await historyApi.removeLabel(projectId, labelId);
      setReloads((n) => n + 1);
    } catch (error) {
      onError(describeError({ error }));
    }
  };

  const selectedEntry = entries.find((e) => e.id === selected) ?? null;
  const authors = [...new Map(entries.flatMap((e) => (e.author.kind === "user" && e.author.userId ? [[e.author.userId, e.author.name] as const] : []))).entries()];

  return (
    <section
      aria-label="Project history"
      data-testid="history-panel"
      className="fixed top-12 right-0 bottom-0 z-40 flex w-[min(64rem,calc(100vw-17rem))] border-l border-white/10 bg-surface-muted shadow-2xl"
    >
      <div className="flex w-96 shrink-0 flex-col border-r border-white/10">
        <header className="flex items-center justify-between gap-2 border-b border-white/10 px-3 py-2">
          <h2 className="text-sm font-semibold text-neutral-100">History</h2>
          <IconButton label="Close history" data-testid="history-close" onClick={onClose}>
            <CloseIcon width={14} height={14} />
          </IconButton>
        </header>
        <div className="flex flex-col gap-1.5 border-b border-white/10 px-3 py-2 text-xs">
          {filter.path && (
            <p className="flex items-center gap-1 text-neutral-300" data-testid="history-path-filter">
              <span className="truncate">
                of <span className="font-mono">{filter.path}</span>
              </span>
              <IconButton label="Show the whole project's history" onClick={() => setFilter((f) => ({ ...f, path: undefined }))}>
                <CloseIcon width={12} height={12} />
              </IconButton>
            </p>
          )}
          <form
            className="flex gap-1"
            onSubmit={(event) => {
              event.preventDefault();
              setFilter((f) => ({ ...f, q: search.trim() || undefined }));
            }}
          >
            <input
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              placeholder="Search labels and messages"
              aria-label="Search labels and messages"
              data-testid="history-search"
              className="min-w-0 flex-1 rounded border border-white/10 bg-black/30 px-2 py-1 text-neutral-200"
            />
            <select
              aria-label="Author"
              data-testid="history-author"
              value={filter.author ?? ""}
              onChange={(event) => setFilter((f) => ({ ...f, author: event.target.value || undefined }))}
              className="rounded border border-white/10 bg-black/30 px-1 py-1 text-neutral-200"
            >
              <option value="">Everyone</option>
              <option value="agent">Agent</option>
              <option value="system">Project</option>
              {authors.map(([id, name]) => (
                <option key={id} value={`user:${id}`}>
                  {name}
                </option>
              ))}
            </select>
          </form>
        </div>
        {undoable && (
          <div className="flex items-center justify-between gap-2 border-b border-white/10 bg-emerald-500/10 px-3 py-2 text-xs text-emerald-100" data-testid="history-undo-bar">
            <span>{undoable.message}</span>
            <Button data-testid="history-undo" disabled={busy} onClick={() => void undo()}>
              Undo
            </Button>
          </div>
        )}
        <ol className="min-h-0 flex-1 overflow-y-auto" aria-label="Snapshots, newest first">
          {entries.map((entry) => (
            <TimelineRow
              key={entry.id}
              entry={entry}
              selected={entry.id === selected}
              isHead={entry.id === headSnapshotId}
              comparing={entry.id === compareWith}
              canRestore={canRestore}
              busy={busy}
              onSelect={() => {
                setSelected(entry.id);
                setCompareWith(null);
              }}
              onCompare={selected && selected !== entry.id ? () => setCompareWith(entry.id) : undefined}
              onRestore={() => void restore({ snapshotId: entry.id, baseSnapshotId: headSnapshotId }, `Restored the version "${entry.message}"`)}
              onLabel={() => void addLabel(entry)}
              onRemoveLabel={(id) => void removeLabel(id)}
            />
          ))}
          {loaded && entries.length === 0 && <li className="px-3 py-6 text-center text-xs text-neutral-500">No snapshot matches.</li>}
          {cursor && (
            <li className="p-2 text-center">
              <Button data-testid="history-more" disabled={loading} onClick={() => void loadMore()}>
                Older snapshots
              </Button>
            </li>
          )}
        </ol>
      </div>
      <div className="flex min-w-0 flex-1 flex-col">
        {selectedEntry || selected ? (
          <>
            <p className="border-b border-white/10 px-3 py-2 text-xs text-neutral-300" data-testid="history-diff-title">
              {compareWith ? "Changes from the compared snapshot to the selected one" : "Changes from the previous snapshot"}
              {compareWith && (
                <button type="button" className="ml-2 text-sky-300 underline" onClick={() => setCompareWith(null)}>
                  against its parent
                </button>
              )}
            </p>
            {diff && diff.to === selected && (
              <HistoryDiff
                key={`${diff.from} ${diff.to}`}
                projectId={projectId}
                diff={diff}
                canRestore={canRestore}
                onRestoreFile={(path) => void restore({ snapshotId: diff.to, path }, `Restored ${path}`)}
              />
            )}
          </>
        ) : (
          <p className="p-6 text-sm text-neutral-400">Pick a snapshot to see what it changed.</p>
        )}
      </div>
    </section>
  );
}

function TimelineRow({
  entry,
  selected,
  isHead,
  comparing,
  canRestore,
  busy,
  onSelect,
  onCompare,
  onRestore,
  onLabel,
  onRemoveLabel,
}: {
  entry: TimelineEntry;
  selected: boolean;
  isHead: boolean;
  comparing: boolean;
  canRestore: boolean;
  busy: boolean;
  onSelect: () => void;
  onCompare?: () => void;
  onRestore: () => void;
  onLabel: () => void;
  onRemoveLabel: (labelId: string) => void;
}) {
  const { author } = entry;
  return (
    <li
      data-testid="history-entry"
      data-snapshot-id={entry.id}
      data-selected={selected}
      className={cx("border-b border-white/5 px-3 py-2 text-xs", selected ? "bg-sky-500/10" : comparing ? "bg-amber-500/10" : "hover:bg-white/5")}
    >
      <button type="button" className="block w-full text-left" onClick={onSelect} data-testid="history-entry-open">
        <span className="block truncate text-[13px] text-neutral-100">{entry.message}</span>
        <span className="mt-0.5 flex flex-wrap gap-x-2 text-neutral-400">
          <span data-testid="history-entry-author">
            {author.kind === "user" ? author.name : author.kind === "agent" ? `Agent${author.turn ? ` · turn ${author.turn.seq}` : ""}` : (author.name ?? "Project")}
          </span>
          <LocalTime iso={entry.createdAt} />
          <span data-testid="history-entry-count">
            {entry.changedFiles} {entry.changedFiles === 1 ? "file" : "files"}
          </span>
          {isHead && <span className="text-emerald-300">current</span>}
        </span>
      </button>
      {entry.labels.length > 0 && (
        <span className="mt-1 flex flex-wrap gap-1">
          {entry.labels.map((label) => (
            <span key={label.id} data-testid="history-label" className="inline-flex items-center gap-1 rounded bg-violet-500/20 px-1.5 py-0.5 text-violet-100">
              {label.name}
              {canRestore && (
                <button type="button" aria-label={`Remove label ${label.name}`} onClick={() => onRemoveLabel(label.id)}>
                  ×
                </button>
              )}
            </span>
          ))}
        </span>
      )}
      <span className="mt-1 flex flex-wrap gap-2 text-sky-300">
        {author.kind === "agent" && author.turn?.messageId && author.turn.sessionId && (
          <button type="button" data-testid="history-open-chat" onClick={() => openChatMessage({ sessionId: author.turn!.sessionId!, messageId: author.turn!.messageId! })}>
            Chat message
          </button>
        )}
        {onCompare && (
          <button type="button" data-testid="history-compare" onClick={onCompare}>
            Compare with selected
          </button>
        )}
        {canRestore && !isHead && (
          <button type="button" data-testid="history-restore" disabled={busy} onClick={onRestore}>
            Restore this version
          </button>
        )}
        {canRestore && (
          <button type="button" data-testid="history-add-label" onClick={onLabel}>
            Label
          </button>
        )}
      </span>
    </li>
  );
}
