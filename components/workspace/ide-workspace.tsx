"use client";

import { History as HistoryIcon } from "lucide-react";
import dynamic from "next/dynamic";
import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { browserRuntimeState, type AgentBrowserRuntime } from "@/lib/client/agent-client-tools";
import { onChatMessageOpen } from "@/lib/client/chat-open";
import { listFilePaths } from "@/lib/client/file-tree";
import { fileEntryByPath } from "@/lib/client/workspace-state";
import { projectApi, type ProjectApi } from "@/lib/client/project-api";
import type { ProjectListing, ProjectSummary } from "@/lib/validation/projects";
import type { InitialFile } from "@/lib/client/workspace-state";
import { useAgentLocks } from "@/hooks/use-agent-locks";
import { useHydrated } from "@/hooks/use-hydrated";
import { useIdeShortcuts } from "@/hooks/use-ide-shortcuts";
import { usePresence } from "@/hooks/use-presence";
import { useProjectImages } from "@/hooks/use-project-images";
import { useToasts } from "@/hooks/use-toasts";
import { useWorkspaceController } from "@/hooks/use-workspace-controller";
import { useWorkspaceRuntime } from "@/hooks/use-workspace-runtime";
import { AgentPanel } from "@/components/agent/agent-panel";
import { SidePanelTabs } from "@/components/agent/side-panel-tabs";
import { ChangedElsewhereBar } from "@/components/editor/changed-elsewhere-bar";
import { CloseTabDialog } from "@/components/editor/close-tab-dialog";
import { EditorPane } from "@/components/editor/editor-pane";
import { QuickOpen } from "@/components/editor/quick-open";
import { FileTree } from "@/components/file-tree/file-tree";
import { CommandPalette, ShortcutsSheet } from "@/components/palette/command-palette";
import { usePaletteShortcuts } from "@/hooks/use-palette-shortcuts";
import { useRouter } from "next/navigation";
import { useSearchShortcut } from "@/hooks/use-search-shortcut";
import { requestReveal, type RevealTarget } from "@/lib/client/editor-reveal";
import type { HistoryRequest } from "@/components/history/history-panel";
import { RunButton } from "@/components/runtime/run-button";
import { RuntimeIndicator, RuntimeNotice } from "@/components/runtime/runtime-indicator";
import { TerminalPanel } from "@/components/runtime/terminal-panel";
import { Button } from "@/components/ui/button";
import { ToastStack } from "@/components/ui/toast-stack";
import { ConflictDialog } from "./conflict-dialog";
import { OfflineBanner } from "./offline-banner";
import { IdeHeader } from "./ide-header";
import { IdeLayout, type PanelControls } from "./ide-layout";
import { PanelToggles } from "./panel-toggles";
import { useLayoutShortcuts } from "@/hooks/use-layout-shortcuts";

// Panels hidden at first load their code when first shown. The agent panel is shown at first, and
// rendered on the server so a reload mid-turn shows the turn at once; quick open and the palettes
// are small, and keys typed right after their shortcut must reach their input.
const loadingNote = (what: string) => {
  const LoadingNote = () => <p className="p-3 text-xs text-neutral-500">Loading {what}…</p>;
  return LoadingNote;
};
const PreviewPanel = dynamic(() => import("@/components/runtime/preview-panel").then((m) => m.PreviewPanel), { ssr: false, loading: loadingNote("the preview") });
const SearchPanel = dynamic(() => import("@/components/search/search-panel").then((m) => m.SearchPanel), { ssr: false, loading: loadingNote("search") });
const HistoryPanel = dynamic(() => import("@/components/history/history-panel").then((m) => m.HistoryPanel), { ssr: false });

