"use client";

import type { FileUIPart } from "ai";
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { mentionedPaths } from "@/lib/agent/message-context";
import type { AgentUIMessage, RejectConflict, TurnSummary } from "@/lib/agent/ui-types";
import { readRejectConflict, type AgentApi, type LoadedSession } from "@/lib/client/agent-api";
import type { AgentBrowserRuntime } from "@/lib/client/agent-client-tools";
import { describeChatError, findRunningTurn, pendingApprovalIds } from "@/lib/client/agent-chat";
import { planTurnEvent, shownTurnStatus } from "@/lib/client/agent-turn-follow";
import { mergeReview, type LiveOutput } from "@/lib/client/agent-message-view";
import { describeError } from "@/lib/client/conflict";
import { readEditorContext } from "@/lib/client/editor-context";
import { useAgentChat } from "@/hooks/use-agent-chat";
import { useFollowAgentWrites } from "@/hooks/use-follow-agent-writes";
import type { SubscribeHeadEvents } from "@/hooks/use-presence";
import { AgentEmptyState } from "./agent-empty-state";
import { AgentInput } from "./agent-input";
import { AssistantMessage, PendingAnswer, UserMessage } from "./agent-message";
import { ChangeReviewDialog } from "./change-review-dialog";
import type { TurnReviewState } from "./changes-card";
import { ChevronDownIcon, RefreshIcon, Spinner } from "./icons";
import { RejectConflictDialog } from "./reject-conflict-dialog";

const noOutput: Readonly<Record<string, LiveOutput>> = {};
const noPending: ReadonlySet<string> = new Set();
const notReviewed: TurnReviewState = { review: {}, undone: false, lastEditUndone: false };

function reviewStateFromTurns(turns: readonly TurnSummary[]): Record<string, TurnReviewState> {
  return Object.fromEntries(
    turns.map((turn) => [turn.id, { review: turn.review, undone: turn.undoSnapshotId !== null, lastEditUndone: turn.lastEditUndoSnapshotId !== null }]),
  );
}

/** A scroll box that stays at its end while content arrives, until the person scrolls up. */
function useStickToBottom(content: unknown) {
  const ref = useRef<HTMLDivElement>(null);
  const [pinned, setPinned] = useState(true);
  const pinnedRef = useRef(true);
  useEffect(() => {
    const element = ref.current;
    if (element && pinnedRef.current) element.scrollTop = element.scrollHeight;
  }, [content]);
  const onScroll = () => {
    const element = ref.current;
    if (!element) return;
    const atEnd = element.scrollHeight - element.scrollTop - element.clientHeight < 48;
    pinnedRef.current = atEnd;
    setPinned(atEnd);
  };
  const scrollToEnd = () => {
    pinnedRef.current = true;
    setPinned(true);
    ref.current?.scrollTo({ top: ref.current.scrollHeight, behavior: "smooth" });
  };
  return { ref, pinned, onScroll, scrollToEnd };
}

function Banner({ children, tone = "info", testId }: { children: ReactNode; tone?: "info" | "error"; testId?: string }) {
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      data-testid={testId}
      className={
        tone === "error"
          ? "mx-2 my-2 flex flex-wrap items-center gap-2 rounded-md border border-red-500/30 bg-red-950/50 px-3 py-2 text-[12.5px] text-red-100"
          : "mx-2 mt-2 flex flex-wrap items-center gap-2 rounded-md border border-sky-500/30 bg-sky-950/40 px-3 py-2 text-[12.5px] text-sky-100"
      }
    >
      {children}
    </div>
  );
}

const bannerButton =
  "inline-flex items-center gap-1 rounded bg-white/10 px-2 py-0.5 text-[12px] text-neutral-100 hover:bg-white/15 focus-visible:outline-2 focus-visible:outline-sky-500 disabled:opacity-50";

