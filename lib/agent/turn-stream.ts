import "server-only";
import type { UIMessageChunk } from "ai";
import { getTurnHub } from "./turn-stream-hub";
import { currentRunAfterSeq, readTurnChunks, turnIsRunning } from "./turn-stream-store";

export const turnFollowTiming = {
  /** Without a notification, the turn's rows and status are re-read this often (a missed notification, a dead owner). */
  recheckMs: 2_000,
  /** The owner writes the turn's end before its last batch: a follower seeing the end waits this long for it. */
  lastBatchMs: 1_500,
};

/**
 * A running turn's stream for a follower (a reloaded page, another tab, a page served by another
 * server): every chunk from the start, the base message first, then each batch the owner appends
 * as it is announced, until the last. Served from the database alone, so any server can serve it.
 */
export async function followTurn({ turnId }: { turnId: string }): Promise<ReadableStream<UIMessageChunk>> {
  const hub = await getTurnHub();
  let afterSeq = await currentRunAfterSeq({ turnId });
  let woken = false;
  let wakeUp: (() => void) | null = null;
  let endedAt: number | null = null;
  const unfollow = hub.follow(turnId, () => {
    woken = true;
    wakeUp?.();
  });
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken) {
        woken = false;
        return resolve();
      }
      const timer = setTimeout(done, ms);
      wakeUp = done;
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        woken = false;
        resolve();
      }
    });

  let cancelled = false;
  return new ReadableStream<UIMessageChunk>(
    {
      async pull(controller) {
        try {
          while (!cancelled) {
            woken = false;
            const batches = await readTurnChunks({ turnId, afterSeq });
            for (const batch of batches) {
              for (const chunk of batch.chunks) controller.enqueue(chunk);
              afterSeq = batch.seq;
              if (batch.final) {
                unfollow();
                controller.close();
                return;
              }
            }
            if (batches.length > 0) return;
            if (endedAt === null && !(await turnIsRunning({ turnId }))) endedAt = Date.now();
            if (endedAt !== null && Date.now() - endedAt >= turnFollowTiming.lastBatchMs) {
              // Ended without its last batch (its server died, or its output passed the bound): the stored turn tells the rest.
              unfollow();
              controller.close();
              return;
            }
            await sleep(endedAt === null ? turnFollowTiming.recheckMs : turnFollowTiming.lastBatchMs);
          }
        } catch (error) {
          unfollow();
          controller.error(error);
        }
      },
      cancel() {
        cancelled = true;
        unfollow();
        wakeUp?.();
      },
    },
    { highWaterMark: 0 },
  );
}
