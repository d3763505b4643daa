"use client";

import { useCallback, useEffect, useMemo } from "react";
import type { ProjectApi } from "@/lib/client/project-api";
import { createProjectImageUrls, type ProjectImage } from "@/lib/client/project-image-urls";
import type { FileEntry } from "@/lib/validation/projects";

export type ReadProjectImage = (path: string) => Promise<ProjectImage>;

/**
 * Pictures of the project as the listing holds them, for previews (a README's images): read
 * through `api`, so a share link's visitor reads them through the link. A new listing gives a new
 * function, so a picture saved since is shown as it is now.
 */
export function useProjectImages({
  api,
  projectId,
  files,
  snapshotId,
}: {
  api: ProjectApi;
  projectId: string;
  files: ReadonlyMap<string, Extract<FileEntry, { kind: "file" }>>;
  snapshotId: string | null;
}): ReadProjectImage {
  const urls = useMemo(
    () => createProjectImageUrls({ readBytes: ({ path, snapshotId }) => api.readBytes(projectId, path, snapshotId) }),
    [api, projectId],
  );
  useEffect(() => () => urls.dispose(), [urls]);
  return useCallback(
    async (path: string) => {
      const entry = files.get(path);
      if (!entry || snapshotId === null) return { error: `There is no file ${path} in the project` };
      return urls.image({ path, hash: entry.hash, snapshotId });
    },
    [files, snapshotId, urls],
  );
}
