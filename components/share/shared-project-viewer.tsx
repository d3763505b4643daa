"use client";

import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { sharedApi } from "@/lib/client/share-api";
import type { SharedProjectView } from "@/lib/share/view";
import type { FileEntry } from "@/lib/validation/projects";
import { ForkTarget, type ForkWorkspace } from "./fork-target";

/**
 * A project opened through a share link: its files and their text, read-only. A live link follows
 * the head (its head stream says when to read the listing again); a pinned one shows its snapshot.
 * Nothing here can save: the visitor forks to get a copy of their own to edit and run.
 */
export function SharedProjectViewer({
  token,
  view,
  initialFiles,
  workspaces,
  signInHref,
}: {
  token: string;
  view: SharedProjectView;
  /** The listing at `view.snapshotId`, read by the page. */
  initialFiles: FileEntry[];
  /** Where a signed-in visitor may fork to; null when signed out. */
  workspaces: ForkWorkspace[] | null;
  signInHref: string;
}) {
  const [snapshotId, setSnapshotId] = useState(view.snapshotId);
  const [files, setFiles] = useState(() => initialFiles.filter((e) => e.kind === "file"));
  const [selected, setSelected] = useState<string | null>(null);
  // The text read for one path at one snapshot; shown only while that is what is selected.
  const [read, setRead] = useState<{ key: string; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const listing = await sharedApi.listing(token);
      setSnapshotId(listing.snapshotId);
      setFiles(listing.entries.filter((e) => e.kind === "file"));
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [token]);

  useEffect(() => {
    if (view.pinned || typeof EventSource === "undefined") return;
    const source = new EventSource(sharedApi.headUrl(token, view.snapshotId));
    const reload = () => void load();
    source.addEventListener("head", reload);
    source.addEventListener("reload", reload);
    return () => source.close();
  }, [token, view.pinned, view.snapshotId, load]);

  useEffect(() => {
    if (!selected || !snapshotId || !files.some((f) => f.path === selected)) return;
    let current = true;
    const key = `${snapshotId} ${selected}`;
    sharedApi.readText(token, selected, snapshotId).then(
      (text) => current && setRead({ key, text }),
      (e: unknown) => current && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      current = false;
    };
  }, [token, selected, snapshotId, files]);

  return (
    <div className="flex h-screen flex-col bg-neutral-950 text-neutral-100">
      <header className="flex h-11 shrink-0 items-center gap-3 border-b border-white/10 px-3">
        <h1 data-testid="shared-project-name" className="truncate text-sm font-semibold">
          {view.projectName}
        </h1>
        <span data-testid="shared-mode" className="rounded bg-white/10 px-1.5 py-0.5 text-xs text-neutral-300">
          {view.pinned ? "Read-only · one snapshot" : "Read-only · live"}
        </span>
        <div className="flex-1" />
        {view.access === "fork" &&
          (workspaces ? (
            <ForkTarget workspaces={workspaces} onFork={(workspaceId) => sharedApi.fork(token, { workspaceId })} />
          ) : (
            <Link href={signInHref} className="text-xs text-sky-400 hover:underline" data-testid="sign-in-to-fork">
              Sign in to fork and run it
            </Link>
          ))}
      </header>
      {error && (
        <p role="alert" className="border-b border-red-500/30 bg-red-950/40 px-3 py-2 text-xs text-red-200">
          {error}
        </p>
      )}
      <div className="flex min-h-0 flex-1">
        <nav aria-label="Files" className="w-64 shrink-0 overflow-auto border-r border-white/10 py-2" data-testid="shared-files">
          {files.length === 0 && <p className="px-3 text-xs text-neutral-500">No files.</p>}
          {files.map((f) => (
            <button
              key={f.path}
              type="button"
              onClick={() => setSelected(f.path)}
              className={`block w-full truncate px-3 py-0.5 text-left font-mono text-xs ${f.path === selected ? "bg-white/10 text-white" : "text-neutral-300 hover:bg-white/5"}`}
            >
              {f.path}
            </button>
          ))}
        </nav>
        <main className="min-w-0 flex-1 overflow-auto">
          {selected ? (
            <pre data-testid="shared-file-text" className="p-3 font-mono text-xs whitespace-pre-wrap text-neutral-200">
              {read?.key === `${snapshotId} ${selected}` ? read.text : ""}
            </pre>
          ) : (
            <p className="p-3 text-sm text-neutral-400">
              Pick a file to read it. This view cannot change the project{view.access === "fork" ? "; fork it to edit and run your own copy" : ""}.
            </p>
          )}
        </main>
      </div>
    </div>
  );
}
