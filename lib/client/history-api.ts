import { labelSchema, restoreResultSchema, snapshotDiffSchema, timelinePageSchema, type RestoreResult, type SnapshotDiff, type TimelinePage } from "@/lib/history/types";
import { z } from "zod";
import { apiFetch, apiJson } from "./api-error";

const base = (projectId: string) => `/api/projects/${encodeURIComponent(projectId)}`;
const decoder = new TextDecoder("utf-8", { fatal: true });

export type TimelineFilter = { author?: string; path?: string; q?: string };

/** The project's history (lib/history) as the timeline panel reads it; every answer is parsed. */
export const historyApi = {
  timeline: (projectId: string, filter: TimelineFilter, cursor: string | null): Promise<TimelinePage> => {
    const q = new URLSearchParams({ limit: "50" });
    for (const [key, value] of Object.entries(filter)) if (value) q.set(key, value);
    if (cursor) q.set("cursor", cursor);
    return apiJson<unknown>(`${base(projectId)}/history?${q}`).then((r) => timelinePageSchema.parse(r));
  },
  /** The files that differ from `from` (default: the snapshot's parent) to `to`, by hash. */
  diff: (projectId: string, to: string, from?: string): Promise<SnapshotDiff> => {
    const q = new URLSearchParams({ to, ...(from ? { from } : {}) });
    return apiJson<unknown>(`${base(projectId)}/history/diff?${q}`).then((r) => snapshotDiffSchema.parse(r));
  },
  /** One file's text by hash (immutable, so cached by the browser); null when it is not text. */
  text: async (projectId: string, hash: string): Promise<string | null> => {
    const res = await apiFetch(`${base(projectId)}/blobs/${hash}`);
    try {
      return decoder.decode(await res.arrayBuffer());
    } catch {
      return null;
    }
  },
  restore: (projectId: string, input: { snapshotId: string; baseSnapshotId?: string | null; path?: string }): Promise<RestoreResult> =>
    apiJson<unknown>(`${base(projectId)}/history/restore`, { method: "POST", json: input }).then((r) => restoreResultSchema.parse(r)),
  label: (projectId: string, snapshotId: string, name: string) =>
    apiJson<unknown>(`${base(projectId)}/labels`, { method: "POST", json: { snapshotId, name } }).then((r) => z.object({ label: labelSchema }).parse(r).label),
  removeLabel: (projectId: string, labelId: string) => apiJson<void>(`${base(projectId)}/labels/${encodeURIComponent(labelId)}`, { method: "DELETE" }),
};
