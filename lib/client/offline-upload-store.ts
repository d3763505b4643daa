import { z } from "zod";
import { fileChangeSchema, type FileChangeInput } from "@/lib/validation/projects";

/**
 * Uploads the server could not take (it was unreachable), kept in this browser's IndexedDB until it
 * is back, so a reload or a closed tab meanwhile loses none of them. Each is one save as it was
 * planned: its changes and the snapshot the person saw when uploading (the base for the conflict
 * rules).
 */
export type PendingUpload = { id: string; baseSnapshotId: string | null; changes: FileChangeInput[]; createdAt: number };

export type UploadStore = {
  /** The project's pending uploads, oldest first. */
  loadAll(projectId: string): Promise<PendingUpload[]>;
  /** Resolves false when the browser refused the write (quota exceeded, storage disabled). */
  put(projectId: string, upload: PendingUpload): Promise<boolean>;
  remove(projectId: string, id: string): Promise<void>;
  /** Forgets every upload of a project (once the project is deleted). */
  clearProject(projectId: string): Promise<void>;
};

const databaseName = "ide-offline-uploads";
const storeName = "uploads";

// What was written may come from an older version of the page: check it.
const recordSchema = z.object({
  projectId: z.string(),
  id: z.string(),
  baseSnapshotId: z.string().nullable(),
  changes: z.array(fileChangeSchema),
  createdAt: z.number(),
});

// Keys are [projectId, id]; every string sorts before any array, so this range holds one project's keys.
const projectRange = (projectId: string) => IDBKeyRange.bound([projectId, ""], [projectId, []]);

function openDatabase(factory: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(databaseName, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(storeName, { keyPath: ["projectId", "id"] });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB could not be opened"));
    request.onblocked = () => reject(new Error("IndexedDB is blocked by another tab holding an older version"));
  });
}

/** Pending uploads in IndexedDB (file bytes are far beyond what localStorage holds). */
export function indexedDbUploadStore({ factory }: { factory: IDBFactory }): UploadStore {
  let opened: Promise<IDBDatabase | null> | null = null;
  const database = () => (opened ??= openDatabase(factory).catch(() => null));

  async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
    const db = await database();
    if (!db) throw new Error("IndexedDB is not available");
    const transaction = db.transaction(storeName, mode);
    const request = work(transaction.objectStore(storeName));
    await new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onabort = () => reject(transaction.error ?? new Error("The upload write was aborted"));
      transaction.onerror = () => reject(transaction.error);
    });
    return request ? request.result : undefined;
  }

  return {
    async loadAll(projectId) {
      const rows = (await run("readonly", (store) => store.getAll(projectRange(projectId))).catch(() => [])) ?? [];
      return rows
        .flatMap((row: unknown) => {
          const parsed = recordSchema.safeParse(row);
          if (!parsed.success) return [];
          const { baseSnapshotId, changes, createdAt, id } = parsed.data;
          return [{ id, baseSnapshotId, changes, createdAt }];
        })
        .sort((a, b) => a.createdAt - b.createdAt);
    },
    async put(projectId, upload) {
      try {
        await run("readwrite", (store) => store.put({ projectId, ...upload }));
        return true;
      } catch {
        return false;
      }
    },
    async remove(projectId, id) {
      await run("readwrite", (store) => store.delete([projectId, id])).catch(() => undefined);
    },
    async clearProject(projectId) {
      await run("readwrite", (store) => store.delete(projectRange(projectId))).catch(() => undefined);
    },
  };
}

/** The browser's upload store: IndexedDB, else none (an upload then waits only while the page stays open). */
export function browserUploadStore(): UploadStore | null {
  if (typeof window === "undefined" || typeof indexedDB === "undefined") return null;
  return indexedDbUploadStore({ factory: indexedDB });
}
