import { headEventSchema, type HeadEvent, type HeadMovedEvent, type ReloadEvent } from "@/lib/head-channel/types";
import { browserTabId } from "@/lib/presence/tab-id";

/** What the feed needs of an EventSource; a fake in tests. */
export type EventSourceLike = {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
};

export type OpenEventSource = (url: string) => EventSourceLike;

// EventSource.CLOSED, spelled out: the constant is not there where EventSource is not (tests, server render).
const closed = 2;

// Every event type the head channel's union names (head, reload, and whatever is added to it later).
const eventTypes: string[] = headEventSchema.options.map((option) => option.shape.type.value);

/**
 * The browser end of a project's head channel (GET /api/projects/:id/head): one EventSource whose
 * events are checked against the channel's schemas and handed to every subscriber, in order.
 * EventSource reconnects by itself after a dropped connection and resumes from the last event's id;
 * a stream the server refused (an error status) is opened again after a growing pause.
 */
export function createHeadFeed({
  projectId,
  path = `/api/projects/${encodeURIComponent(projectId)}/head`,
  openEventSource = (url) => new EventSource(url),
  retryMs = { first: 1_000, max: 30_000 },
  tab = browserTabId(),
}: {
  projectId: string;
  /** The stream's address; a share link's visitor follows /api/share/<token>/head instead. */
  path?: string;
  openEventSource?: OpenEventSource;
  retryMs?: { first: number; max: number };
  /** This tab's presence id: the server keeps the tab present while the stream is open. */
  tab?: string | null;
}) {
  const listeners = new Set<(event: HeadEvent) => void>();
  let source: EventSourceLike | null = null;
  let since: string | null = null;
  let generation = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let delay = retryMs.first;
  let stopped = false;

  const deliver = (own: number, message: MessageEvent) => {
    if (own !== generation) return;
    let data: unknown;
    try {
      data = JSON.parse(String(message.data));
    } catch {
      return;
    }
    const parsed = headEventSchema.safeParse(data);
    if (!parsed.success) return;
    delay = retryMs.first;
    for (const listener of listeners) listener(parsed.data);
  };

  const open = () => {
    clearTimeout(retry);
    source?.close();
    const own = ++generation;
    const params = new URLSearchParams({ ...(since === null ? {} : { since }), ...(tab === null ? {} : { tab }) });
    const query = params.size === 0 ? "" : `?${params}`;
    const opened = openEventSource(`${path}${query}`);
    source = opened;
    for (const type of eventTypes) opened.addEventListener(type, (message) => deliver(own, message));
    opened.addEventListener("error", () => {
      // A network drop is retried by EventSource itself (readyState CONNECTING); an error status is not.
      if (own !== generation || opened.readyState !== closed || stopped) return;
      retry = setTimeout(open, delay);
      delay = Math.min(delay * 2, retryMs.max);
    });
  };

  return {
    /**
     * (Re)opens the stream from `from`, the snapshot whose listing the subscriber holds: the server
     * first sends what changed since (or `reload` when it does not know it). Events of the stream
     * this replaces are no longer delivered.
     */
    connect(from: string | null) {
      stopped = false;
      since = from;
      delay = retryMs.first;
      open();
    },
    /** Opens the stream again at once when it is closed (refused, waiting to retry); else nothing. */
    nudge() {
      if (!stopped && source && source.readyState === closed) open();
    },
    /** Every event of the channel that parses, in order; returns the unsubscribe function. */
    subscribe(listener: (event: HeadEvent) => void): () => void {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    close() {
      stopped = true;
      clearTimeout(retry);
      generation++;
      source?.close();
      source = null;
    },
  };
}

export type HeadFeed = ReturnType<typeof createHeadFeed>;

/**
 * What a holder of the listing at `held` does with a head event: `drop` one it already holds (its own
 * save, answered by the save route first), `apply` one that starts where it is, `resync` (ask the
 * server for the change set from `held`) one that does not chain, `reload` the listing whole when the
 * server does not know what it holds.
 */
export function planHeadEvent({ held, event }: { held: string | null; event: HeadMovedEvent | ReloadEvent }): "drop" | "apply" | "resync" | "reload" {
  if (event.type === "reload") return event.head === held ? "drop" : "reload";
  if (event.to === held) return "drop";
  return event.from === held ? "apply" : "resync";
}
