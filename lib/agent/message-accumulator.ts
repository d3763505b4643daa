import { readUIMessageStream, type UIMessageChunk } from "ai";
import type { AgentUIMessage } from "./ui-types";

/**
 * Builds the assistant message from the chunks sent to the browser, with the AI SDK's own reducer,
 * so what is stored is exactly what the user saw stream.
 */
export function createMessageAccumulator(start: AgentUIMessage) {
  let controller!: ReadableStreamDefaultController<UIMessageChunk>;
  const input = new ReadableStream<UIMessageChunk>({ start: (c) => void (controller = c) });
  let latest = start;
  let version = 0;
  const done = (async () => {
    for await (const message of readUIMessageStream<AgentUIMessage>({ message: start, stream: input })) {
      latest = message;
      version++;
    }
  })();
  return {
    push(chunk: UIMessageChunk) {
      controller.enqueue(chunk);
    },
    /** The message as far as it has been built; `version` changes whenever it does. */
    snapshot: () => ({ message: latest, version }),
    async close(): Promise<AgentUIMessage> {
      controller.close();
      await done;
      return latest;
    },
  };
}
