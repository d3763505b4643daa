import { DefaultChatTransport, readUIMessageStream, type UIMessageChunk } from "ai";
import { z } from "zod";
import type { AgentUIMessage } from "@/lib/agent/ui-types";
import type { TurnEvent } from "@/lib/head-channel/types";
import { agentStreamUrl } from "./agent-api";

/** The first chunk of a followed turn: its assistant message as the turn started (lib/agent/turn-stream-writer.ts). */
const baseChunkSchema = z.object({
  type: z.literal("data-turn-base"),
  data: z.object({
    message: z.looseObject({ id: z.string().min(1), role: z.literal("assistant"), parts: z.array(z.looseObject({ type: z.string() })) }),
  }),
});

export type LiveOutputChunk = { toolCallId: string; stream: "stdout" | "stderr"; text: string };

/**
 * Opens the session's running turn as the server keeps it (GET …/stream): its chunks from the start,
 * then live. Null when no turn runs. Any app server answers it.
 */
export async function openTurnFollow({ projectId, sessionId, signal }: { projectId: string; sessionId: string; signal: AbortSignal }) {
  const transport = new DefaultChatTransport<AgentUIMessage>({
    prepareReconnectToStreamRequest: () => ({ api: agentStreamUrl({ projectId, sessionId }), credentials: "same-origin" }),
  });
  return transport.reconnectToStream({ chatId: sessionId, abortSignal: signal });
}

/**
 * Builds the turn's assistant message from a followed stream, as it arrives: from the base message
 * the stream starts with (a continuation's earlier parts included), with the AI SDK's own reducer.
 * Command output (never stored) goes to `onOutput`. `finished` says the stream reached the turn's
 * end; without it the page loads the turn as stored.
 */
export async function readFollowedTurn({
  stream,
  onMessage,
  onOutput,
}: {
  stream: ReadableStream<UIMessageChunk>;
  onMessage: (message: AgentUIMessage) => void;
  onOutput: (chunk: LiveOutputChunk) => void;
}): Promise<{ finished: boolean }> {
  const reader = stream.getReader();
  const first = await reader.read();
  if (first.done) return { finished: false };
  const base = baseChunkSchema.safeParse(first.value);
  if (!base.success) {
    await reader.cancel();
    throw new Error("The running turn's stream did not start with its message; reload the page");
  }
  let finished = false;
  const rest = new ReadableStream<UIMessageChunk>({
    async pull(controller) {
      const { value, done } = await reader.read();
      if (done) return controller.close();
      if (value.type === "data-tool-output") onOutput((value as { data: LiveOutputChunk }).data);
      if (value.type === "finish") finished = true;
      controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  const start = base.data.data.message as unknown as AgentUIMessage;
  // The reducer builds on the message it is given in place; what is shown is a copy.
  onMessage(structuredClone(start));
  for await (const message of readUIMessageStream<AgentUIMessage>({ message: start, stream: rest, terminateOnError: true })) onMessage(message);
  return { finished };
}

/**
 * What the chat showing `sessionId` does when the head channel says a turn started or ended:
 * `follow` a turn running elsewhere (as after a reload), `load` the chat as stored when one ended
 * elsewhere, else `ignore`. The page's own turn (it is `sending`: useChat streams it) and a turn it
 * follows already end through their own streams; a turn whose end the page shows needs nothing.
 * `shown` is the status the page shows for the event's turn, undefined when it shows none.
 */
export function planTurnEvent({
  event,
  sessionId,
  sending,
  following,
  shown,
}: {
  event: TurnEvent;
  sessionId: string;
  sending: boolean;
  following: boolean;
  shown: TurnEvent["status"] | undefined;
}): "follow" | "load" | "ignore" {
  if (event.sessionId !== sessionId || sending || following) return "ignore";
  if (event.status === "running") return shown === undefined || shown === "running" ? "follow" : "ignore";
  return shown === event.status ? "ignore" : "load";
}

/** The status the messages show for the turn (its assistant message's), if any. */
export function shownTurnStatus({ messages, turnId }: { messages: readonly AgentUIMessage[]; turnId: string }): TurnEvent["status"] | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const metadata = messages[i]!.metadata;
    if (messages[i]!.role === "assistant" && metadata?.turnId === turnId) return metadata.status;
  }
  return undefined;
}
