/**
 * Any panel shows one chat message by dispatching this event on window: the agent panel switches to
 * that chat and scrolls to the message, and the IDE brings the side panel and its Agent tab forward.
 */
export const chatOpenEvent = "agent-chat:open";

export type ChatMessageRequest = { sessionId: string; messageId: string };

export function openChatMessage(request: ChatMessageRequest): void {
  window.dispatchEvent(new CustomEvent<ChatMessageRequest>(chatOpenEvent, { detail: request }));
}

/** Calls `listener` with each request until the returned function is called. */
export function onChatMessageOpen(listener: (request: ChatMessageRequest) => void): () => void {
  const handle = (event: Event) => listener((event as CustomEvent<ChatMessageRequest>).detail);
  window.addEventListener(chatOpenEvent, handle);
  return () => window.removeEventListener(chatOpenEvent, handle);
}
