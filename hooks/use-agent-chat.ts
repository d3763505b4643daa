"use client";

import { useChat } from "@ai-sdk/react";
import type { FileUIPart } from "ai";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { MessageContext } from "@/lib/agent/message-context";
import type { AgentUIMessage } from "@/lib/agent/ui-types";
import { agentApi } from "@/lib/client/agent-api";
import { createAgentChatTransport } from "@/lib/client/agent-chat";
import {
  findPendingClientToolCalls,
  runClientToolCall,
  runtimeForRequest,
  shouldSendAgentMessage,
  type AgentBrowserRuntime,
  type ClientToolCall,
} from "@/lib/client/agent-client-tools";
import { appendLiveOutput, emptyLiveOutput, type LiveOutput } from "@/lib/client/agent-message-view";
import { openTurnFollow, readFollowedTurn } from "@/lib/client/agent-turn-follow";

export type TurnEnd = { message: AgentUIMessage; isAbort: boolean; isError: boolean; isDisconnect: boolean };

/**
 * How following a turn running on the server ended: "idle" none ran; "ended" its stream reached the
 * turn's end; "cut" the stream stopped before (the turn is loaded as stored); "left" this chat closed.
 */
export type FollowOutcome = "idle" | "ended" | "cut" | "left";

/** The calls the last message waits for the browser to run, and how they stand here. */
export type BrowserCalls = {
  pendingIds: ReadonlySet<string>;
  /** The page runs them now (after the turn ended here waiting for them, or when asked to). */
  running: boolean;
  /** They will run by themselves once the browser runtime has started. */
  queued: boolean;
  runtime: AgentBrowserRuntime["state"];
  /** Runs them (or, where the browser runtime is not available, tells the agent so). */
  run: () => void;
};

const noIds: ReadonlySet<string> = new Set();
const addTo = (ids: ReadonlySet<string>, id: string) => new Set(ids).add(id);

/**
 * useChat for one agent session: posts only the newest message with the model picked and where
 * commands run, sends approval answers back on its own once every request of the message is
 * answered, runs the commands a turn left to the browser (WebContainer) and sends their outputs
 * back, collects the live output of running commands, which is never stored, and follows a turn
 * running on the server without this page's request (after a reload, or one sent from another tab).
 */