export type AgentConversationProps = {
  projectId: string;
  sessionId: string;
  api: AgentApi;
  initialMessages: AgentUIMessage[];
  initialTurns: TurnSummary[];
  /** Sent once on mount: the first prompt of a chat just created, with its images. */
  initialPrompt?: OutgoingPrompt | null;
  onInitialPromptSent?: () => void;
  /** The model the next turn uses (null: the server's default). */
  model: string | null;
  offline: boolean;
  modelLabel: (modelId: string) => string;
  /** A turn ended (or was stopped) here: the session list may have changed. */
  onTurnEnd: () => void;
  onOpenFile?: (path: string) => void;
  onError: (message: string) => void;
  reloadSession: () => Promise<LoadedSession | null>;
  /** The IDE's WebContainer, where the agent's commands run when it is up. */
  browser?: AgentBrowserRuntime | null;
  /** The project's head channel: says when a turn of this chat starts or ends elsewhere. */
  subscribeHead?: SubscribeHeadEvents | null;
  /** Project files the prompt box offers after `@`; mentioned ones are sent with the message. */
  mentionPaths?: readonly string[];
  /** Follow the agent: open each file it writes in the editor as it writes it. */
  followWrites?: boolean;
};

/** A prompt as the box hands it over: its text and the images attached. */
export type OutgoingPrompt = { text: string; files: FileUIPart[] };

