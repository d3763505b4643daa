import { z } from "zod";
import { projectKeyRange, projectObjectStore } from "./indexed-db";
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

/** Pending uploads in IndexedDB (file bytes are far beyond what localStorage holds). */
export function indexedDbUploadStore({ factory }: { factory: IDBFactory }): UploadStore {
  const { run } = projectObjectStore({ factory, name: databaseName, store: storeName, key: "id" });

  return {
    async loadAll(projectId) {
      const rows = (await run("readonly", (store) => store.getAll(projectKeyRange(projectId))).catch(() => [])) ?? [];
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
      await run("readwrite", (store) => store.delete(projectKeyRange(projectId))).catch(() => undefined);
    },
  };
}

/** The browser's upload store: IndexedDB, else none (an upload then waits only while the page stays open). */
export function browserUploadStore(): UploadStore | null {
  if (typeof window === "undefined" || typeof indexedDB === "undefined") return null;
  return indexedDbUploadStore({ factory: indexedDB });
}
