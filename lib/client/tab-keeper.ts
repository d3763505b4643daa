import type { KeyValueStorage } from "./drafts";
import { remapMapKeys } from "./path-remap";
import { readSavedTabs, writeSavedTabs, type EditorView, type SavedTabs } from "./saved-tabs";
import type { Store } from "./store";
import type { WorkspaceAction, WorkspaceState } from "./workspace-state";

// Cursor moves and scrolling come in bursts; their position is written once the burst settles.
const viewWriteDelayMs = 400;

/**
 * Keeps a person's open tabs, the active one and each editor's cursor and scroll position in the
 * browser, so a reload opens the project as it was left. Nothing is written until `begin` (the saved
 * tabs were restored), so a page still loading never replaces them with its empty tab bar. Without
 * storage or a key (a share link's visitor, no signed-in person) it keeps nothing.
 */
export function createTabKeeper({
  storage,
  key,
  store,
}: {
  storage: KeyValueStorage | null;
  key: string | null;
  store: Store<WorkspaceState, WorkspaceAction>;
}) {
  /** The last known view of each open tab's editor. */
  const views = new Map<string, EditorView>();
  /** Saved views not yet handed to an editor: each applies once, when its file is first shown. */
  const waiting = new Map<string, EditorView>();
  let unsubscribe: (() => void) | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let written = "";

  function write() {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (!unsubscribe || !storage || !key) return;
    const { tabs, active, listing } = store.getState();
    for (const path of views.keys()) if (!tabs.includes(path)) views.delete(path);
    const saved: SavedTabs = { snapshotId: listing.snapshotId, tabs, active, views: Object.fromEntries(views) };
    const json = JSON.stringify(saved);
    if (json === written) return;
    // A refused write (storage full) costs only the restore; unsaved text is kept by the drafts.
    if (writeSavedTabs({ storage, key, saved })) written = json;
  }

  return {
    /** The tabs saved by the last visit, if any. */
    read: (): SavedTabs | null => (storage && key ? readSavedTabs({ storage, key }) : null),

    /** The saved tabs are open again (with their views, already following moves): keep them from now on. */
    begin({ views: restored }: { views: Record<string, EditorView> }) {
      for (const [path, view] of Object.entries(restored)) {
        waiting.set(path, view);
        views.set(path, view);
      }
      unsubscribe ??= store.subscribe(write);
      write();
    },

    /** The editor of `path` scrolled or moved its cursor. */
    viewChanged(path: string, view: EditorView) {
      views.set(path, view);
      waiting.delete(path);
      if (timer === null) timer = setTimeout(write, viewWriteDelayMs);
    },

    /** The saved view of `path`, once, for the editor showing it for the first time since the reload. */
    takeView(path: string): EditorView | undefined {
      const view = waiting.get(path);
      waiting.delete(path);
      return view;
    },

    /** Views follow a moved file or folder; call before the tabs move. */
    move(from: string, to: string) {
      remapMapKeys({ map: views, from, to });
      remapMapKeys({ map: waiting, from, to });
    },

    /** Writes a view change still waiting for its delay (the page is going away). */
    flush: write,

    /** Writes what is pending and stops following the tabs, until the next `begin`. */
    stop() {
      write();
      unsubscribe?.();
      unsubscribe = null;
    },
  };
}
