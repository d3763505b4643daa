import type { FileChangeInput } from "@/lib/validation/projects";
import type { PendingUpload, UploadStore } from "./offline-upload-store";
import { createStore } from "./store";

const filesIn = (changes: readonly FileChangeInput[]) => changes.filter((change) => change.type === "write").length;

/**
 * The uploads waiting for the server: kept in this page and in the browser's upload store (so a
 * reload keeps them), and counted for the offline banner. Without a store they wait while the page
 * stays open.
 */
export function createUploadKeeper({ projectId, store, onRefused }: { projectId: string; store: UploadStore | null; onRefused: () => void }) {
  const waiting = new Map<string, PendingUpload>();
  /** Files in the uploads that wait, for the banner. */
  const count = createStore<number, number>({ reducer: (_state, next) => next, initial: 0 });
  const publish = () => count.dispatch([...waiting.values()].reduce((n, upload) => n + filesIn(upload.changes), 0));

  return {
    files: count,
    /** Keeps `upload` (again, with its latest base) until it is forgotten. */
    async keep(upload: PendingUpload): Promise<void> {
      waiting.set(upload.id, upload);
      publish();
      if (store && !(await store.put(projectId, upload))) onRefused();
    },
    forget(id: string): void {
      if (!waiting.delete(id)) return;
      publish();
      void store?.remove(projectId, id);
    },
    /** The uploads waiting, oldest first; with `stored`, those a closed page left in the store too. */
    async list({ stored = false }: { stored?: boolean } = {}): Promise<PendingUpload[]> {
      if (stored && store) for (const upload of await store.loadAll(projectId)) if (!waiting.has(upload.id)) waiting.set(upload.id, upload);
      publish();
      return [...waiting.values()].sort((a, b) => a.createdAt - b.createdAt);
    },
  };
}

export type UploadKeeper = ReturnType<typeof createUploadKeeper>;
