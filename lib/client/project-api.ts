import { saveResponseSchema, type ProjectListing, type ProjectSummary, type SaveRequest, type SaveResponse } from "@/lib/validation/projects";
import { z } from "zod";
import { apiFetch, apiJson } from "./api-error";

const projectHeadSchema = z.object({ project: z.object({ headSnapshotId: z.string().nullable() }) });

const base = (projectId: string) => `/api/projects/${encodeURIComponent(projectId)}`;

export const projectApi = {
  list: () => apiJson<{ projects: ProjectSummary[] }>("/api/projects").then((r) => r.projects),
  /** In `workspaceId` when given, else in the personal workspace. */
  create: (name: string, workspaceId?: string) =>
    apiJson<{ project: ProjectSummary }>("/api/projects", { method: "POST", json: { name, workspaceId } }).then((r) => r.project),
  rename: (id: string, name: string) =>
    apiJson<{ project: ProjectSummary }>(base(id), { method: "PATCH", json: { name } }).then((r) => r.project),
  remove: (id: string) => apiJson<void>(base(id), { method: "DELETE" }),

  listing: (id: string) => apiJson<ProjectListing>(`${base(id)}/files`),
  /** The project's saved head alone (its summary, a few bytes), to learn whether a listing is current without loading it. */
  headSnapshotId: (id: string) => apiJson<unknown>(base(id)).then((r) => projectHeadSchema.parse(r).project.headSnapshotId),
  /** Raw bytes of one file at a snapshot (immutable, so the browser may cache it). */
  readBytes: async (id: string, path: string, snapshotId: string) => {
    const q = new URLSearchParams({ path, snapshotId });
    const res = await apiFetch(`${base(id)}/files/raw?${q}`);
    return new Uint8Array(await res.arrayBuffer());
  },
  /**
   * A snapshot's content as it streams, in the framed format of lib/validation/snapshot-content.ts:
   * all of it (immutable, so the browser caches it), or only the blobs `hashes` of that snapshot.
   */
  snapshotContent: async (id: string, snapshotId: string, { hashes, signal }: { hashes?: string[]; signal?: AbortSignal } = {}) => {
    const url = `${base(id)}/snapshots/${encodeURIComponent(snapshotId)}/content`;
    const res = await apiFetch(
      url,
      hashes ? { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ hashes }), signal } : { signal },
    );
    if (!res.body) throw new Error("The project's files could not be read (empty response); reload to try again");
    return res.body;
  },
  /** A short-lived URL prefix serving the project's saved files to the (cookie-less) preview frame. */
  previewBase: (id: string) =>
    apiJson<{ baseUrl: string; expiresAt: string }>(`${base(id)}/preview-token`, { method: "POST" }),
  /**
   * Answers the new head and the change set from `request.baseSnapshotId` to it. Throws ApiError with
   * status 409 and code `conflict` (body: ConflictBody) on a stale base.
   */
  save: (id: string, request: SaveRequest): Promise<SaveResponse> =>
    apiJson<unknown>(`${base(id)}/save`, { method: "POST", json: request }).then((r) => saveResponseSchema.parse(r)),
};

/** The API as a value, so components can take a fake in tests and dev pages. */
export type ProjectApi = typeof projectApi;

/** The project's locked paths: files the agent may read but never change. */
export const getLockedPaths = (projectId: string) =>
  apiJson<{ lockedPaths: string[] }>(`${base(projectId)}/locks`).then((r) => r.lockedPaths);

/** Replaces the locked paths; resolves to them as stored (normalized, deduplicated, sorted). */
export const setLockedPaths = (projectId: string, paths: string[]) =>
  apiJson<{ lockedPaths: string[] }>(`${base(projectId)}/locks`, { method: "PUT", json: { paths } }).then((r) => r.lockedPaths);