export type IdeWorkspaceProps = {
  project: ProjectSummary;
  /** The signed-in person: their open tabs of the project are kept in this browser for the next visit. */
  userId?: string;
  initialListing: ProjectListing;
  /** The file the person left open here, read with the page (lib/projects/initial-file.ts): shown before hydration. */
  initialFile?: InitialFile | null;
  /** Right-hand panel, resizable; omitted → the preview (or, without a runtime, the editor takes the width). */
  rightPanel?: ReactNode;
  /** Bottom panel under the editor, resizable; omitted → the terminal (when there is a runtime). */
  bottomPanel?: ReactNode;
  /** Start a sandbox with a terminal, Run button and preview (off for dev pages on a fake API). */
  runtime?: boolean;
  /** Where the offline box is served, when not the project's own (a share link's visitor box). */
  boxPath?: string;
  /** Where "← Projects" leads. */
  dashboardHref?: string;
  /** The project API; a fake in dev pages and tests. */
  api?: ProjectApi;
  /** Show the AI agent in the right panel (beside the preview, as tabs) and file locks in the tree. */
  agent?: boolean;
  /** The project's workspace, named in the header (a team, or the personal one). */
  workspace?: { name: string; href: string };
  /** Why the caller cannot save (a viewer), shown in the header; runs stay in their own sandbox. */
  readOnlyReason?: string;
  /**
   * Nothing can change the project from this page (a share link's visitor): the editor only shows,
   * the tree only browses, no presence, locks, agent or drafts.
   */
  readOnly?: boolean;
  /** The head stream to follow instead of the project's own; null: none (a pinned link). */
  headPath?: string | null;
  /** Shown in the header beside the name (e.g. the share link's fork or sign-in action). */
  headerActions?: ReactNode;
};

export function IdeWorkspace(props: IdeWorkspaceProps) {
  // A new project (client-side navigation between projects) gets fresh state, not the last one's tabs.
  return <Workspace key={props.project.id} {...props} />;
}

