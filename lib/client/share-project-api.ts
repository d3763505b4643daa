import { z } from "zod";
import type { ProjectListing } from "@/lib/validation/projects";
import { ApiError, apiFetch, apiJson } from "./api-error";
import type { ProjectApi } from "./project-api";

const share = (token: string) => `/api/share/${encodeURIComponent(token)}`;
const sharedViewSchema = z.object({ snapshotId: z.string().nullable() });

function readOnlyRefusal(): never {
  const message = "This project is shared read-only: nothing here changes it. Fork it (signed in) to get a copy of your own.";
  throw new ApiError(403, "forbidden:read_only_link", message, { error: { code: "forbidden:read_only_link", message } });
}

/**
 * The IDE's project API as a share link's visitor has it: reads go through /api/share/<token>/…
 * (the project id the IDE passes is ignored: the token names the one project it opens), and every
 * write is refused here, before any request (the server refuses them too: no link route writes).
 */
export function shareProjectApi(token: string): ProjectApi {
  return {
    list: readOnlyRefusal,
    create: readOnlyRefusal,
    rename: readOnlyRefusal,
    remove: readOnlyRefusal,
    save: readOnlyRefusal,
    listing: () => apiJson<ProjectListing>(`${share(token)}/files`),
    headSnapshotId: () => apiJson<unknown>(share(token)).then((r) => sharedViewSchema.parse(r).snapshotId),
    readBytes: async (_id, path, snapshotId) => {
      const res = await apiFetch(`${share(token)}/files/raw?${new URLSearchParams({ path, snapshotId })}`);
      return new Uint8Array(await res.arrayBuffer());
    },
    snapshotContent: async () => {
      throw new ApiError(404, "not_found:runtime", "A shared project cannot be run in the browser yet; fork it to run your copy", null);
    },
    previewBase: () => apiJson<{ baseUrl: string; expiresAt: string }>(`${share(token)}/preview-token`, { method: "POST" }),
  };
}

/** The link's head stream, or null for a pinned link (it never moves). */
export const shareHeadPath = (token: string, pinned: boolean) => (pinned ? null : `${share(token)}/head`);
