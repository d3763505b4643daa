import "server-only";
import type { UIMessageChunk } from "ai";
import { appendTurnChunks, nextTurnChunkSeq } from "./turn-stream-store";
import type { AgentUIMessage } from "./ui-types";

export const turnStreamLimits = {
  /** A batch is written at most this long after its first chunk: what a follower lags behind the owner's page. */
  flushMs: 100,
  batchChunks: 200,
  /** Command output kept per turn for followers; beyond it they are told the rest is not shown. */
  outputChars: 4 * 1024 * 1024,
  /** Everything kept per turn; past it followers are cut off and load the turn as stored when it ends. */
  turnChars: 16 * 1024 * 1024,
};

/** The first chunk of every turn's stored stream: the assistant message as the turn started (a continuation's earlier parts). */
export const turnBaseChunkType = "data-turn-base";

export type TurnStreamWriter = { push: (chunk: UIMessageChunk) => void; close: () => Promise<void> };

/**
 * Keeps a turn's live stream in the database while it runs (owner side): chunks are gathered and
 * appended in numbered batches, each announced on the turn channel (the hub deletes them a while
 * after the turn ends: lib/agent/turn-stream-hub.ts). The turn waits only for its last batch at its
 * end, and never fails by it: when a write fails the stream stops there (followers then load the
 * turn as stored).
 */
export function createTurnStreamWriter({ turnId, base }: { turnId: string; base: AgentUIMessage }): TurnStreamWriter {
  let buffer: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  /** The number of the next batch, once known. */
  let seq = -1;
  /** Batches are written one after another, after the numbering is known. */
  let writing: Promise<void> = nextTurnChunkSeq({ turnId }).then(
    (next) => void (seq = next),
    (error: unknown) => fail(error),
  );
  /** A write failed: nothing more is written (followers must not see a gap). */
  let failed = false;
  /** Past the size bound, or closed: pushes are ignored. */
  let ended = false;
  let chars = 0;
  let outputChars = 0;
  const outputCut = new Set<string>();

  const flush = (final: boolean) => {
    clearTimeout(timer);
    timer = undefined;
    if (buffer.length === 0 && !final) return;
    const batch = `[${buffer.join(",")}]`;
    buffer = [];
    writing = writing.then(async () => {
      if (failed) return;
      try {
        await appendTurnChunks({ turnId, seq, chunks: batch, final });
        seq++;
      } catch (error) {
        fail(error);
      }
    });
  };
  function fail(error: unknown) {
    failed = true;
    console.error("Could not keep an agent turn's live output; pages following it load it when it ends", error);
  }

  const add = (chunk: UIMessageChunk) => {
    const text = JSON.stringify(chunk);
    chars += text.length;
    if (chars > turnStreamLimits.turnChars) {
      // Cut off: the last batch says the stream ends here; the turn goes on and is stored as usual.
      ended = true;
      flush(true);
      return;
    }
    buffer.push(text);
    if (buffer.length >= turnStreamLimits.batchChunks) flush(false);
    else timer ??= setTimeout(() => flush(false), turnStreamLimits.flushMs);
  };

  add({ type: turnBaseChunkType, data: { message: base }, transient: true } as UIMessageChunk);

  return {
    push(chunk) {
      if (ended) return;
      if (chunk.type === "data-tool-output") {
        const { toolCallId, stream, text } = (chunk as { data: { toolCallId: string; stream: "stdout" | "stderr"; text: string } }).data;
        outputChars += text.length;
        if (outputChars > turnStreamLimits.outputChars) {
          if (outputCut.has(toolCallId)) return;
          outputCut.add(toolCallId);
          chunk = { ...chunk, data: { toolCallId, stream, text: "\n[more output than can be followed live: the rest shows when the call ends]\n" } } as UIMessageChunk;
        }
      }
      add(chunk);
    },
    async close() {
      if (!ended) flush(true);
      ended = true;
      await writing;
    },
  };
}
