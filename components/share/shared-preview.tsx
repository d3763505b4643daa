"use client";

import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";

// Grants last an hour; renewing at half-time keeps an open preview loading across the boundary.
const renewMs = 30 * 60 * 1000;

/**
 * The shared project's saved files as a static site, in a sandboxed frame (scripts run as an opaque
 * origin: no cookies, storage or API of this app). The frame's URL carries a grant for the link
 * alone, checked with the link on every request; a live link's page is loaded again as the head moves.
 */
export function SharedPreview({ previewBase, headPath }: { previewBase: () => Promise<{ baseUrl: string }>; headPath: string | null }) {
  const [baseUrl, setBaseUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [page, setPage] = useState("index.html");
  const [draft, setDraft] = useState(page);
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    let cancelled = false;
    const renew = () =>
      previewBase().then(
        (grant) => !cancelled && (setBaseUrl(grant.baseUrl), setError(null)),
        (e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)),
      );
    void renew();
    const timer = setInterval(renew, renewMs);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [previewBase]);

  useEffect(() => {
    if (headPath === null || typeof EventSource === "undefined") return;
    const source = new EventSource(headPath);
    const reload = () => setReloads((n) => n + 1);
    source.addEventListener("head", reload);
    source.addEventListener("reload", reload);
    return () => source.close();
  }, [headPath]);

  const src = baseUrl === null ? null : `${baseUrl}${page.split("/").map(encodeURIComponent).join("/")}`;
  return (
    <section aria-label="Preview" className="flex h-full min-h-0 flex-col bg-surface">
      <form
        className="flex h-9 shrink-0 items-center gap-1 border-b border-white/10 px-2"
        onSubmit={(event) => {
          event.preventDefault();
          setPage(draft.replace(/^\/+/, ""));
        }}
      >
        <input
          aria-label="Page to preview"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          className="h-6 min-w-0 flex-1 rounded bg-white/5 px-2 font-mono text-xs text-neutral-200"
        />
        <Button variant="ghost" className="h-6 px-2 text-xs" type="button" onClick={() => setReloads((n) => n + 1)}>
          Reload
        </Button>
      </form>
      {error && (
        <p role="alert" className="px-3 py-2 text-xs text-red-300">
          {error}
        </p>
      )}
      <div className="relative min-h-0 flex-1 bg-white">
        {src && (
          <iframe
            key={`${src}#${reloads}`}
            title="Preview"
            src={src}
            className="absolute inset-0 h-full w-full border-0"
            data-testid="preview-frame"
            data-src={src}
            sandbox="allow-scripts allow-forms allow-modals"
          />
        )}
      </div>
    </section>
  );
}
