"use client";

import { useChat } from "@ai-sdk/react";
import { lastAssistantMessageIsCompleteWithApprovalResponses } from "ai";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { AgentUIMessage } from "@/lib/agent/ui-types";
import { createAgentChatTransport } from "@/lib/client/agent-chat";
import { appendLiveOutput, emptyLiveOutput, type LiveOutput } from "@/lib/client/agent-message-view";

export type TurnEnd = { message: AgentUIMessage; isAbort: boolean; isError: boolean; isDisconnect: boolean };

/**
 * useChat for one agent session: posts only the newest message with the model picked, sends
 * approval answers back on its own once every request of the message is answered, and collects the
 * live output of running commands, which arrives as transient data parts and is never stored.
 */
export function useAgentChat({
  projectId,
  sessionId,
  initialMessages,
  model,
  onTurnEnd,
}: {
  projectId: string;
  sessionId: string;
  initialMessages: AgentUIMessage[];
  model: string | null;
  onTurnEnd: (end: TurnEnd) => void;
}) {
  const onTurnEndRef = useRef(onTurnEnd);
  useEffect(() => {
    onTurnEndRef.current = onTurnEnd;
  });
  const transport = useMemo(() => createAgentChatTransport({ projectId, sessionId }), [projectId, sessionId]);

  // Output chunks can come by the hundred a second: they are gathered and drawn once a frame.
  const [liveOutput, setLiveOutput] = useState<Readonly<Record<string, LiveOutput>>>({});
  const pending = useRef<{ toolCallId: string; stream: "stdout" | "stderr"; text: string }[]>([]);
  const frame = useRef<number | null>(null);
  const flush = useCallback(() => {
    frame.current = null;
    const chunks = pending.current;
    pending.current = [];
    if (chunks.length === 0) return;
    setLiveOutput((previous) => {
      const next = { ...previous };
      for (const chunk of chunks) next[chunk.toolCallId] = appendLiveOutput(next[chunk.toolCallId] ?? emptyLiveOutput, chunk);
      return next;
    });
  }, []);
  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  /** Assistant messages the person stopped here: the stream closed before the server said how the turn ended. */
  const [stoppedIds, setStoppedIds] = useState<ReadonlySet<string>>(new Set());

  const chat = useChat<AgentUIMessage>({
    id: sessionId,
    messages: initialMessages,
    transport,
    experimental_throttle: 40,
    sendAutomaticallyWhen: lastAssistantMessageIsCompleteWithApprovalResponses,
    onData: (part) => {
      if (part.type !== "data-tool-output") return;
      pending.current.push(part.data);
      if (frame.current === null) frame.current = requestAnimationFrame(flush);
    },
    onFinish: ({ message, isAbort, isError, isDisconnect }) => {
      flush();
      if (isAbort && message.role === "assistant") setStoppedIds((ids) => new Set(ids).add(message.id));
      onTurnEndRef.current({ message, isAbort, isError, isDisconnect });
    },
  });

  const { sendMessage, regenerate, addToolApprovalResponse } = chat;
  const options = useMemo(() => (model ? { body: { model } } : {}), [model]);
  const send = useCallback((text: string) => sendMessage({ text }, options), [sendMessage, options]);
  /** Answers the last assistant message again (after a failure or a stop). */
  const retry = useCallback(() => regenerate(options), [regenerate, options]);
  const answerApproval = useCallback(
    ({ id, approved }: { id: string; approved: boolean }) => addToolApprovalResponse({ id, approved, options }),
    [addToolApprovalResponse, options],
  );

  return {
    messages: chat.messages,
    status: chat.status,
    error: chat.error,
    busy: chat.status === "submitted" || chat.status === "streaming",
    setMessages: chat.setMessages,
    clearError: chat.clearError,
    stop: chat.stop,
    send,
    retry,
    answerApproval,
    liveOutput,
    stoppedIds,
  };
}
