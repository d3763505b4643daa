import { messageContextLimits, type MessageContext } from "@/lib/agent/message-context";

type ActiveFile = NonNullable<MessageContext["activeFile"]>;

/**
 * Where the person is in the editor, for the agent's next message. The editor registers a reader
 * while it is mounted (one editor per page); the agent panel reads it when a message is sent, so
 * nothing re-renders on every cursor move.
 */
let reader: (() => ActiveFile | null) | null = null;

export function registerEditorContextReader(read: () => ActiveFile | null): () => void {
  reader = read;
  return () => {
    if (reader === read) reader = null;
  };
}

export function readEditorContext(): ActiveFile | null {
  return reader?.() ?? null;
}

/** A selection as sent: cut to the limit (said to be cut), dropped when it is only whitespace. */
export function selectionForMessage({ text, startLine, endLine }: { text: string; startLine: number; endLine: number }): ActiveFile["selection"] {
  if (!text.trim()) return undefined;
  const cut = text.length > messageContextLimits.selectionChars;
  return { startLine, endLine, text: cut ? text.slice(0, messageContextLimits.selectionChars) : text, ...(cut ? { truncated: true } : {}) };
}
