import "server-only";
import type { HeadHub } from "@/lib/head-channel/hub";
import type { HeadEvent } from "@/lib/head-channel/types";

const heartbeatMs = 15_000;

/**
 * The head channel as a share link sees it: head moves and reloads only (no presence, no agent
 * turns: a link reveals nothing of the workspace's people), with the author's user id left out.
 * Same framing and ids as lib/head-channel/sse.ts, so the same client code can follow it.
 */
export async function sharedHeadEventStream({
  hub,
  projectId,
  since,
  signal,
  stillValid,
}: {
  hub: HeadHub;
  projectId: string;
  since: string | undefined;
  signal: AbortSignal;
  /**
   * Asked before each head move is sent: false (the link was revoked or expired meanwhile) ends the
   * stream, and EventSource's reconnect then meets the 404 every dead link gets.
   */
  stillValid: () => Promise<boolean>;
}): Promise<ReadableStream<Uint8Array>> {
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
  const frame = (event: HeadEvent): string | null => {
    if (event.type === "head") {
      const shown = { ...event, author: event.author && { kind: event.author.kind, userId: null } };
      return `id: ${event.to ?? ""}\nevent: head\ndata: ${JSON.stringify(shown)}\n\n`;
    }
    if (event.type === "reload") return `id: ${event.head ?? ""}\nevent: reload\ndata: ${JSON.stringify(event)}\n\n`;
    return null;
  };
  // Checks run one after another, so events still go out in the order the hub sent them.
  let queue = Promise.resolve();
  const send = (event: HeadEvent) => {
    const text = frame(event);
    if (text === null) return;
    queue = queue.then(async () => {
      if (done) return;
      if (await stillValid().catch(() => false)) write(text);
      else end();
    });
  };
  unsubscribe = await hub.subscribe({ projectId, since, send });
  if (signal.aborted) end();
  else {
    signal.addEventListener("abort", end);
    write(": connected\n\n");
    heartbeat = setInterval(() => write(": heartbeat\n\n"), heartbeatMs);
  }
  return stream;
}