export function useAgentChat({
  projectId,
  sessionId,
  initialMessages,
  model,
  browser = null,
  onTurnEnd,
}: {
  projectId: string;
  sessionId: string;
  initialMessages: AgentUIMessage[];
  model: string | null;
  /** The IDE's WebContainer; null where the IDE runs no browser runtime. */
  browser?: AgentBrowserRuntime | null;
  onTurnEnd: (end: TurnEnd) => void;
}) {
  const onTurnEndRef = useRef(onTurnEnd);
  const browserRef = useRef(browser);
  useEffect(() => {
    onTurnEndRef.current = onTurnEnd;
    browserRef.current = browser;
  });
  // useChat takes the newest transport for each request, so a runtime that came up or fell back counts.
  const runtime = runtimeForRequest({ browser });
  const transport = useMemo(() => createAgentChatTransport({ projectId, sessionId, getRuntime: () => runtime }), [projectId, sessionId, runtime]);

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
  const addOutput = useCallback(
    (chunk: { toolCallId: string; stream: "stdout" | "stderr"; text: string }) => {
      pending.current.push(chunk);
      if (frame.current === null) frame.current = requestAnimationFrame(flush);
    },
    [flush],
  );
  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  /** Assistant messages the person stopped here: the stream closed before the server said how the turn ended. */
  const [stoppedIds, setStoppedIds] = useState<ReadonlySet<string>>(noIds);
  /** Assistant messages whose turn ended here waiting for the browser: their calls run without asking. */
  const [autoRunIds, setAutoRunIds] = useState<ReadonlySet<string>>(noIds);
  /** Calls this page answered (so only those make it send the message back) and started. */
  const answered = useRef(new Set<string>());
  const started = useRef(new Set<string>());

  const chat = useChat<AgentUIMessage>({
    id: sessionId,
    messages: initialMessages,
    transport,
    experimental_throttle: 40,
    sendAutomaticallyWhen: ({ messages }) => shouldSendAgentMessage({ messages, answered: answered.current }),
    onData: (part) => {
      if (part.type === "data-tool-output") addOutput(part.data);
    },
    onFinish: ({ message, isAbort, isError, isDisconnect }) => {
      flush();
      if (isAbort && message.role === "assistant") setStoppedIds((ids) => addTo(ids, message.id));
      if (!isAbort && !isError && message.role === "assistant" && message.metadata?.status === "awaiting_client")
        setAutoRunIds((ids) => addTo(ids, message.id));
      onTurnEndRef.current({ message, isAbort, isError, isDisconnect });
    },
  });

  const { messages, sendMessage, regenerate, addToolApprovalResponse, addToolOutput, stop: stopStream } = chat;
  const options = useMemo(() => (model ? { body: { model } } : {}), [model]);
  /** A new prompt, with the images attached to it and where the person is in the editor. */
  const send = useCallback(
    (text: string, extra: { files?: FileUIPart[]; context?: MessageContext | null } = {}) =>
      sendMessage(
        {
          role: "user",
          parts: [
            { type: "text", text },
            ...(extra.files ?? []),
            // Shown on the sent message at once, as the server stores it (which adds the text the model saw);
            // the server reads the context from the body, not from this part.
            ...(extra.context ? [{ type: "data-context" as const, data: { ...extra.context, text: "" } }] : []),
          ],
        },
        extra.context ? { body: { ...options.body, context: extra.context } } : options,
      ),
    [sendMessage, options],
  );
  /** Answers the last assistant message again (after a failure or a stop). */
  const retry = useCallback(() => regenerate(options), [regenerate, options]);
  const answerApproval = useCallback(
    ({ id, approved }: { id: string; approved: boolean }) => addToolApprovalResponse({ id, approved, options }),
    [addToolApprovalResponse, options],
  );

  // ---- commands left to the browser ----

  const pendingCalls = useMemo(() => findPendingClientToolCalls({ messages }), [messages]);
  const pendingRef = useRef<ClientToolCall[]>(pendingCalls);
  useEffect(() => {
    pendingRef.current = pendingCalls;
  });
  const lastId = messages[messages.length - 1]?.id ?? null;
  const clientAbort = useRef<AbortController | null>(null);
  const [clientRunning, setClientRunning] = useState(false);

  /**
   * Runs the pending calls one after another (as the box would: a command may need the one before)
   * and answers each; the last answer sends the message back. `fresh` skips calls started before.
   */
  const runCalls = useCallback(
    async ({ fresh }: { fresh: boolean }) => {
      if (clientAbort.current) return;
      const calls = pendingRef.current.filter((call) => !fresh || !started.current.has(call.toolCallId));
      if (calls.length === 0) return;
      const abort = new AbortController();
      clientAbort.current = abort;
      setClientRunning(true);
      try {
        for (const call of calls) {
          if (abort.signal.aborted) return;
          started.current.add(call.toolCallId);
          const result = await runClientToolCall({
            call,
            browser: browserRef.current,
            signal: abort.signal,
            onOutput: (chunk) => addOutput({ toolCallId: call.toolCallId, ...chunk }),
          });
          // Stopped: the turn stops here; nothing goes back to the server.
          if (abort.signal.aborted) return;
          flush();
          answered.current.add(call.toolCallId);
          if (result.state === "output-available")
            await addToolOutput({ tool: call.toolName, toolCallId: call.toolCallId, output: result.output, options });
          else await addToolOutput({ tool: call.toolName, toolCallId: call.toolCallId, state: "output-error", errorText: result.errorText, options });
        }
      } finally {
        if (clientAbort.current === abort) clientAbort.current = null;
        setClientRunning(false);
      }
    },
    [addOutput, addToolOutput, flush, options],
  );

  const browserState = browser?.state ?? "unavailable";
  const queued = lastId !== null && autoRunIds.has(lastId) && pendingCalls.length > 0 && chat.status === "ready";
  useEffect(() => {
    // A runtime still booting is waited for; one that is gone gets the calls answered with why.
    if (queued && browserState !== "starting") void runCalls({ fresh: true });
  }, [queued, browserState, runCalls]);

  const runPending = useCallback(() => void runCalls({ fresh: false }), [runCalls]);

  // Leaving the chat stops its commands: nothing runs unseen, and the turn waits to be run again.
  useEffect(
    () => () => {
      const abort = clientAbort.current;
      abort?.abort();
    },
    [],
  );

  // ---- a turn running on the server without this page's request ----

  const [following, setFollowing] = useState(false);
  const followAbort = useRef<AbortController | null>(null);
  const { setMessages } = chat;
  /** Shows the running turn as the server has it so far, then live, until it ends. */
  const follow = useCallback(async (): Promise<FollowOutcome> => {
    if (followAbort.current) return "left";
    const abort = new AbortController();
    followAbort.current = abort;
    setFollowing(true);
    try {
      const stream = await openTurnFollow({ projectId, sessionId, signal: abort.signal });
      if (!stream) return "idle";
      // The stream starts from the turn's beginning, its command output included.
      pending.current = [];
      setLiveOutput({});
      const { finished } = await readFollowedTurn({
        stream,
        onOutput: addOutput,
        onMessage: (message) =>
          setMessages((messages) => {
            const index = messages.findIndex((m) => m.id === message.id);
            return index === -1 ? [...messages, message] : messages.map((m, i) => (i === index ? message : m));
          }),
      });
      flush();
      return finished ? "ended" : "cut";
    } catch (error) {
      if (abort.signal.aborted) return "left";
      throw error;
    } finally {
      if (followAbort.current === abort) followAbort.current = null;
      setFollowing(false);
    }
  }, [projectId, sessionId, addOutput, flush, setMessages]);
  useEffect(() => () => followAbort.current?.abort(), []);

  /** Stops the stream, or the commands running in the browser (then nothing is sent back). */
  const stop = useCallback(async () => {
    if (lastId !== null && (clientAbort.current || autoRunIds.has(lastId))) {
      clientAbort.current?.abort();
      setStoppedIds((ids) => addTo(ids, lastId));
      setAutoRunIds((ids) => {
        const next = new Set(ids);
        next.delete(lastId);
        return next;
      });
    }
    // Turns outlive their request (a reload must not lose one), so Stop asks the server to stop it;
    // a followed turn's stream then ends by itself.
    if (following) return void (await agentApi.stopSession({ projectId, sessionId }).catch(() => false));
    const streaming = chat.status === "submitted" || chat.status === "streaming";
    const stopping = streaming ? agentApi.stopSession({ projectId, sessionId }).catch(() => false) : Promise.resolve(false);
    await stopStream();
    await stopping;
  }, [lastId, autoRunIds, stopStream, chat.status, following, projectId, sessionId]);

  const pendingIds = useMemo(() => new Set(pendingCalls.map((call) => call.toolCallId)), [pendingCalls]);
  const waiting = queued && browserState === "starting";
  const browserCalls: BrowserCalls = useMemo(
    () => ({ pendingIds, running: clientRunning, queued: waiting, runtime: browserState, run: runPending }),
    [pendingIds, clientRunning, waiting, browserState, runPending],
  );

  return {
    messages,
    status: chat.status,
    error: chat.error,
    busy: chat.status === "submitted" || chat.status === "streaming" || clientRunning || waiting || following,
    following,
    follow,
    setMessages: chat.setMessages,
    clearError: chat.clearError,
    stop,
    send,
    retry,
    answerApproval,
    liveOutput,
    stoppedIds,
    browserCalls,
  };
}
