"use client";

import { useState, type FormEvent } from "react";
import { Button, IconButton } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { usePreviewBase } from "@/hooks/use-preview-base";

/** Where the preview comes from: the project's saved files as a static site, or a dev server. */
export type PreviewSource = { kind: "files"; path: string } | { kind: "server"; url: string; port: number; path: string };

/** `baseUrl` is the signed prefix from usePreviewBase; relative links inside the page keep it. */
export function previewFilesUrl({ baseUrl, path }: { baseUrl: string; path: string }): string {
  return baseUrl + path.split("/").filter(Boolean).map(encodeURIComponent).join("/");
}

function serverUrl({ url, path }: { url: string; path: string }): string {
  return url.replace(/\/+$/, "") + "/" + path.replace(/^\/+/, "");
}

/**
 * The right panel: a page of the project in an iframe. Saved files are served by the app with a CSP
 * sandbox, and the frame drops allow-same-origin too, so the page cannot act as the signed-in person.
 * A dev server started in WebContainer is shown at the URL it reported; with several, the toolbar
 * picks one by port, and one whose port closed is said to have stopped instead of showing a dead page.
 */
export function PreviewPanel({
  projectId,
  source,
  fileExists,
  servers,
  stopped,
  reloadToken,
  error,
  onNavigate,
  onShowServer,
  onShowFiles,
  onStopServer,
  onDismissError,
}: {
  projectId: string;
  source: PreviewSource;
  /** Whether the page `source.path` names is among the saved files (static previews only). */
  fileExists: boolean;
  /** The dev servers listening now (WebContainer), which can be shown instead of the files. */
  servers: { url: string; port: number }[];
  /** The server shown stopped listening. */
  stopped: boolean;
  /** Changes whenever the page should be loaded again (a save, a command that wrote files). */
  reloadToken: string;
  error: string | null;
  onNavigate: (path: string) => void;
  onShowServer: (url: string) => void;
  onShowFiles: () => void;
  /** Stops the shown server, when Run or the agent left it running in the background. */
  onStopServer: (() => void) | null;
  onDismissError: () => void;
}) {
  const [manualReloads, setManualReloads] = useState(0);
  const [draft, setDraft] = useState<string | null>(null);
  const shownPath = source.kind === "files" ? `/${source.path}` : `/${source.path.replace(/^\/+/, "")}`;
  const filesBase = usePreviewBase(projectId);
  const src = source.kind === "files" ? (filesBase ? previewFilesUrl({ baseUrl: filesBase, path: source.path }) : null) : serverUrl(source);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft !== null) onNavigate(draft.trim().replace(/^\/+/, ""));
    setDraft(null);
  };

  return (
    <section aria-label="Preview" className="flex h-full min-h-0 flex-col bg-neutral-950" data-testid="preview" data-source={source.kind}>
      <div className="flex h-9 shrink-0 items-center gap-1 border-b border-white/10 bg-neutral-900 px-2">
        <IconButton label="Reload the preview" onClick={() => setManualReloads((n) => n + 1)} data-testid="preview-reload">
          <svg width="14" height="14" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
            <path d="M13 8a5 5 0 1 1-1.5-3.6" strokeLinecap="round" />
            <path d="M13 2.5V5h-2.5" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </IconButton>
        <form className="min-w-0 flex-1" onSubmit={submit}>
          <input
            aria-label="Preview address"
            data-testid="preview-url"
            className="h-6 w-full rounded border border-white/10 bg-neutral-950 px-2 font-mono text-xs text-neutral-200 outline-none focus:border-sky-600"
            value={draft ?? shownPath}
            onChange={(event) => setDraft(event.target.value)}
            onBlur={() => setDraft(null)}
            spellCheck={false}
          />
        </form>
        {onStopServer && (
          <button
            type="button"
            className="h-6 shrink-0 rounded bg-white/10 px-2 text-xs text-neutral-200 hover:bg-red-900/60 hover:text-white"
            onClick={onStopServer}
            data-testid="preview-stop-server"
            title="Stop the dev server that Run or the agent left running"
          >
            Stop server
          </button>
        )}
        {(servers.length > 0 || source.kind === "server") && (
          <div className="flex shrink-0 overflow-hidden rounded border border-white/10 text-xs" role="group" aria-label="What the preview shows">
            <button
              type="button"
              className={cx("px-2 py-0.5", source.kind === "files" ? "bg-white/15 text-white" : "text-neutral-400 hover:text-white")}
              onClick={onShowFiles}
              data-testid="preview-show-files"
              title="Show the project's saved files as a static site"
            >
              Files
            </button>
            {servers.map((server) => (
              <button
                key={server.url}
                type="button"
                className={cx("px-2 py-0.5", source.kind === "server" && source.url === server.url ? "bg-white/15 text-white" : "text-neutral-400 hover:text-white")}
                onClick={() => onShowServer(server.url)}
                data-testid="preview-show-server"
                data-port={server.port}
                title={`Show the dev server on port ${server.port}`}
              >
                :{server.port}
              </button>
            ))}
            {source.kind === "server" && stopped && (
              <span className="bg-white/15 px-2 py-0.5 text-neutral-500 line-through" title={`The server on port ${source.port} stopped`}>
                :{source.port}
              </span>
            )}
          </div>
        )}
      </div>
      {error && (
        <div role="alert" className="flex items-start gap-2 border-b border-red-500/30 bg-red-950/60 px-3 py-1.5 text-xs text-red-200" data-testid="preview-error">
          <span className="min-w-0 flex-1 break-words">{error}</span>
          <button type="button" className="shrink-0 text-red-300 hover:text-white" onClick={onDismissError} aria-label="Dismiss the error">
            ×
          </button>
        </div>
      )}
      <div className="relative min-h-0 flex-1 bg-pure-white">
        {source.kind === "server" && stopped ? (
          <div className="absolute inset-0 flex flex-col items-center justify-center gap-2 bg-neutral-950 p-6 text-center text-sm text-neutral-400" data-testid="preview-server-stopped">
            <p>
              The server on port <code className="text-neutral-200">{source.port}</code> stopped.
            </p>
            <p className="text-xs">Start it again (Run, or the terminal), or show something else.</p>
            <div className="flex gap-2">
              <Button variant="ghost" className="h-7 text-xs" onClick={onShowFiles}>
                Show the saved files
              </Button>
              {servers.map((server) => (
                <Button key={server.url} variant="ghost" className="h-7 text-xs" onClick={() => onShowServer(server.url)}>
                  Show :{server.port}
                </Button>
              ))}
            </div>
          </div>
        ) : src === null ? (
          <div className="absolute inset-0 bg-neutral-950" data-testid="preview-loading" />
        ) : source.kind === "files" && !fileExists ? (
          <div className="absolute inset-0 flex flex-col items-center justify-center gap-2 bg-neutral-950 p-6 text-center text-sm text-neutral-400" data-testid="preview-empty">
            <p>
              <code className="text-neutral-200">{source.path}</code> is not in the project&apos;s saved files.
            </p>
            <p className="text-xs">Create and save it, or open an .html file and press Run.</p>
            {source.path !== "index.html" && (
              <Button variant="ghost" className="h-7 text-xs" onClick={() => onNavigate("index.html")}>
                Show index.html
              </Button>
            )}
          </div>
        ) : (
          <iframe
            key={`${src}#${reloadToken}#${manualReloads}`}
            title="Preview"
            src={src}
            className="absolute inset-0 h-full w-full border-0"
            data-testid="preview-frame"
            data-src={src}
            // Saved files: scripts run, but as an opaque origin (no allow-same-origin).
            {...(source.kind === "files"
              ? { sandbox: "allow-scripts allow-forms allow-modals" }
              : { allow: "cross-origin-isolated", sandbox: "allow-scripts allow-forms allow-modals allow-same-origin allow-popups" })}
          />
        )}
      </div>
    </section>
  );
}
