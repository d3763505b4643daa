"use client";

import { useEffect, useState } from "react";
import { projectApi } from "@/lib/client/project-api";

// Grants last an hour; renewing at half-time keeps an open preview loading across the boundary.
const renewMs = 30 * 60 * 1000;

/** The signed URL prefix the preview frame loads saved files from, renewed before it expires. */
export function usePreviewBase(projectId: string): string | null {
  const [baseUrl, setBaseUrl] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    const renew = () =>
      projectApi.previewBase(projectId).then(
        (grant) => !cancelled && setBaseUrl(grant.baseUrl),
        () => undefined,
      );
    void renew();
    const timer = setInterval(renew, renewMs);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [projectId]);
  return baseUrl;
}