/** One chat: the conversation log, the banners about its state, the prompt box, and the diff review. */
export function AgentConversation({
  projectId,
  sessionId,
  api,
  initialMessages,
  initialTurns,
  initialPrompt,
  onInitialPromptSent,
  model,
  offline,
  modelLabel,
  onTurnEnd,
  onOpenFile,
  onError,
  reloadSession,
  browser = null,
  subscribeHead = null,
  mentionPaths = [],
  followWrites = false,
}: AgentConversationProps) {
  const [input, setInput] = useState("");
  const [focusToken, setFocusToken] = useState(0);
  const [reviewByTurn, setReviewByTurn] = useState(() => reviewStateFromTurns(initialTurns));
  const [pendingByTurn, setPendingByTurn] = useState<Record<string, ReadonlySet<string>>>({});
  const [reviewing, setReviewing] = useState<{ turnId: string; path: string } | null>(null);
  // A reject the server refused because the file changed after the turn: the person chooses.
  const [rejectConflict, setRejectConflict] = useState<{ turnId: string; conflict: RejectConflict } | null>(null);
  const [runningTurn, setRunningTurn] = useState<{ id: string } | null>(() => findRunningTurn({ turns: initialTurns }));
  const [stoppingRemote, setStoppingRemote] = useState(false);

  // The files a turn writes, rejects and undoes reach the IDE on the project's head channel.
  const handleTurnEnd = useCallback(
    () => {
      onTurnEnd();
      // The box was disabled while the agent worked, which dropped the focus: give it back, unless
      // the person has moved on to the editor or elsewhere meanwhile.
      if (document.activeElement === null || document.activeElement === document.body) setFocusToken((n) => n + 1);
    },
    [onTurnEnd],
  );

  const chat = useAgentChat({ projectId, sessionId, initialMessages, model, browser, onTurnEnd: handleTurnEnd });
  const { messages, busy, status, answerApproval, retry, send: sendMessage, stop } = chat;
  // Where the person is in the editor and the files they @-mentioned travel with each new prompt.
  const sendText = useCallback(
    (text: string, files: FileUIPart[] = []) => {
      const activeFile = readEditorContext();
      const mentions = mentionedPaths({ text, paths: mentionPaths });
      const context = activeFile || mentions.length ? { ...(activeFile ? { activeFile } : {}), ...(mentions.length ? { mentions } : {}) } : null;
      return sendMessage(text, { files, context });
    },
    [sendMessage, mentionPaths],
  );
  const lastMessage = messages[messages.length - 1];
  useFollowAgentWrites({ messages, filePaths: mentionPaths, on: followWrites, openFile: onOpenFile });
  const approvals = pendingApprovalIds({ messages });

  // The first prompt of a new chat is sent once the chat exists (a ref survives StrictMode's re-run).
  const sentInitial = useRef(false);
  useEffect(() => {
    if (sentInitial.current || !initialPrompt) return;
    sentInitial.current = true;
    void sendText(initialPrompt.text, initialPrompt.files);
    onInitialPromptSent?.();
  }, [initialPrompt, sendText, onInitialPromptSent]);

  // ---- a turn running on the server without this page's request (after a reload, from another tab) ----

  const { setMessages, follow } = chat;
  const refreshFromServer = useCallback(async () => {
    const data = await reloadSession();
    if (!data) return;
    setMessages(data.messages);
    setReviewByTurn((previous) => ({ ...previous, ...reviewStateFromTurns(data.turns) }));
    const running = findRunningTurn({ turns: data.turns });
    setRunningTurn(running);
    if (!running) onTurnEnd();
  }, [reloadSession, setMessages, onTurnEnd]);

  // The turn is followed live from the server (any server) until it ends, then loaded as stored:
  // what a reload would show. Each running turn is followed once by itself; Refresh follows it again.
  const followedTurn = useRef<string | null>(null);
  const followRunning = useCallback(async () => {
    let left = false;
    try {
      left = (await follow()) === "left";
    } catch (error) {
      onError(`Could not follow the running turn: ${describeError({ error })}`);
    }
    // Shown as stored: its end, or how far it got (still running: the banner offers Refresh).
    if (!left) await refreshFromServer();
  }, [follow, refreshFromServer, onError]);
  useEffect(() => {
    if (!runningTurn || busy || followedTurn.current === runningTurn.id) return;
    followedTurn.current = runningTurn.id;
    void followRunning();
  }, [runningTurn, busy, followRunning]);
  // A turn started elsewhere (another tab or person, the API, another server) is followed as after a
  // reload; one that ended elsewhere is loaded as stored. Read through refs: the subscription stays.
  const latest = useRef({ busy, following: chat.following, messages });
  useEffect(() => {
    latest.current = { busy, following: chat.following, messages };
  });
  // The prompt that started it is in the stored chat (the followed stream brings only the answer).
  const showStartedElsewhere = useCallback(
    async (turnId: string) => {
      const data = await reloadSession();
      if (data && !latest.current.busy) setMessages(data.messages);
      setRunningTurn({ id: turnId });
    },
    [reloadSession, setMessages],
  );
  useEffect(
    () =>
      subscribeHead?.((event) => {
        if (event.type !== "turn") return;
        const { busy, following, messages } = latest.current;
        const shown = shownTurnStatus({ messages, turnId: event.turnId });
        const plan = planTurnEvent({ event, sessionId, sending: busy && !following, following, shown });
        if (plan === "follow") void showStartedElsewhere(event.turnId);
        else if (plan === "load") void refreshFromServer();
      }),
    [subscribeHead, sessionId, refreshFromServer, showStartedElsewhere],
  );
  const refreshRunning = () => {
    followedTurn.current = null;
    void refreshFromServer();
  };

  const stopRemote = async () => {
    if (!runningTurn) return;
    setStoppingRemote(true);
    try {
      await api.stopTurn({ projectId, turnId: runningTurn.id });
      await refreshFromServer();
    } catch (error) {
      onError(`Could not stop the turn: ${describeError({ error })}`);
    } finally {
      setStoppingRemote(false);
    }
  };

  // ---- review ----

  const setPending = useCallback((turnId: string, key: string, on: boolean) => {
    setPendingByTurn((previous) => {
      const next = new Set(previous[turnId] ?? []);
      if (on) next.add(key);
      else next.delete(key);
      return { ...previous, [turnId]: next };
    });
  }, []);

  const review = useCallback(
    async (turnId: string, path: string, decision: "accept" | "reject", force = false): Promise<boolean> => {
      setPending(turnId, path, true);
      try {
        const response = await api.reviewFile({ projectId, turnId, path, decision, force });
        setReviewByTurn((previous) => {
          const state = previous[turnId] ?? notReviewed;
          return { ...previous, [turnId]: { ...state, review: mergeReview({ previous: state.review, path, decision, response: response.review }) } };
        });
        return true;
      } catch (error) {
        const conflict = decision === "reject" && !force ? readRejectConflict({ error }) : null;
        if (conflict) setRejectConflict({ turnId, conflict });
        else onError(`Could not ${decision} ${path}: ${describeError({ error })}`);
        return false;
      } finally {
        setPending(turnId, path, false);
      }
    },
    [api, projectId, onError, setPending],
  );

  const undo = useCallback(
    async (turnId: string) => {
      setPending(turnId, "undo", true);
      try {
        await api.undoTurn({ projectId, turnId });
        setReviewByTurn((previous) => ({ ...previous, [turnId]: { ...(previous[turnId] ?? notReviewed), undone: true } }));
      } catch (error) {
        onError(`Could not undo the turn: ${describeError({ error })}`);
      } finally {
        setPending(turnId, "undo", false);
      }
    },
    [api, projectId, onError, setPending],
  );

  const undoLastEdit = useCallback(
    async (turnId: string) => {
      setPending(turnId, "undo-last-edit", true);
      try {
        await api.undoLastEdit({ projectId, turnId });
        setReviewByTurn((previous) => ({ ...previous, [turnId]: { ...(previous[turnId] ?? notReviewed), lastEditUndone: true } }));
      } catch (error) {
        onError(`Could not undo the last edit: ${describeError({ error })}`);
      } finally {
        setPending(turnId, "undo-last-edit", false);
      }
    },
    [api, projectId, onError, setPending],
  );

  const reviewStateOf = useCallback((turnId: string) => reviewByTurn[turnId] ?? notReviewed, [reviewByTurn]);
  const pendingOf = useCallback((turnId: string) => pendingByTurn[turnId] ?? noPending, [pendingByTurn]);
  const openChange = useCallback((turnId: string, path: string) => setReviewing({ turnId, path }), []);
  const onReview = useCallback((turnId: string, path: string, decision: "accept" | "reject") => void review(turnId, path, decision), [review]);
  const onUndo = useCallback((turnId: string) => void undo(turnId), [undo]);
  const onUndoLastEdit = useCallback((turnId: string) => void undoLastEdit(turnId), [undoLastEdit]);
  const onApprovalResponse = useCallback((answer: { id: string; approved: boolean }) => void answerApproval(answer), [answerApproval]);
  const onRetry = useCallback(() => void retry(), [retry]);
  const onContinue = useCallback(() => void sendText("Continue"), [sendText]);

  // ---- sending ----

  const { ref: logRef, pinned, onScroll, scrollToEnd } = useStickToBottom(
    useMemo(() => [messages, chat.liveOutput, status], [messages, chat.liveOutput, status]),
  );
  const send = (prompt: string, files: FileUIPart[]) => {
    setInput("");
    scrollToEnd();
    void sendText(prompt, files);
  };

  // A turn found running when the chat opened started on the server; others are timed from when this page saw them start.
  const runningSince = runningTurn ? initialTurns.find((turn) => turn.id === runningTurn.id)?.startedAt : undefined;

  const blockedReason = runningTurn && !busy
    ? "The agent is still working on this turn."
    : approvals.length > 0 && !busy
      ? "Answer the approval request above (Allow or Deny) to go on."
      : null;

  return (
    <div className="flex min-h-0 flex-1 flex-col" data-testid="agent-conversation" data-session-id={sessionId} data-status={busy ? "busy" : runningTurn ? "running-elsewhere" : "idle"}>
      {runningTurn && chat.following && (
        // Followed live: the prompt box's Stop stops it.
        <Banner testId="agent-running-banner">
          <Spinner className="text-sky-300" />
          <span className="min-w-0 flex-1">The agent is still working on this turn, shown live</span>
        </Banner>
      )}
      {runningTurn && !busy && (
        <Banner testId="agent-running-banner">
          <Spinner className="text-sky-300" />
          <span className="min-w-0 flex-1">The agent is still working on this turn</span>
          <button type="button" className={bannerButton} disabled={stoppingRemote} onClick={() => void stopRemote()}>
            Stop
          </button>
          <button type="button" className={bannerButton} onClick={refreshRunning} aria-label="Refresh">
            <RefreshIcon width={12} height={12} /> Refresh
          </button>
        </Banner>
      )}

      <div className="relative min-h-0 flex-1">
        <div
          ref={logRef}
          onScroll={onScroll}
          role="log"
          aria-label="Agent conversation"
          data-testid="agent-log"
          className="h-full overflow-y-auto px-3 py-2"
        >
          {messages.length === 0 && !busy && (
            <AgentEmptyState
              offline={offline}
              onPick={(prompt) => {
                setInput(prompt);
                setFocusToken((n) => n + 1);
              }}
            />
          )}
          {messages.map((message, index) =>
            message.role === "user" ? (
              <UserMessage key={message.id} message={message} />
            ) : message.role === "assistant" ? (
              <AssistantMessage
                key={message.id}
                message={message}
                // A turn running on the server without this page's stream (found after a reload) reads as live too.
                streaming={(busy || runningTurn !== null) && index === messages.length - 1}
                runningSince={index === messages.length - 1 ? runningSince : undefined}
                isLast={index === messages.length - 1}
                busy={busy}
                stopped={chat.stoppedIds.has(message.id)}
                liveOutput={index === messages.length - 1 ? chat.liveOutput : noOutput}
                browserCalls={index === messages.length - 1 ? chat.browserCalls : null}
                modelLabel={modelLabel}
                reviewStateOf={reviewStateOf}
                pendingOf={pendingOf}
                onApprovalResponse={onApprovalResponse}
                onRetry={onRetry}
                onContinue={onContinue}
                onOpenChange={openChange}
                onReview={onReview}
                onUndo={onUndo}
                onUndoLastEdit={onUndoLastEdit}
              />
            ) : null,
          )}
          {busy && lastMessage?.role === "user" && <PendingAnswer />}
          {status === "error" && (
            <Banner tone="error" testId="agent-chat-error">
              <span className="min-w-0 flex-1 break-words">{describeChatError({ error: chat.error })}</span>
              <button type="button" className={bannerButton} onClick={onRetry}>
                <RefreshIcon width={12} height={12} /> Retry
              </button>
              <button
                type="button"
                className={bannerButton}
                title="Load this chat as the server has it"
                onClick={() => {
                  chat.clearError();
                  void refreshFromServer();
                }}
              >
                Reload chat
              </button>
              <button type="button" className={bannerButton} onClick={chat.clearError}>
                Dismiss
              </button>
            </Banner>
          )}
        </div>
        {!pinned && messages.length > 0 && (
          <button
            type="button"
            onClick={scrollToEnd}
            className="absolute bottom-2 left-1/2 inline-flex -translate-x-1/2 items-center gap-1 rounded-full border border-white/10 bg-neutral-800/95 px-2.5 py-1 text-[11.5px] text-neutral-200 shadow-lg hover:bg-neutral-700"
          >
            <ChevronDownIcon width={12} height={12} /> Latest
          </button>
        )}
      </div>

      <AgentInput
        value={input}
        onChange={setInput}
        onSubmit={send}
        onStop={() => void stop()}
        busy={busy}
        disabled={blockedReason !== null}
        focusToken={focusToken}
        mentionPaths={mentionPaths}
        placeholder={blockedReason ?? undefined}
        hint={blockedReason ?? (offline ? "Built-in offline agent" : model ? modelLabel(model) : null)}
      />

      {reviewing && (
        <ChangeReviewDialog
          projectId={projectId}
          turnId={reviewing.turnId}
          initialPath={reviewing.path}
          api={api}
          state={reviewStateOf(reviewing.turnId)}
          disabled={busy}
          pending={pendingOf(reviewing.turnId)}
          onReview={(path, decision) => review(reviewing.turnId, path, decision)}
          onOpenFile={onOpenFile}
          onClose={() => setReviewing(null)}
        />
      )}

      {rejectConflict && (
        <RejectConflictDialog
          turnId={rejectConflict.turnId}
          conflict={rejectConflict.conflict}
          busy={pendingOf(rejectConflict.turnId).has(rejectConflict.conflict.path)}
          onCancel={() => setRejectConflict(null)}
          onKeep={() => {
            setRejectConflict(null);
            void review(rejectConflict.turnId, rejectConflict.conflict.path, "accept");
          }}
          onForce={() => {
            setRejectConflict(null);
            void review(rejectConflict.turnId, rejectConflict.conflict.path, "reject", true);
          }}
        />
      )}
    </div>
  );
}
