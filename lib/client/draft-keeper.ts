import { isSameOrInside } from "@/lib/validation/paths";
import { remapPath } from "./path-remap";
import type { Draft } from "./drafts";
import type { DraftStore } from "./offline-draft-store";

/** What a draft is made of, for a path whose tab is open; null when there is nothing unsaved. */
export type DraftSource = (path: string) => { content: string; baseHash: string | null } | null;

/**
 * Keeps the unsaved text of open files in the browser's draft store after every keystroke, so
 * nothing typed is lost to a crash, a closed tab or a server that went away. One write per path is
 * in flight at a time; keystrokes meanwhile are coalesced into one more write of the latest text.
 * Without a store (server render, a read-only page) it does nothing.
 */
export function createDraftKeeper({
  projectId,
  store,
  source,
  onRefused,
}: {
  projectId: string;
  store: DraftStore | null;
  source: DraftSource;
  /** Called once, the first time the browser refuses a write (quota, disabled storage). */
  onRefused: () => void;
}) {
  /** Paths with a write in flight; true when the text changed again since it was read. */
  const writing = new Map<string, boolean>();
  let chain: Promise<unknown> = Promise.resolve();
  let refused = false;

  /** Store operations in call order, so moves and deletions never race the writes before them. */
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = chain.then(work, work);
    chain = next.catch(() => undefined);
    return next;
  };

  async function write(path: string) {
    const draft = source(path);
    if (!store) return;
    if (!draft) return store.remove(projectId, path);
    const ok = await store.put(projectId, path, { ...draft, updatedAt: Date.now() });
    if (!ok && !refused) {
      refused = true;
      onRefused();
    }
  }

  /** Writes (or removes, when nothing is unsaved) the draft of `path`, with its latest text. */
  function persist(path: string): void {
    if (!store) return;
    if (writing.has(path)) {
      writing.set(path, true);
      return;
    }
    writing.set(path, false);
    void serial(() => write(path)).finally(() => {
      const again = writing.get(path);
      writing.delete(path);
      if (again) persist(path);
    });
  }

  function forget(path: string) {
    writing.delete(path);
    if (store) void serial(() => store.remove(projectId, path));
  }

  return {
    persist,
    forget,
    schedule: persist,
    /** Resolves once every write asked for so far is in the store. */
    async flushAll(): Promise<void> {
      while (writing.size > 0) await chain;
      await chain;
    },
    /**
     * The page is going away (a reload, a closed tab): the drafts whose latest text may not be in the
     * store yet are written synchronously, so the last keystrokes before a reload are not lost.
     */
    rescue() {
      if (!store) return;
      for (const path of writing.keys()) {
        const draft = source(path);
        if (draft) store.putNow(projectId, path, { ...draft, updatedAt: Date.now() });
      }
    },
    /** Drops every draft at or under `target` (a deleted file or folder), open or not. */
    forgetInside(target: string) {
      if (!store) return;
      for (const path of [...writing.keys()]) if (isSameOrInside(path, target)) writing.delete(path);
      void serial(async () => {
        for (const path of Object.keys(await store.loadAll(projectId))) if (isSameOrInside(path, target)) await store.remove(projectId, path);
      });
    },
    /** Re-keys the drafts of a moved file or folder; an open tab's is written afresh from its text. */
    move(from: string, to: string) {
      if (!store) return;
      void serial(async () => {
        for (const [path, draft] of Object.entries(await store.loadAll(projectId))) {
          const next = remapPath({ path, from, to });
          if (next === null) continue;
          await store.remove(projectId, path);
          const live = source(next);
          await store.put(projectId, next, live ? { ...live, updatedAt: Date.now() } : draft);
        }
      });
    },
    loadAll(): Promise<Record<string, Draft>> {
      return store ? serial(() => store.loadAll(projectId)) : Promise.resolve({});
    },
  };
}

export type DraftKeeper = ReturnType<typeof createDraftKeeper>;
