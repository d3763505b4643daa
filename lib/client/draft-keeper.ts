import { isSameOrInside } from "@/lib/validation/paths";
import { loadDrafts, moveDrafts, removeDraft, writeDraft, type Draft, type KeyValueStorage } from "./drafts";

/** What a draft is made of, for a path whose tab is open; null when there is nothing unsaved. */
export type DraftSource = (path: string) => { content: string; baseHash: string | null } | null;

/**
 * Keeps the unsaved text of open files in localStorage, written a moment after typing pauses so a
 * keystroke does not serialize the whole file. Without storage (server render) it does nothing.
 */
export function createDraftKeeper({
  projectId,
  storage,
  source,
  onRefused,
  delayMs = 300,
}: {
  projectId: string;
  storage: KeyValueStorage | null;
  source: DraftSource;
  /** Called once, the first time the browser refuses a write (quota, disabled storage). */
  onRefused: () => void;
  delayMs?: number;
}) {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  let refused = false;

  const cancel = (path: string) => {
    clearTimeout(timers.get(path));
    timers.delete(path);
  };

  /** Writes (or removes, when nothing is unsaved) the draft of `path` now. */
  function persist(path: string) {
    cancel(path);
    if (!storage) return;
    const draft = source(path);
    if (!draft) {
      removeDraft({ projectId, path, storage });
      return;
    }
    const ok = writeDraft({ projectId, path, storage, draft: { ...draft, updatedAt: Date.now() } });
    if (!ok && !refused) {
      refused = true;
      onRefused();
    }
  }

  function forget(path: string) {
    cancel(path);
    if (storage) removeDraft({ projectId, path, storage });
  }

  function flushAll() {
    for (const path of [...timers.keys()]) persist(path);
  }

  return {
    persist,
    flushAll,
    forget,
    schedule(path: string) {
      cancel(path);
      timers.set(path, setTimeout(() => persist(path), delayMs));
    },
    /** Drops every draft at or under `target` (a deleted file or folder), open or not. */
    forgetInside(target: string) {
      if (!storage) return;
      for (const path of Object.keys(loadDrafts({ projectId, storage }))) if (isSameOrInside(path, target)) forget(path);
    },
    /** Re-keys the drafts of a moved file or folder, including ones still waiting to be written. */
    move(from: string, to: string) {
      flushAll();
      if (storage) moveDrafts({ projectId, from, to, storage });
    },
    loadAll(): Record<string, Draft> {
      return storage ? loadDrafts({ projectId, storage }) : {};
    },
  };
}

export type DraftKeeper = ReturnType<typeof createDraftKeeper>;
