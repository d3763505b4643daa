import { z } from "zod";
import { projectKeyRange, projectObjectStore } from "./indexed-db";
import { clearProjectDrafts, loadDrafts, readDraft, removeDraft, writeDraft, type Draft, type KeyValueStorage } from "./drafts";

/**
 * Where the browser keeps unsaved edits, per project and path. Operations on one store apply in the
 * order they were called, so a later write of a path never loses to an earlier one.
 */
export type DraftStore = {
  loadAll(projectId: string): Promise<Record<string, Draft>>;
  /** Resolves false when the browser refused the write (quota exceeded, storage disabled). */
  put(projectId: string, path: string, draft: Draft): Promise<boolean>;
  remove(projectId: string, path: string): Promise<void>;
  /**
   * Writes at once, synchronously, where the page is about to go (a reload, a closed tab) and an
   * asynchronous write might never finish. False when nothing could take it.
   */
  putNow(projectId: string, path: string, draft: Draft): boolean;
  /** Forgets every draft of a project (e.g. once the project is deleted). */
  clearProject(projectId: string): Promise<void>;
};

/** Drafts in Web Storage (localStorage): the store where IndexedDB cannot be opened, as a page goes away, and in tests. */
export function keyValueDraftStore(storage: KeyValueStorage): DraftStore {
  return {
    loadAll: async (projectId) => loadDrafts({ projectId, storage }),
    put: async (projectId, path, draft) => writeDraft({ projectId, path, draft, storage }),
    remove: async (projectId, path) => removeDraft({ projectId, path, storage }),
    putNow: (projectId, path, draft) => writeDraft({ projectId, path, draft, storage }),
    clearProject: async (projectId) => clearProjectDrafts({ projectId, storage }),
  };
}

const databaseName = "ide-drafts";
const storeName = "drafts";

// What was written may come from an older version of the page or another extension's meddling: check it.
const recordSchema = z.object({
  projectId: z.string(),
  path: z.string(),
  content: z.string(),
  baseHash: z.string().nullable(),
  updatedAt: z.number(),
});

/**
 * Drafts in IndexedDB: no 5 MB cap like localStorage, and writes that do not block typing. Drafts an
 * older page kept in `legacy` (localStorage) move in on a project's first load. Where IndexedDB
 * cannot be opened (some private modes), the drafts stay in `legacy`; with neither, writes are refused.
 */
export function indexedDbDraftStore({ factory, legacy }: { factory: IDBFactory; legacy: KeyValueStorage | null }): DraftStore {
  const fallback: DraftStore | null = legacy ? keyValueDraftStore(legacy) : null;
  const { database, run } = projectObjectStore({ factory, name: databaseName, store: storeName, key: "path" });

  async function migrate(projectId: string) {
    if (!legacy) return;
    const old = loadDrafts({ projectId, storage: legacy });
    const paths = Object.keys(old);
    if (paths.length === 0) return;
    // A draft written at once as the page went away is newer than the write it overtook, unless that
    // write finished after all: the newer of the two stays.
    await run("readwrite", (store) => {
      for (const path of paths) {
        const draft = old[path]!;
        const request = store.get([projectId, path]);
        request.onsuccess = () => {
          const kept = recordSchema.safeParse(request.result);
          if (!kept.success || kept.data.updatedAt <= draft.updatedAt) store.put({ projectId, path, ...draft });
        };
      }
    });
    clearProjectDrafts({ projectId, storage: legacy });
  }

  /**
   * A draft written at once as the page went away (putNow) is superseded by any write made after it,
   * e.g. when the page came back from the back/forward cache and went on; an older write finishing
   * late (the one putNow overtook) leaves it.
   */
  function supersedeLegacy(projectId: string, path: string, at: number) {
    if (!legacy) return;
    const rescued = readDraft({ projectId, path, storage: legacy });
    if (rescued && rescued.updatedAt < at) removeDraft({ projectId, path, storage: legacy });
  }

  return {
    async loadAll(projectId) {
      if (!(await database())) return fallback ? fallback.loadAll(projectId) : {};
      await migrate(projectId);
      const rows = (await run("readonly", (store) => store.getAll(projectKeyRange(projectId)))) ?? [];
      const drafts: Record<string, Draft> = {};
      for (const row of rows) {
        const parsed = recordSchema.safeParse(row);
        if (parsed.success) drafts[parsed.data.path] = { content: parsed.data.content, baseHash: parsed.data.baseHash, updatedAt: parsed.data.updatedAt };
      }
      return drafts;
    },
    async put(projectId, path, draft) {
      if (!(await database())) return fallback ? fallback.put(projectId, path, draft) : false;
      try {
        await run("readwrite", (store) => store.put({ projectId, path, ...draft }));
        supersedeLegacy(projectId, path, draft.updatedAt);
        return true;
      } catch {
        return false;
      }
    },
    async remove(projectId, path) {
      if (!(await database())) return fallback?.remove(projectId, path);
      const at = Date.now();
      supersedeLegacy(projectId, path, at);
      await run("readwrite", (store) => store.delete([projectId, path])).catch(() => undefined);
    },
    // Web Storage is the only synchronous store a page has; the next load moves the draft into IndexedDB.
    putNow: (projectId, path, draft) => (legacy ? writeDraft({ projectId, path, draft, storage: legacy }) : false),
    async clearProject(projectId) {
      await fallback?.clearProject(projectId);
      if (!(await database())) return;
      await run("readwrite", (store) => store.delete(projectKeyRange(projectId))).catch(() => undefined);
    },
  };
}

/** The browser's draft store: IndexedDB, else localStorage, else none (drafts are not kept). */
export function browserDraftStore(): DraftStore | null {
  if (typeof window === "undefined") return null;
  let legacy: Storage | null = null;
  try {
    legacy = window.localStorage;
  } catch {
    // Access throws when the user blocks site data.
  }
  if (typeof indexedDB === "undefined") return legacy ? keyValueDraftStore(legacy) : null;
  return indexedDbDraftStore({ factory: indexedDB, legacy });
}