function Workspace({
  project,
  userId,
  initialListing,
  initialFile = null,
  rightPanel: rightSlot,
  bottomPanel: bottomSlot,
  dashboardHref = "/projects",
  api = projectApi,
  runtime: runtimeEnabled = true,
  boxPath,
  agent: agentEnabled = false,
  workspace,
  readOnlyReason,
  readOnly = false,
  headPath,
  headerActions,
}: IdeWorkspaceProps) {
  const { toasts, dismiss, showError, showInfo } = useToasts();
  const notify = useMemo(() => ({ error: showError, info: showInfo }), [showError, showInfo]);
  const { controller, state, saveStatus, subscribeHead } = useWorkspaceController({
    projectId: project.id,
    userId,
    initialListing,
    initialFile,
    api,
    notify,
    headPath,
    readOnly,
  });
  // A viewer (readOnlyReason) cannot type or change files either; they still run it in their own sandbox.
  const editorReadOnly = readOnly || readOnlyReason !== undefined;
  const presence = usePresence({ projectId: project.id, activePath: state.active, subscribe: subscribeHead, enabled: !readOnly });
  const [quickOpenVisible, setQuickOpenVisible] = useState(false);
  const [closing, setClosing] = useState<string | null>(null);
  // The timeline, opened from the header, a file's row or tab, the conflict dialog, or any panel
  // that dispatches "history:open" (e.g. a chat message showing the snapshot its turn made).
  const [history, setHistory] = useState<HistoryRequest | null>(null);
  const openHistory = useCallback((request: HistoryRequest = {}) => setHistory(request), []);
  useEffect(() => {
    const listener = (event: Event) => openHistory((event as CustomEvent<HistoryRequest>).detail ?? {});
    window.addEventListener("history:open", listener);
    return () => window.removeEventListener("history:open", listener);
  }, [openHistory]);
  // Bumped when a file is opened with the intent to type in it (quick open, a new file).
  const [editorFocus, setEditorFocus] = useState(0);
  const openAndFocus = useCallback(
    (path: string) => {
      controller.openFile(path);
      setEditorFocus((n) => n + 1);
    },
    [controller],
  );
  const createEntry = useCallback(
    async (input: { path: string; kind: "file" | "dir" }) => {
      const ok = await controller.createEntry(input);
      if (ok && input.kind === "file") setEditorFocus((n) => n + 1);
      return ok;
    },
    [controller],
  );
  const runtime = useWorkspaceRuntime({ projectId: project.id, controller, state, api, notify, enabled: runtimeEnabled, boxPath });
  const locks = useAgentLocks({ projectId: project.id, enabled: agentEnabled, onError: showError });
  // Running an HTML page brings the preview tab forward.
  const [previewRequests, setPreviewRequests] = useState(0);
  const runButton = {
    ...runtime.runButton,
    onRun: () => {
      if (runtime.runButton.target.kind === "preview") setPreviewRequests((n) => n + 1);
      runtime.runButton.onRun();
    },
  };
  // The agent runs its commands in WebContainer while that is the runtime here, else on the box.
  const { sandbox: activeSandbox, runtime: activeRuntime, status: runtimeStatus, catchUp, flushSandboxChanges, holdSandboxSaves, attributeSandboxSaves } = runtime.sandbox;
  const lockedPaths = useMemo(() => [...locks.lockedPaths], [locks.lockedPaths]);
  const browserRuntime = useMemo<AgentBrowserRuntime | null>(() => {
    if (!runtimeEnabled) return null;
    const state = browserRuntimeState({ runtime: activeRuntime, hasSandbox: activeSandbox !== null, status: runtimeStatus.state });
    return {
      state,
      sandbox: state === "ready" ? activeSandbox : null,
      catchUp,
      saveChanges: flushSandboxChanges,
      lockedPaths,
      holdSaves: holdSandboxSaves,
      attributeSaves: attributeSandboxSaves,
    };
  }, [runtimeEnabled, activeRuntime, activeSandbox, runtimeStatus.state, catchUp, flushSandboxChanges, lockedPaths, holdSandboxSaves, attributeSandboxSaves]);
  const filePaths = useMemo(() => listFilePaths({ entries: state.listing.entries }), [state.listing.entries]);
  const previewPanel = runtimeEnabled ? <PreviewPanel projectId={project.id} {...runtime.preview} /> : undefined;
  const rightPanel =
    rightSlot ??
    (agentEnabled ? (
      <SidePanelTabs
        agent={
          <AgentPanel
            projectId={project.id}
            onOpenFile={controller.openFile}
            onError={showError}
            browserRuntime={browserRuntime}
            subscribeHead={subscribeHead}
            filePaths={filePaths}
          />
        }
        preview={previewPanel}
        serverUrl={runtime.preview.server?.url ?? null}
        previewRequests={previewRequests}
      />
    ) : (
      previewPanel
    ));
  const bottomPanel =
    bottomSlot ??
    (runtimeEnabled ? (
      <TerminalPanel
        session={runtime.terminal.session}
        state={runtime.terminal.state}
        status={runtime.sandbox.status}
        runtimeLabel={runtime.runtimeLabel}
        focusToken={runtime.terminal.focusToken}
      />
    ) : undefined);
  const hydrated = useHydrated();

  useIdeShortcuts({
    onSave: () => void (readOnly || controller.saveActive()),
    onSaveAll: () => void (readOnly || controller.saveAll()),
    onQuickOpen: () => setQuickOpenVisible(true),
  });

  const isDirty = useCallback(
    (path: string) => {
      const doc = state.docs[path];
      return doc?.kind === "text" && doc.dirty;
    },
    [state.docs],
  );
  const requestClose = (path: string) => (isDirty(path) ? setClosing(path) : controller.closeTab(path));
  const files = useMemo(() => fileEntryByPath({ listing: state.listing }), [state.listing]);
  const readImage = useProjectImages({ api, projectId: project.id, files, snapshotId: state.listing.snapshotId });
  const loadTheirs = useCallback((path: string) => controller.readTheirs(path), [controller]);
  // Unsaved edits begun on another version than the listing's: the file changed elsewhere since.
  const isChangedElsewhere = useCallback(
    (path: string) => {
      const doc = state.docs[path];
      return doc?.kind === "text" && doc.dirty && (files.get(path)?.hash ?? null) !== doc.baseHash;
    },
    [state.docs, files],
  );
  const changedElsewhere = state.active !== null && isChangedElsewhere(state.active) ? state.active : null;

  const editor = (
    <EditorPane
      tabs={state.tabs}
      active={state.active}
      docs={state.docs}
      getText={controller.getText}
      getBytes={controller.getBytes}
      readImage={readImage}
      isChangedElsewhere={isChangedElsewhere}
      onChange={controller.editorChanged}
      onViewChange={controller.editorViewChanged}
      takeSavedView={controller.takeEditorView}
      onActivate={controller.activate}
      onRequestClose={requestClose}
      onHistory={readOnly ? undefined : (path) => openHistory({ path })}
      onRetry={controller.retryLoad}
      focusToken={editorFocus}
      readOnly={editorReadOnly}
      readOnlyHint={readOnly ? "Read only — shared link" : "Read only — viewer"}
      notice={
        changedElsewhere !== null && (
          <ChangedElsewhereBar
            key={changedElsewhere}
            path={changedElsewhere}
            deleted={!files.has(changedElsewhere)}
            getMine={() => controller.getText(changedElsewhere)}
            loadTheirs={loadTheirs}
            onTakeTheirs={() => controller.takeTheirs(changedElsewhere)}
            onKeepMine={() => void controller.keepMineOver(changedElsewhere)}
          />
        )
      }
    />
  );
  const [panels, setPanels] = useState<PanelControls | null>(null);
  useLayoutShortcuts(panels?.toggle ?? null);
  // A chat message asked for (the history's "Chat message") is shown in the side panel: the history,
  // which lies over it, closes, and a collapsed side panel opens.
  useEffect(
    () =>
      onChatMessageOpen(() => {
        setHistory(null);
        if (panels?.collapsed.side) panels.toggle("side");
      }),
    [panels],
  );
  // Search across files takes the tree's place while open (Ctrl+Shift+F), as in VS Code.
  const [search, setSearch] = useState<{ focus: number } | null>(null);
  const openSearch = () => {
    if (panels?.collapsed.tree) panels.toggle("tree");
    setSearch((current) => ({ focus: (current?.focus ?? 0) + 1 }));
  };
  useSearchShortcut(openSearch);
  const router = useRouter();
  const [overlay, setOverlay] = useState<"palette" | "shortcuts" | null>(null);
  usePaletteShortcuts({ onPalette: () => setOverlay("palette"), onShortcuts: () => setOverlay("shortcuts") });
  const commandHandlers = {
    ...(readOnly ? {} : { save: () => void controller.saveActive(), saveAll: () => void controller.saveAll(), history: () => openHistory() }),
    ...(runtimeEnabled ? { run: () => runButton.onRun() } : {}),
    quickOpen: () => setQuickOpenVisible(true),
    search: openSearch,
    toggleTree: () => panels?.toggle("tree"),
    toggleBottom: () => panels?.toggle("bottom"),
    toggleSide: () => panels?.toggle("side"),
    shortcuts: () => setOverlay("shortcuts"),
    settings: () => router.push("/settings"),
    projects: () => router.push(dashboardHref),
  };
  const openResult = useCallback(
    (target: RevealTarget) => {
      requestReveal(target);
      controller.openFile(target.path);
    },
    [controller],
  );
  const toggleLock = useCallback(
    (path: string) => {
      const willLock = !locks.lockedPaths.has(path);
      locks.toggleLock(path);
      showInfo(willLock ? `Locked ${path}: the agent may read it but not change it` : `Unlocked ${path}: the agent may change it again`);
    },
    [locks, showInfo],
  );

  return (
    <div className="flex h-dvh flex-col overflow-hidden bg-surface text-neutral-200" data-testid="ide" data-project-id={project.id} data-hydrated={hydrated}>
      <IdeHeader
        projectName={project.name}
        dashboardHref={dashboardHref}
        workspace={workspace}
        readOnlyReason={readOnlyReason}
        readOnly={readOnly}
        actions={
          <>
            {headerActions}
            {!readOnly && (
              <Button variant="ghost" className="h-7 px-2 text-xs" data-testid="open-history" title="The project's history: versions, changes, restore" onClick={() => openHistory()}>
                <HistoryIcon aria-hidden="true" width={14} height={14} />
                <span className="max-lg:sr-only">History</span>
              </Button>
            )}
          </>
        }
        saveStatus={saveStatus}
        canSaveAll={saveStatus === "unsaved"}
        onSaveAll={() => void controller.saveAll()}
        onQuickOpen={() => setQuickOpenVisible(true)}
        layoutControls={<PanelToggles controls={panels} />}
        presence={presence}
        runControls={
          runtimeEnabled && (
            <>
              <RuntimeIndicator {...runtime.indicator} />
              <RunButton {...runButton} />
            </>
          )
        }
      />
      {!readOnly && <OfflineBanner connection={controller.connection} waitingUploads={controller.waitingUploads} onRetry={controller.retryConnection} />}
      {runtimeEnabled && <RuntimeNotice {...runtime.notice} />}
      <main className="min-h-0 flex-1">
        <IdeLayout
          onControls={setPanels}
          editor={editor}
          side={rightPanel}
          bottom={bottomPanel}
          tree={
            search && !readOnly ? (
              <SearchPanel
                projectId={project.id}
                headSnapshotId={state.listing.snapshotId}
                canReplace={!editorReadOnly}
                onOpenResult={openResult}
                onClose={() => setSearch(null)}
                onError={showError}
                onInfo={showInfo}
                focusToken={search.focus}
              />
            ) : (
            <FileTree
              projectId={project.id}
              entries={state.listing.entries}
              activePath={state.active}
              isDirty={isDirty}
              onOpenFile={controller.openFile}
              onCreate={createEntry}
              onMove={controller.moveEntry}
              onDelete={controller.deleteEntry}
              onUpload={controller.upload}
              onError={showError}
              lockedPaths={agentEnabled ? locks.lockedPaths : undefined}
              onToggleLock={agentEnabled ? toggleLock : undefined}
              onHistory={readOnly ? undefined : (path) => openHistory({ path })}
              presence={presence}
              readOnly={editorReadOnly}
            />
            )
          }
        />
      </main>

      {quickOpenVisible && (
        <QuickOpen files={filePaths} onOpen={openAndFocus} onClose={() => setQuickOpenVisible(false)} />
      )}
      {overlay === "palette" && <CommandPalette handlers={commandHandlers} onClose={() => setOverlay(null)} />}
      {overlay === "shortcuts" && <ShortcutsSheet onClose={() => setOverlay(null)} />}
      {closing !== null && (
        <CloseTabDialog
          path={closing}
          onCancel={() => setClosing(null)}
          onDiscard={() => {
            controller.closeTab(closing);
            setClosing(null);
          }}
          onSave={() => {
            setClosing(null);
            void controller.saveFiles([closing]).then((ok) => {
              if (ok && !controller.isDirty(closing)) controller.closeTab(closing);
            });
          }}
        />
      )}
      {state.conflict && (
        <ConflictDialog
          conflict={state.conflict}
          getMine={controller.getText}
          loadTheirs={controller.readTheirs}
          onReloadTheirs={() => void controller.reloadTheirs()}
          onKeepMine={() => void controller.keepMine()}
          onDismiss={controller.dismissConflict}
          onOpenHistory={(path) => openHistory({ path })}
        />
      )}
      {history && (
        <HistoryPanel
          key={`${history.path ?? ""} ${history.snapshotId ?? ""}`}
          projectId={project.id}
          request={history}
          headSnapshotId={state.listing.snapshotId}
          canRestore={!readOnly && !readOnlyReason}
          onClose={() => setHistory(null)}
          onError={showError}
        />
      )}
      <ToastStack toasts={toasts} onDismiss={dismiss} />
    </div>
  );
}
