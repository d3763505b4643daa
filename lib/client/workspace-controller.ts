import { applyChangeSet } from "@/lib/head-channel/apply";
import type { HeadEvent, PathChange } from "@/lib/head-channel/types";
import type { FileChangeInput, ProjectListing, SaveResponse } from "@/lib/validation/projects";
import { isSameOrInside } from "@/lib/validation/paths";
import { describeError, readSaveConflict } from "./conflict";
import { createDocumentLoader } from "./document-loader";
import { createDraftKeeper } from "./draft-keeper";
import type { Draft, KeyValueStorage } from "./drafts";
import { keyValueDraftStore, type DraftStore } from "./offline-draft-store";
import { createOfflineMonitor, isUnreachable } from "./offline-monitor";
import type { PendingUpload, UploadStore } from "./offline-upload-store";
import { decodeFileBytes } from "./file-bytes";
import { planHeadEvent, type HeadFeed } from "./head-feed";
import { ApiError } from "./api-error";
import { remapMapKeys, remapPathList } from "./path-remap";
import type { ProjectApi } from "./project-api";
import { restoreSavedTabs, type EditorView, type FileMove, type SavedTabs } from "./saved-tabs";
import { pathsOfChanges, type SandboxSaveResult } from "./sandbox-sync";
import { createStore } from "./store";
import { createTabKeeper } from "./tab-keeper";
import { readPickedFiles, planUpload, type PickedUpload } from "./upload";
import { createUploadKeeper } from "./upload-keeper";
import {
  fileEntryByPath,
  findStaleEdits,
  initialWorkspaceState,
  reconcileOpenDocs,
  workspaceReducer,
  type InitialFile,
  type WorkspaceAction,
  type WorkspaceState,
} from "./workspace-state";

export type Notifier = { error: (message: string) => void; info: (message: string) => void };

/** A save the server accepted: what it changed, and whether it came from the IDE or a sandbox. */
export type SavedChanges = { changes: FileChangeInput[]; origin: "ide" | "sandbox" };

/**
 * The listing moved to a newer snapshot: `handled` are the paths the save that did it carried
 * (empty for the head channel and a reload), whose new state its origin already has; anything else
 * changed elsewhere. `changes` lead from `previous` to `next`; null when the listing was loaded whole.
 */
export type ListingChange = { previous: ProjectListing; next: ProjectListing; handled: string[]; changes: PathChange[] | null };

/** The version of a file at a snapshot, for a diff against unsaved text. */
export type TheirVersion = { kind: "text"; text: string } | { kind: "binary" } | { kind: "deleted" };

/** One save: its changes plus what to do with the tabs once the server accepted it. */
type Operation = {
  changes: FileChangeInput[];
  /** Runs before the new listing is applied (re-key tabs that moved, so they are not closed as gone). */
  before?: (listing: ProjectListing) => void;
  after?: () => void;
  /** The server could not be reached: the operation is kept to be sent again when it is back. */
  keptOffline?: () => void;
  /** A conflict it raised was settled by taking their version: the operation is dropped. */
  droppedForTheirs?: () => void;
};

type PendingConflict = {
  keepMine: () => Promise<boolean>;
  /** The snapshot holding their version (the head the server named), when known. */
  snapshotId: string | null;
  /** Unsaved files of the same save that did not conflict; saved once theirs is reloaded. */
  saveAfterTheirs: string[];
  paths: string[];
  droppedForTheirs?: () => void;
};

/**
 * Everything the IDE does with files, outside React: open tabs, live editor text, drafts kept in the
 * browser, and one queue of saves so each save is based on the snapshot the previous one made. While
 * the server cannot be reached, saves of text wait (their drafts keep every keystroke) and go out,
 * through the usual conflict checks, once it answers again.
 */
