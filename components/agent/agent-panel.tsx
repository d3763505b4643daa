"use client";

import type { FileUIPart } from "ai";
import { memo, useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import type { SessionSummary } from "@/lib/agent/ui-types";
import { agentApi, type AgentApi } from "@/lib/client/agent-api";
import { onChatMessageOpen, type ChatMessageRequest } from "@/lib/client/chat-open";
import type { AgentBrowserRuntime } from "@/lib/client/agent-client-tools";
import { titleFromPrompt } from "@/lib/client/agent-chat";
import { describeError } from "@/lib/client/conflict";
import { useAgentModels } from "@/hooks/use-agent-models";
import { useAgentSession } from "@/hooks/use-agent-session";
import { useAgentSessions } from "@/hooks/use-agent-sessions";
import type { SubscribeHeadEvents } from "@/hooks/use-presence";
import { useLocalStorage } from "@/hooks/use-local-storage";
import { Button, IconButton } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { cx } from "@/components/ui/cx";
import { Crosshair } from "lucide-react";
import { AgentConversation, type OutgoingPrompt } from "./agent-conversation";
import { AgentEmptyState } from "./agent-empty-state";
import { AgentInput } from "./agent-input";
import { ApprovalControl, ModelPicker, OfflineAgentNotice, type AgentSettings } from "./agent-settings-bar";
import { PencilLineIcon, PlusIcon, Spinner, TrashLineIcon } from "./icons";
import { SessionPicker } from "./session-picker";
import { SessionTitleForm } from "./session-title-form";

/** "new" while a new chat is being written; else the id of the chat last shown in this project. */
const selectionKey = (projectId: string) => `ide:agent-session:v1:${projectId}`;

/** "on" while the editor follows the files the agent writes; one choice for every project in this browser. */
const followKey = "ide:agent-follow:v1";

const draftDefaults: AgentSettings = { model: null, approvalMode: "auto", allowList: [] };

function Centered({ children }: { children: ReactNode }) {
  return <div className="flex flex-1 flex-col items-center justify-center gap-3 p-6 text-center text-[12.5px] text-neutral-400">{children}</div>;
}

export type AgentPanelProps = {
  projectId: string;
  onOpenFile?: (path: string) => void;
  onError: (message: string) => void;
  api?: AgentApi;
  /** The IDE's WebContainer: while it is up, the agent's commands run there instead of on the box. */
  browserRuntime?: AgentBrowserRuntime | null;
  /** The project's head channel: agent turns starting and ending anywhere (workspace controller's subscribeHead). */
  subscribeHead?: SubscribeHeadEvents | null;
  /** The project's file paths, offered after `@` in the prompt box. */
  filePaths?: readonly string[];
};

/**
 * The agent side panel: a chat per session (picker, new chat), the model and approval settings of
 * the chat shown, and the conversation. A new chat exists on the server from its first prompt on.
 */
export const AgentPanel = memo(function AgentPanel({
  projectId,
  onOpenFile,
  onError,
  api = agentApi,
  browserRuntime = null,
  subscribeHead = null,
  filePaths,
}: AgentPanelProps) {
  const models = useAgentModels({ api });
  const { sessions, error: sessionsError, refresh: refreshSessions, upsert, remove } = useAgentSessions({ projectId, api });
  const [follow, storeFollow] = useLocalStorage(followKey);
  const following = follow === "on";
  const [renaming, setRenaming] = useState(false);
  const [deleting, setDeleting] = useState<{ id: string; title: string; busy: boolean } | null>(null);

  // The session list marks chats whose turn runs, wherever it was started; a chat not listed yet
  // (started elsewhere, e.g. through the API) brings the list anew.
  const sessionsRef = useRef(sessions);
  useEffect(() => {
    sessionsRef.current = sessions;
  });
  useEffect(
    () =>
      subscribeHead?.((event) => {
        // A chat started, renamed or deleted in another tab (the API's chats come with their first turn).
        if (event.type === "sessions") void refreshSessions();
        if (event.type !== "turn") return;
        const listed = sessionsRef.current?.find((s) => s.id === event.sessionId);
        if (!listed) void refreshSessions();
        else if (listed.lastTurnStatus !== event.status) upsert({ ...listed, lastTurnStatus: event.status });
      }),
    [subscribeHead, refreshSessions, upsert],
  );
  const [stored, store] = useLocalStorage(selectionKey(projectId));

  // Which chat is shown: the one picked last if it still exists, else the newest; undefined until known.
  let selectedId: string | null | undefined;
  if (stored === "new") selectedId = null;
  else if (sessions === null) selectedId = stored ?? undefined;
  else selectedId = sessions.some((s) => s.id === stored) ? stored : (sessions[0]?.id ?? null);

  const { load, seed, reload, retry, update } = useAgentSession({ projectId, sessionId: selectedId ?? null, api });
  const [draft, setDraft] = useState<AgentSettings>(draftDefaults);
  const [draftInput, setDraftInput] = useState("");
  const [draftFocus, setDraftFocus] = useState(0);
  const [creating, setCreating] = useState(false);
  const [firstPrompt, setFirstPrompt] = useState<{ sessionId: string; prompt: OutgoingPrompt } | null>(null);

  // A chat message asked for from elsewhere (the history's "Chat message"): its chat is shown, then
  // the message is scrolled to and flashed once it is on the page.
  const [reveal, setReveal] = useState<ChatMessageRequest | null>(null);
  useEffect(
    () =>
      onChatMessageOpen((request) => {
        if (sessionsRef.current && !sessionsRef.current.some((s) => s.id === request.sessionId)) return onError("That chat no longer exists.");
        store(request.sessionId);
        setReveal(request);
      }),
    [store, onError],
  );
  useEffect(() => {
    if (!reveal || load.status !== "ready" || load.sessionId !== reveal.sessionId) return;
    let frames = 0;
    let frame = 0;
    const find = () => {
      const element = document.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(reveal.messageId)}"]`);
      if (element) {
        element.scrollIntoView({ block: "center" });
        element.animate([{ backgroundColor: "rgba(56,189,248,0.25)" }, { backgroundColor: "transparent" }], { duration: 1500 });
      } else if (++frames < 60) {
        frame = requestAnimationFrame(find);
        return;
      } else onError("That message is no longer in the chat.");
      setReveal(null);
    };
    find();
    return () => cancelAnimationFrame(frame);
  }, [reveal, load, onError]);

  const session = load.status === "ready" ? load.data.session : null;
  const settings: AgentSettings = selectedId === null ? draft : (session ?? draftDefaults);
  const modelIds = new Set(models.models.map((m) => m.id));
  const effectiveModel = settings.model && modelIds.has(settings.model) ? settings.model : models.defaultModel;
  const offline = models.offlineOnly || models.models.find((m) => m.id === effectiveModel)?.provider === "offline";
  const onTurnEnd = useCallback(() => void refreshSessions(), [refreshSessions]);
  const onInitialPromptSent = useCallback(() => setFirstPrompt(null), []);
  const modelLabel = useCallback((id: string) => models.models.find((m) => m.id === id)?.label ?? id, [models.models]);

  const applySession = useCallback(
    (next: SessionSummary) => {
      update((data) => (data.session.id === next.id ? { ...data, session: next } : data));
      upsert(next);
    },
    [update, upsert],
  );

  const changeSettings = async (patch: Partial<AgentSettings>) => {
    if (selectedId === null) {
      setDraft((previous) => ({ ...previous, ...patch }));
      return;
    }
    if (!session) return;
    const previous = session;
    applySession({ ...session, ...patch });
    try {
      applySession(await api.updateSession({ projectId, sessionId: session.id, patch: { ...patch, model: patch.model ?? undefined } }));
    } catch (error) {
      applySession(previous);
      onError(`Could not save the chat's settings: ${describeError({ error })}`);
    }
  };

  const startNewChat = () => {
    store("new");
    setDraft(session ? { model: session.model, approvalMode: session.approvalMode, allowList: session.allowList } : draftDefaults);
    setDraftFocus((n) => n + 1);
  };

  const startSession = async (prompt: string, files: FileUIPart[]) => {
    setCreating(true);
    try {
      let created = await api.createSession({ projectId, title: titleFromPrompt({ prompt }) });
      const patch: Partial<AgentSettings> = {};
      if (draft.model && draft.model !== created.model) patch.model = draft.model;
      if (draft.approvalMode !== created.approvalMode) patch.approvalMode = draft.approvalMode;
      if (draft.allowList.join("\n") !== created.allowList.join("\n")) patch.allowList = draft.allowList;
      if (Object.keys(patch).length > 0) {
        try {
          created = await api.updateSession({ projectId, sessionId: created.id, patch: { ...patch, model: patch.model ?? undefined } });
        } catch (error) {
          onError(`The chat was created, but its settings were not saved: ${describeError({ error })}`);
        }
      }
      seed({ session: created, messages: [], turns: [] });
      upsert(created);
      setFirstPrompt({ sessionId: created.id, prompt: { text: prompt, files } });
      setDraftInput("");
      store(created.id);
    } catch (error) {
      onError(`Could not start a chat: ${describeError({ error })}`);
    } finally {
      setCreating(false);
    }
  };

  const title = selectedId === null ? "New chat" : (sessions?.find((s) => s.id === selectedId)?.title ?? session?.title ?? "Chat");

  const rename = async (sessionId: string, newTitle: string) => {
    setRenaming(false);
    const listed = sessions?.find((s) => s.id === sessionId) ?? session;
    if (listed) upsert({ ...listed, title: newTitle });
    try {
      applySession(await api.updateSession({ projectId, sessionId, patch: { title: newTitle } }));
    } catch (error) {
      if (listed) upsert(listed);
      onError(`Could not rename the chat: ${describeError({ error })}`);
    }
  };

  const deleteChat = async (sessionId: string) => {
    setDeleting((previous) => previous && { ...previous, busy: true });
    try {
      await api.deleteSession({ projectId, sessionId });
      remove(sessionId);
      // The newest remaining chat is shown next (the selection falls back to it).
      if (stored === sessionId) store(sessions?.find((s) => s.id !== sessionId)?.id ?? "new");
    } catch (error) {
      onError(`Could not delete the chat: ${describeError({ error })}`);
    } finally {
      setDeleting(null);
    }
  };

  return (
    <section
      aria-label="Agent"
      data-testid="agent-panel"
      data-session-id={selectedId ?? undefined}
      data-offline={offline ? "true" : "false"}
      className="flex h-full min-h-0 flex-col bg-neutral-950"
    >
      <header className="shrink-0 space-y-1.5 border-b border-white/10 px-2 py-1.5">
        <div className="flex items-center gap-1">
          {renaming && selectedId ? (
            <SessionTitleForm title={title} onSave={(newTitle) => void rename(selectedId, newTitle)} onCancel={() => setRenaming(false)} />
          ) : (
            <SessionPicker
              projectId={projectId}
              api={api}
              sessions={sessions}
              selectedId={selectedId ?? null}
              title={title}
              onSelect={(id) => store(id)}
              onOpen={() => void refreshSessions()}
            />
          )}
          {selectedId && (
            <>
              <IconButton label="Rename chat" onClick={() => setRenaming(true)} disabled={renaming} data-testid="agent-session-rename">
                <PencilLineIcon width={14} height={14} />
              </IconButton>
              <IconButton label="Delete chat" onClick={() => setDeleting({ id: selectedId, title, busy: false })} data-testid="agent-session-delete">
                <TrashLineIcon width={14} height={14} />
              </IconButton>
            </>
          )}
          <IconButton label="New chat" onClick={startNewChat} data-testid="agent-new-chat">
            <PlusIcon width={15} height={15} />
          </IconButton>
        </div>
        <div className="flex items-center gap-2">
          {models.error ? (
            <p className="flex min-w-0 flex-1 items-center gap-2 text-[11.5px] text-red-300">
              <span className="truncate">Models could not be loaded: {models.error}</span>
              <button type="button" className="shrink-0 underline" onClick={models.reload}>
                Retry
              </button>
            </p>
          ) : models.offlineOnly ? (
            <OfflineAgentNotice />
          ) : (
            <ModelPicker
              models={models.models}
              value={effectiveModel}
              disabled={selectedId !== null && !session}
              onChange={(model) => void changeSettings({ model })}
            />
          )}
          <ApprovalControl mode={settings.approvalMode} allowList={settings.allowList} onChange={(patch) => void changeSettings(patch)} />
          <button
            type="button"
            aria-pressed={following}
            onClick={() => storeFollow(following ? "off" : "on")}
            title={following ? "Following the agent: each file it writes opens in the editor. Click to stop." : "Follow the agent: open each file it writes in the editor"}
            data-testid="agent-follow-toggle"
            className={cx(
              "inline-flex h-6 shrink-0 items-center gap-1 rounded px-1.5 text-[11.5px] focus-visible:outline-2 focus-visible:outline-sky-500",
              following ? "bg-sky-500/20 text-sky-200" : "text-neutral-400 hover:bg-white/10 hover:text-white",
            )}
          >
            <Crosshair width={12} height={12} aria-hidden="true" />
            Follow
          </button>
        </div>
        {sessionsError && <p className="text-[11.5px] text-red-300">Chats could not be loaded: {sessionsError}</p>}
      </header>

      {selectedId === undefined || load.status === "loading" ? (
        <Centered>
          <Spinner className="text-neutral-500" />
          <span>Loading chat…</span>
        </Centered>
      ) : load.status === "error" ? (
        <Centered>
          <p className="text-red-300" role="alert">
            Could not load this chat: {load.message}
          </p>
          <div className="flex gap-2">
            <Button onClick={retry}>Try again</Button>
            <Button variant="ghost" onClick={startNewChat}>
              New chat
            </Button>
          </div>
        </Centered>
      ) : selectedId === null ? (
        <div className="flex min-h-0 flex-1 flex-col" data-testid="agent-conversation" data-status="new">
          <div role="log" aria-label="Agent conversation" data-testid="agent-log" className="min-h-0 flex-1 overflow-y-auto px-3 py-2">
            <AgentEmptyState
              offline={offline}
              onPick={(prompt) => {
                setDraftInput(prompt);
                setDraftFocus((n) => n + 1);
              }}
            />
          </div>
          <AgentInput
            value={draftInput}
            onChange={setDraftInput}
            onSubmit={(prompt, files) => void startSession(prompt, files)}
            mentionPaths={filePaths}
            busy={creating}
            focusToken={draftFocus}
            hint={creating ? "Starting the chat…" : offline ? "Built-in offline agent" : effectiveModel ? modelLabel(effectiveModel) : null}
          />
        </div>
      ) : load.status === "ready" ? (
        <AgentConversation
          key={`${load.sessionId}:${load.version}`}
          projectId={projectId}
          sessionId={load.sessionId}
          api={api}
          initialMessages={load.data.messages}
          initialTurns={load.data.turns}
          initialPrompt={firstPrompt?.sessionId === load.sessionId ? firstPrompt.prompt : null}
          model={effectiveModel}
          offline={offline}
          modelLabel={modelLabel}
          onInitialPromptSent={onInitialPromptSent}
          onTurnEnd={onTurnEnd}
          onOpenFile={onOpenFile}
          onError={onError}
          reloadSession={reload}
          browser={browserRuntime}
          subscribeHead={subscribeHead}
          mentionPaths={filePaths}
          followWrites={following}
        />
      ) : null}
      {deleting && (
        <ConfirmDialog
          title={`Delete "${deleting.title}"?`}
          confirmLabel="Delete chat"
          destructive
          busy={deleting.busy}
          onConfirm={() => void deleteChat(deleting.id)}
          onCancel={() => setDeleting(null)}
          testId="agent-session-delete-dialog"
        >
          <p>Its messages are deleted for good. The files the agent changed stay as they are, and so does the project&apos;s history.</p>
        </ConfirmDialog>
      )}
    </section>
  );
});
