/**
 * The few IndexedDB steps the browser's offline stores share (drafts, waiting uploads): one object
 * store per database, keyed by [projectId, key], opened once, and transactions awaited to the end.
 */

// Keys are [projectId, key]; every string sorts before any array, so this range holds one project's keys.
export const projectKeyRange = (projectId: string) => IDBKeyRange.bound([projectId, ""], [projectId, []]);

function openDatabase({ factory, name, store, key }: { factory: IDBFactory; name: string; store: string; key: string }): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(store, { keyPath: ["projectId", key] });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB could not be opened"));
    request.onblocked = () => reject(new Error("IndexedDB is blocked by another tab holding an older version"));
  });
}

/**
 * Opens the database on first use (null when the browser cannot, e.g. some private modes) and runs
 * transactions on its one object store, resolving once each has committed.
 */
export function projectObjectStore(options: { factory: IDBFactory; name: string; store: string; key: string }) {
  let opened: Promise<IDBDatabase | null> | null = null;
  const database = () => (opened ??= openDatabase(options).catch(() => null));

  async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
    const db = await database();
    if (!db) throw new Error("IndexedDB is not available");
    const transaction = db.transaction(options.store, mode);
    const request = work(transaction.objectStore(options.store));
    await new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onabort = () => reject(transaction.error ?? new Error("The write was aborted"));
      transaction.onerror = () => reject(transaction.error);
    });
    return request ? request.result : undefined;
  }

  return { database, run };
}
