import { DefaultChatTransport, readUIMessageStream, type UIMessageChunk } from "ai";
import { z } from "zod";
import type { AgentUIMessage } from "@/lib/agent/ui-types";
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
