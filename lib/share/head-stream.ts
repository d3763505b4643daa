import "server-only";
import type { HeadHub } from "@/lib/head-channel/hub";
import { eventSourceStream } from "@/lib/head-channel/sse";
import type { HeadEvent } from "@/lib/head-channel/types";

/**
 * The head channel as a share link sees it: head moves and reloads only (no presence, no agent
 * turns: a link reveals nothing of the workspace's people), with the author's user id left out.
 * Same framing and ids as a member's stream, so the same client code can follow it.
 */
export function sharedHeadEventStream({
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
  return eventSourceStream({
    signal,
    subscribe: ({ send, end }) => {
      // Checks run one after another, so events still go out in the order the hub sent them.
      let queue = Promise.resolve();
      const shown = (event: HeadEvent): HeadEvent | null => {
        if (event.type === "head") return { ...event, author: event.author && { kind: event.author.kind, userId: null } };
        return event.type === "reload" ? event : null;
      };
      return hub.subscribe({
        projectId,
        since,
        send: (event) => {
          const visible = shown(event);
          if (!visible) return;
          queue = queue.then(async () => {
            if (await stillValid().catch(() => false)) send(visible);
            else end();
          });
        },
      });
    },
  });
}