export function createWorkspaceController({
  projectId,
  initialListing,
  initialFile = null,
  api,
  storage,
  draftStore = storage ? keyValueDraftStore(storage) : null,
  uploadStore = null,
  tabsKey = null,
  movesSince,
  notify: initialNotify,
}: {
  projectId: string;
  initialListing: ProjectListing;
  /** A file the page was rendered with: open, active and loaded from the start. */
  initialFile?: InitialFile | null;
  api: ProjectApi;
  /** localStorage in the browser; null where there is none (server render). */
  storage: KeyValueStorage | null;
  /** Where drafts are kept (IndexedDB in the browser); by default `storage`. */
  draftStore?: DraftStore | null;
  /** Where uploads the server could not take wait (IndexedDB in the browser); null: in this page only. */
  uploadStore?: UploadStore | null;
  /** Where `storage` keeps this person's open tabs of the project (lib/client/local-keys); null: not kept. */
  tabsKey?: string | null;
  /** The files moved from one snapshot to another, so tabs saved at an older one follow them. */
  movesSince?: (fromSnapshotId: string, toSnapshotId: string) => Promise<FileMove[]>;
  notify: Notifier;
}) {
  let notify = initialNotify;
  const store = createStore<WorkspaceState, WorkspaceAction>({
    reducer: workspaceReducer,
    initial: initialWorkspaceState({ listing: initialListing, file: initialFile }),
  });
  const { getState, dispatch } = store;
  /** Current text of open text documents, as typed; React only learns whether each one is dirty. */
  const liveText = new Map<string, string>();
  if (initialFile && getState().docs[initialFile.path]) liveText.set(initialFile.path, initialFile.text);
  /** Bytes of open files that are not text, for their preview and download. */
  const binaryBytes = new Map<string, Uint8Array>();
  const tabKeeper = createTabKeeper({ storage, key: tabsKey, store });
  /** Drafts found at start-up, waiting for their tab to load. */
  const restoredDrafts = new Map<string, Draft>();
  let pendingConflict: PendingConflict | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const savedListeners = new Set<(saved: SavedChanges) => void>();
  const listingListeners = new Set<(change: ListingChange) => void>();

  function emitSaved(saved: SavedChanges) {
    for (const listener of savedListeners) listener(saved);
  }

  const drafts = createDraftKeeper({
    projectId,
    store: draftStore,
    source: (path) => {
      const doc = getState().docs[path];
      const content = liveText.get(path);
      return doc?.kind === "text" && doc.dirty && content !== undefined ? { content, baseHash: doc.baseHash } : null;
    },
    onRefused: () =>
      notify.error("This browser refused to keep your unsaved changes (storage full or disabled). Save to keep them."),
  });

  const uploads = createUploadKeeper({
    projectId,
    store: uploadStore,
    onRefused: () => notify.error("This browser refused to keep the upload (storage full or disabled): it is sent when the server is back only if this page stays open."),
  });
  /** Uploads being sent, so the server coming back does not send one twice. */
  const uploadsSending = new Set<string>();

  /** Files whose save could not reach the server; saved with their latest text once it is back. */
  let savesWaiting: string[] = [];
  const connection = createOfflineMonitor({
    probe: () => api.headSnapshotId(projectId),
    onBack: () => {
      // The head stream reconnects by itself; nudge it in case it gave up, so the listing catches up.
      feed?.nudge();
      const paths = savesWaiting;
      savesWaiting = [];
      if (paths.length > 0) void saveFiles(paths);
      void sendWaitingUploads();
    },
  });

  function keepSaveForLater(paths: readonly string[]) {
    savesWaiting = [...new Set([...savesWaiting, ...paths])];
  }

  function forgetDraft(path: string) {
    restoredDrafts.delete(path);
    drafts.forget(path);
  }

  const loader = createDocumentLoader({
    projectId,
    api,
    store,
    liveText,
    binaryBytes,
    takeRestoredDraft: (path) => {
      const draft = restoredDrafts.get(path);
      restoredDrafts.delete(path);
      return draft;
    },
    forgetDraft,
  });

  /**
   * The one place the listing moves. Open tabs follow it: tabs of moved files move (edits and
   * drafts with them), clean tabs of deleted files close and of changed files reload; tabs with
   * unsaved edits stay, and show that their file changed elsewhere (see findStaleEdits).
   */
  function applyListing(listing: ProjectListing, { handled = [], changes = null }: { handled?: FileChangeInput[]; changes?: PathChange[] | null } = {}) {
    const previous = getState().listing;
    for (const change of changes ?? []) if (change.op === "move") followMove(change.from, change.to);
    dispatch({ type: "listingChanged", listing });
    const { close, reload } = reconcileOpenDocs({ docs: getState().docs, listing });
    for (const path of close) closeTab(path);
    for (const path of reload) void loader.load(path);
    if (previous.snapshotId === listing.snapshotId) return;
    const change: ListingChange = { previous, next: listing, handled: pathsOfChanges(handled), changes };
    for (const listener of listingListeners) listener(change);
  }

  /** A tab, its live text and its draft follow a file moved elsewhere (unless `to` is open too). */
  function followMove(from: string, to: string) {
    const { docs } = getState();
    if (!docs[from] || docs[to]) return;
    moveOpenState(from, to);
  }

  /** Tabs, their text, bytes, drafts and editor views move with a file or folder. */
  function moveOpenState(from: string, to: string) {
    drafts.move(from, to);
    tabKeeper.move(from, to);
    dispatch({ type: "moved", from, to });
    remapMapKeys({ map: liveText, from, to });
    remapMapKeys({ map: binaryBytes, from, to });
    remapMapKeys({ map: restoredDrafts, from, to });
    savesWaiting = remapPathList({ paths: savesWaiting, from, to });
  }

  /** Moves since the saved tabs' snapshot, asked only when a saved tab's file is missing now. */
  async function movesSinceSaved(saved: SavedTabs | null): Promise<FileMove[]> {
    const { listing } = getState();
    if (!movesSince || !saved?.snapshotId || listing.snapshotId === null || saved.snapshotId === listing.snapshotId) return [];
    const files = fileEntryByPath({ listing });
    if (saved.tabs.every((path) => files.has(path))) return [];
    try {
      return await movesSince(saved.snapshotId, listing.snapshotId);
    } catch {
      // The tabs of moved files are dropped like those of deleted ones; nothing else is lost.
      return [];
    }
  }

  async function loadListingWhole(): Promise<boolean> {
    try {
      applyListing(await api.listing(projectId));
      return true;
    } catch (error) {
      notify.error(`Could not load the project's files: ${describeError({ error })}`);
      return false;
    }
  }

  // ---- the head channel ----

  let feed: HeadFeed | null = null;
  // Bumped whenever the feed is opened again: events queued from the stream before are stale.
  let feedGeneration = 0;

  function onHeadEvent(event: HeadEvent) {
    if (event.type !== "head" && event.type !== "reload") return;
    const generation = feedGeneration;
    // In the save queue: an event is never applied while a save that will answer it is in flight.
    void enqueue(async () => {
      if (generation !== feedGeneration || !feed) return;
      const { listing } = getState();
      switch (planHeadEvent({ held: listing.snapshotId, event })) {
        case "drop":
          return;
        case "apply":
          if (event.type === "head") applyListing({ snapshotId: event.to, entries: applyChangeSet(listing.entries, event.changes) }, { changes: event.changes });
          return;
        case "resync":
          // Another writer's save and one of ours crossed: the server sends the changes from ours.
          feedGeneration++;
          feed.connect(listing.snapshotId);
          return;
        case "reload":
          await loadListingWhole();
      }
    });
  }

  // ---- saving ----

  /**
   * The listing a save led to: its change set applied to ours when ours is the base it was computed
   * from. A save on another base (keep mine, a sandbox's own base) cannot be applied, so that rare
   * case loads the listing whole.
   */
  async function listingAfterSave(response: SaveResponse, base: string | null): Promise<ProjectListing> {
    const { listing } = getState();
    if (listing.snapshotId === response.snapshotId) return listing;
    if (listing.snapshotId !== base) return api.listing(projectId);
    return { snapshotId: response.snapshotId, entries: applyChangeSet(listing.entries, response.changes) };
  }

  function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  }

  function raiseConflict(conflict: PendingConflict & { message: string }) {
    pendingConflict = conflict;
    dispatch({ type: "conflictChanged", conflict: { paths: conflict.paths, message: conflict.message, snapshotId: conflict.snapshotId } });
  }

  async function commit(
    operation: Operation,
    base: string | null,
    keepMine: (head: string | null) => Promise<boolean>,
    saveAfterTheirs: string[] = [],
  ): Promise<boolean> {
    dispatch({ type: "savingChanged", delta: 1 });
    try {
      const response = await api.save(projectId, { baseSnapshotId: base, changes: operation.changes });
      connection.reachable();
      const applicable = getState().listing.snapshotId === base;
      const listing = await listingAfterSave(response, base);
      operation.before?.(listing);
      applyListing(listing, { handled: operation.changes, changes: applicable ? response.changes : null });
      emitSaved({ changes: operation.changes, origin: "ide" });
      operation.after?.();
      return true;
    } catch (error) {
      if (isUnreachable({ error })) {
        connection.unreachable();
        if (operation.keptOffline) {
          // The offline banner says so; the drafts hold the text until the save goes out again.
          operation.keptOffline();
          return false;
        }
      }
      const conflict = readSaveConflict({ error });
      if (!conflict) {
        notify.error(describeError({ error }));
        return false;
      }
      raiseConflict({
        paths: conflict.paths,
        message: conflict.message,
        snapshotId: conflict.headSnapshotId,
        keepMine: () => keepMine(conflict.headSnapshotId),
        saveAfterTheirs: saveAfterTheirs.filter((path) => !conflict.paths.includes(path)),
        droppedForTheirs: operation.droppedForTheirs,
      });
      return false;
    } finally {
      dispatch({ type: "savingChanged", delta: -1 });
    }
  }

  /** Runs a structural change (create, move, delete, upload) as one snapshot. */
  function runOperation(operation: Operation): Promise<boolean> {
    const attempt = (base: string | null): Promise<boolean> =>
      commit(operation, base, (head) => enqueue(() => attempt(head)));
    return enqueue(() => attempt(getState().listing.snapshotId));
  }

  /**
   * Sends an upload as one snapshot on `base` (by default the current listing's). While the server
   * cannot be reached it waits, with the base it was tried on, and goes out again when it is back
   * (or on the next load), through the same conflict rules.
   */
  function sendUpload(upload: PendingUpload, { base }: { base?: string | null } = {}): Promise<boolean> {
    if (uploadsSending.has(upload.id)) return Promise.resolve(false);
    uploadsSending.add(upload.id);
    const fileCount = upload.changes.filter((c) => c.type === "write").length;
    const attempt = (from: string | null): Promise<boolean> =>
      commit(
        {
          changes: upload.changes,
          after: () => {
            uploads.forget(upload.id);
            notify.info(`Uploaded ${fileCount} ${fileCount === 1 ? "file" : "files"}`);
          },
          keptOffline: () => void uploads.keep({ ...upload, baseSnapshotId: from }),
          droppedForTheirs: () => uploads.forget(upload.id),
        },
        from,
        (head) => enqueue(() => attempt(head)),
      );
    return enqueue(() => attempt(base === undefined ? getState().listing.snapshotId : base)).finally(() => uploadsSending.delete(upload.id));
  }

  /** Sends the uploads that wait; with `stored`, also those a closed page left in the browser. */
  async function sendWaitingUploads({ stored = false }: { stored?: boolean } = {}) {
    for (const upload of await uploads.list({ stored })) void sendUpload(upload, { base: upload.baseSnapshotId });
  }

  /** Saves the unsaved text of `paths` as one snapshot. */
  function saveFiles(paths: readonly string[], options: { force?: boolean; base?: string | null } = {}): Promise<boolean> {
    return enqueue(() => saveFilesNow(paths, options));
  }

  async function saveFilesNow(paths: readonly string[], { force = false, base }: { force?: boolean; base?: string | null }) {
    const { docs, listing } = getState();
    const targets = paths.filter((path) => {
      const doc = docs[path];
      return doc?.kind === "text" && doc.dirty;
    });
    if (targets.length === 0) return true;
    if (connection.store.getState().state === "offline") {
      // No request while the server is away: the save waits, and the user asking is a reason to look now.
      keepSaveForLater(targets);
      connection.retryNow();
      return false;
    }
    if (!force) {
      const stale = findStaleEdits({ docs, listing, paths: targets });
      if (stale.length > 0) {
        const snapshotId = listing.snapshotId;
        raiseConflict({
          paths: stale,
          snapshotId,
          message:
            stale.length === 1
              ? `"${stale[0]}" was changed elsewhere after you started editing it. Reload their version or keep yours.`
              : `${stale.length} files were changed elsewhere after you started editing them. Reload their versions or keep yours.`,
          keepMine: () => saveFiles(targets, { force: true, base: snapshotId }),
          saveAfterTheirs: targets.filter((path) => !stale.includes(path)),
        });
        return false;
      }
    }
    const sent = new Map(targets.map((path) => [path, liveText.get(path) ?? ""]));
    const operation: Operation = {
      changes: [...sent].map(([path, content]) => ({ type: "write", path, content, encoding: "utf8" })),
      before: (listing) => {
        const files = fileEntryByPath({ listing });
        for (const [path, text] of sent) {
          // Typing that happened while the save was in flight stays unsaved.
          const dirty = (liveText.get(path) ?? text) !== text;
          dispatch({ type: "written", path, baseHash: files.get(path)?.hash ?? null, savedText: text, dirty });
          drafts.persist(path);
        }
      },
      keptOffline: () => keepSaveForLater(targets),
    };
    return commit(
      operation,
      base === undefined ? listing.snapshotId : base,
      (head) => saveFiles(targets, { force: true, base: head }),
      targets,
    );
  }

  /** Saves what a sandbox changed as one snapshot; a conflict is returned, not shown. */
  function saveSandboxChanges({
    changes,
    baseSnapshotId,
    message,
    turnId,
  }: {
    changes: FileChangeInput[];
    baseSnapshotId: string | null;
    message?: string;
    /** The agent turn whose command wrote these files: the server saves them as its snapshot. */
    turnId?: string;
  }): Promise<SandboxSaveResult> {
    return enqueue(async () => {
      dispatch({ type: "savingChanged", delta: 1 });
      try {
        const response = await api.save(projectId, { baseSnapshotId, changes, message, ...(turnId ? { turnId } : {}) });
        const applicable = getState().listing.snapshotId === baseSnapshotId;
        applyListing(await listingAfterSave(response, baseSnapshotId), { handled: changes, changes: applicable ? response.changes : null });
        emitSaved({ changes, origin: "sandbox" });
        return "saved";
      } catch (error) {
        if (readSaveConflict({ error })) return "conflict";
        notify.error(`Files changed by the running project were not saved: ${describeError({ error })}`);
        return "failed";
      } finally {
        dispatch({ type: "savingChanged", delta: -1 });
      }
    });
  }

  // ---- tabs ----

  function closeTab(path: string) {
    savesWaiting = savesWaiting.filter((waiting) => waiting !== path);
    forgetDraft(path);
    liveText.delete(path);
    binaryBytes.delete(path);
    loader.cancel(path);
    dispatch({ type: "close", path });
  }

  function isDirty(path: string): boolean {
    const doc = getState().docs[path];
    return doc?.kind === "text" && doc.dirty;
  }

  function dirtyPaths(): string[] {
    return getState().tabs.filter(isDirty);
  }

  return {
    store,

    setNotifier(next: Notifier) {
      notify = next;
    },

    /**
     * Opens the tabs of the last visit (and of the drafts kept in this browser) again, keeps them
     * from then on, and follows whether the server is reachable. Returns a cleanup.
     */
    start(): () => void {
      let live = true;
      const saved = tabKeeper.read();
      void Promise.all([drafts.loadAll(), movesSinceSaved(saved)]).then(([savedDrafts, moves]) => {
        if (!live) return;
        const files = new Set(fileEntryByPath({ listing: getState().listing }).keys());
        const restored = restoreSavedTabs({ saved, files, moves, draftPaths: Object.keys(savedDrafts) });
        // A file opened meanwhile stays in front.
        const untouched = getState().active === null;
        restored.tabs.forEach((path, at) => {
          const draft = savedDrafts[path];
          if (getState().docs[path]) {
            // The file the page came with, untouched since: this browser's unsaved edits replace it.
            if (draft && path === initialFile?.path && getState().docs[path]?.kind === "text" && !isDirty(path)) {
              restoredDrafts.set(path, draft);
              void loader.load(path);
            }
            // Any other tab opened meanwhile has loaded the server's text, and its own edits are newer.
            return;
          }
          if (draft) restoredDrafts.set(path, draft);
          // In the saved order, around the tab the page came with.
          dispatch({ type: "open", path, activate: false, at });
        });
        if (untouched && restored.active !== null) dispatch({ type: "activate", path: restored.active });
        tabKeeper.begin({ views: restored.views });
      });
      void sendWaitingUploads({ stored: true });
      const unwatch = typeof window === "undefined" ? () => {} : connection.watchBrowser(window, () => navigator.onLine);
      // A reload right after scrolling still finds the position it left, and right after typing the text.
      const flushTabs = () => {
        tabKeeper.flush();
        drafts.rescue();
      };
      if (typeof window !== "undefined") window.addEventListener("pagehide", flushTabs);
      return () => {
        live = false;
        if (typeof window !== "undefined") window.removeEventListener("pagehide", flushTabs);
        tabKeeper.stop();
        unwatch();
        connection.stop();
      };
    },

    /** Whether the server is reachable (the offline banner). */
    connection: connection.store,
    /** How many uploaded files wait for the server (the offline banner). */
    waitingUploads: uploads.files,
    /** Asks the server now whether it is back, instead of at the next scheduled attempt. */
    retryConnection: () => connection.retryNow(),

    getText: (path: string) => liveText.get(path) ?? "",
    /** The bytes of an open file that is not text (null until loaded). */
    getBytes: (path: string) => binaryBytes.get(path) ?? null,
    /** Called by the editor when its cursor or scroll position changed. */
    editorViewChanged: (path: string, view: EditorView) => tabKeeper.viewChanged(path, view),
    /** The cursor and scroll position `path` was left at, for the editor showing it first after a reload. */
    takeEditorView: (path: string) => tabKeeper.takeView(path),
    /** Resolves once every draft written so far is in the browser's store. */
    flushDrafts: drafts.flushAll,

    /** Called by the editor on every change to the text of `path`. */
    editorChanged(path: string, text: string) {
      const doc = getState().docs[path];
      if (doc?.kind !== "text") return;
      liveText.set(path, text);
      dispatch({ type: "dirtyChanged", path, dirty: doc.savedText === null || text !== doc.savedText });
      drafts.schedule(path);
    },

    openFile: (path: string) => dispatch({ type: "open", path }),
    activate: (path: string) => dispatch({ type: "activate", path }),
    /** Closes a tab and discards its unsaved changes; ask first. */
    closeTab,
    retryLoad: (path: string) => dispatch({ type: "docLoaded", path, doc: { kind: "loading" } }),
    isDirty,
    dirtyPaths,

    saveFiles: (paths: readonly string[]) => saveFiles(paths),
    saveSandboxChanges,

    /** Listens to every save the server accepted, in order; returns the unsubscribe function. */
    onSaved(listener: (saved: SavedChanges) => void): () => void {
      savedListeners.add(listener);
      return () => void savedListeners.delete(listener);
    },

    /**
     * Listens to every replacement of the listing by the server's, with the listing before; returns
     * the unsubscribe function. A browser sandbox follows the project's changes made elsewhere here.
     */
    onListingChanged(listener: (change: ListingChange) => void): () => void {
      listingListeners.add(listener);
      return () => void listingListeners.delete(listener);
    },

    /**
     * Loads the server's current listing (after a sandbox saved files on the server itself). Tabs
     * with unsaved changes keep them; clean tabs follow the server.
     */
    refreshListing(): Promise<boolean> {
      return enqueue(loadListingWhole);
    },

    /**
     * Follows the project's head channel: every head move (another tab, person, the agent, a box
     * command) reaches the listing and the open tabs. Returns what stops following.
     */
    followHead(next: HeadFeed): () => void {
      feed = next;
      feedGeneration++;
      const unsubscribe = next.subscribe(onHeadEvent);
      next.connect(getState().listing.snapshotId);
      return () => {
        unsubscribe();
        next.close();
        if (feed === next) feed = null;
        feedGeneration++;
      };
    },

    /** Someone believes the head moved (the agent wrote): the feed brings it; reopen it if it is down. */
    nudgeHead() {
      feed?.nudge();
    },

    /** The version of `path` at `snapshotId` (default: the listing's), to compare with unsaved text. */
    async readTheirs(path: string, snapshotId: string | null = getState().listing.snapshotId): Promise<TheirVersion> {
      if (snapshotId === null) return { kind: "deleted" };
      if (snapshotId === getState().listing.snapshotId && !fileEntryByPath({ listing: getState().listing }).has(path)) return { kind: "deleted" };
      try {
        const decoded = decodeFileBytes({ bytes: await api.readBytes(projectId, path, snapshotId) });
        return decoded.kind === "text" ? { kind: "text", text: decoded.text } : { kind: "binary" };
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return { kind: "deleted" };
        throw error;
      }
    },

    /** "Take theirs" on a file changed elsewhere: drop my edits and draft, show the saved version. */
    takeTheirs(path: string) {
      forgetDraft(path);
      if (fileEntryByPath({ listing: getState().listing }).has(path)) void loader.load(path, { replace: true });
      else closeTab(path);
    },

    /** "Keep mine" on a file changed elsewhere: save my text over theirs now. */
    keepMineOver(path: string): Promise<boolean> {
      return saveFiles([path], { force: true });
    },
    saveActive() {
      const { active } = getState();
      return active ? saveFiles([active]) : Promise.resolve(true);
    },
    saveAll: () => saveFiles(dirtyPaths()),

    createEntry({ path, kind }: { path: string; kind: "file" | "dir" }) {
      return runOperation({
        changes: [kind === "file" ? { type: "write", path, content: "", encoding: "utf8" } : { type: "mkdir", path }],
        after: () => {
          if (kind === "file") dispatch({ type: "open", path });
        },
      });
    },

    /** Renames or moves a file or folder; open tabs and drafts follow it. */
    moveEntry({ from, to }: { from: string; to: string }) {
      return runOperation({
        changes: [{ type: "move", from, to }],
        before: () => moveOpenState(from, to),
      });
    },

    /** Deletes a file or folder, with the unsaved changes of everything in it. */
    deleteEntry({ path }: { path: string }) {
      return runOperation({
        changes: [{ type: "delete", path }],
        before: () => {
          for (const tab of getState().tabs) if (isSameOrInside(tab, path)) closeTab(tab);
          drafts.forgetInside(path);
        },
      });
    },

    async upload({ targetDir, picked }: { targetDir: string; picked: PickedUpload }) {
      let plan;
      try {
        plan = planUpload({ targetDir, files: await readPickedFiles({ files: picked.files }), emptyDirs: picked.emptyDirs });
      } catch (error) {
        notify.error(`The files could not be read: ${describeError({ error })}`);
        return false;
      }
      if (plan.errors.length > 0) {
        const shown = plan.errors.slice(0, 5).join("\n");
        const more = plan.errors.length > 5 ? `\n…and ${plan.errors.length - 5} more` : "";
        notify.error(`Some files were not uploaded:\n${shown}${more}`);
      }
      if (plan.changes.length === 0) return plan.errors.length === 0;
      return sendUpload({ id: crypto.randomUUID(), baseSnapshotId: null, changes: plan.changes, createdAt: Date.now() });
    },

    /** "Keep mine": save the same changes again on top of the server's head. */
    keepMine(): Promise<boolean> {
      const conflict = pendingConflict;
      pendingConflict = null;
      dispatch({ type: "conflictChanged", conflict: null });
      return conflict ? conflict.keepMine() : Promise.resolve(true);
    },

    /** "Reload theirs": drop my drafts of the conflicting files and load the server's state. */
    async reloadTheirs(): Promise<boolean> {
      const conflict = pendingConflict;
      pendingConflict = null;
      dispatch({ type: "conflictChanged", conflict: null });
      if (!conflict) return true;
      conflict.droppedForTheirs?.();
      for (const path of conflict.paths) forgetDraft(path);
      const reloaded = await enqueue(async () => {
        // The head channel has usually brought their save already; else the listing is loaded whole.
        const caughtUp = conflict.snapshotId !== null && getState().listing.snapshotId === conflict.snapshotId;
        if (!caughtUp && !(await loadListingWhole())) return false;
        const files = fileEntryByPath({ listing: getState().listing });
        for (const path of conflict.paths) {
          if (!getState().docs[path]) continue;
          if (files.has(path)) void loader.load(path, { replace: true });
          else closeTab(path);
        }
        return true;
      });
      if (!reloaded) return false;
      return conflict.saveAfterTheirs.length > 0 ? saveFiles(conflict.saveAfterTheirs) : true;
    },

    /** Closes the conflict prompt and leaves every draft as it is. */
    dismissConflict() {
      pendingConflict = null;
      dispatch({ type: "conflictChanged", conflict: null });
    },
  };
}

export type WorkspaceController = ReturnType<typeof createWorkspaceController>;
