import "server-only";
import type { HeadHub } from "./hub";
import type { HeadEvent } from "./types";

// Proxies and load balancers close connections that stay silent for about a minute.
const heartbeatMs = 15_000;

/** What a stream's subscription gets: `send` frames an event, `end` closes the stream. */
type Subscribe = (stream: { send: (event: HeadEvent) => void; end: () => void }) => Promise<() => void>;

/**
 * Head-channel events as Server-Sent Events (`event: head` / `event: reload`, JSON data, the id of
 * the snapshot they lead to; `event: presence` and `event: turn` without an id), with a comment as
 * heartbeat. It ends, releasing its subscription, when `signal` aborts, the reader cancels or the
 * subscription calls `end`.
 */
export async function eventSourceStream({ subscribe, signal }: { subscribe: Subscribe; signal: AbortSignal }): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let done = false;
  let heartbeat: NodeJS.Timeout | undefined;
  let unsubscribe = () => {};
  const write = (text: string) => {
    if (!done) controller.enqueue(encoder.encode(text));
  };
  const end = () => {
    if (done) return;
    done = true;
    clearInterval(heartbeat);
    signal.removeEventListener("abort", end);
    unsubscribe();
    try {
      controller.close();
    } catch {
      // Already cancelled by the reader.
    }
  };
  const stream = new ReadableStream<Uint8Array>({
    start: (c) => {
      controller = c;
    },
    cancel: end,
  });
  // The id is the snapshot the client holds after this event: EventSource sends it back as
  // Last-Event-ID when it reconnects on its own, so the stream resumes from there, not from `since`.
  // Presence and turns carry no id: EventSource keeps the last one it had, the snapshot to resume from.
  const send = (event: HeadEvent) => {
    const id = event.type === "head" ? `id: ${event.to ?? ""}\n` : event.type === "reload" ? `id: ${event.head ?? ""}\n` : "";
    write(`${id}event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  };
  unsubscribe = await subscribe({ send, end });
  if (done) unsubscribe();
  else if (signal.aborted) end();
  else {
    signal.addEventListener("abort", end);
    write(": connected\n\n");
    heartbeat = setInterval(() => write(": heartbeat\n\n"), heartbeatMs);
  }
  return stream;
}

/** A member's head channel: head moves, who is present, and the caller's own agent turns. */
export function headEventStream({
  hub,
  projectId,
  userId,
  tab,
  since,
  signal,
}: {
  hub: HeadHub;
  projectId: string;
  /** The caller: told of their own agent turns only. */
  userId: string;
  /** The subscribing tab's presence id, kept present while the stream is open. */
  tab?: string;
  since: string | undefined;
  signal: AbortSignal;
}): Promise<ReadableStream<Uint8Array>> {
  return eventSourceStream({ signal, subscribe: ({ send }) => hub.subscribe({ projectId, userId, tab, since, send }) });
}
