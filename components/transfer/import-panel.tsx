"use client";

import { useRef, useState, type DragEvent } from "react";
import { describeError } from "@/lib/client/conflict";
import { filesFromDrop, transferApi, type FolderFile } from "@/lib/transfer/client-api";
import type { ProjectSummary } from "@/lib/validation/projects";
import { Button } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/error-banner";

/**
 * Imports a zip, a git bundle (its history kept) or a folder (picked or dropped) as a new project in
 * the workspace shown, then hands the project over (the dashboard opens it).
 */
export function ImportPanel({ workspaceId, onImported }: { workspaceId?: string; onImported: (project: ProjectSummary) => void }) {
  const archiveInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [over, setOver] = useState(false);

  const run = async (label: string, work: () => Promise<ProjectSummary>) => {
    setBusy(label);
    setError(null);
    try {
      onImported(await work());
    } catch (err) {
      setError(`Could not import ${label}: ${describeError({ error: err })}`);
    } finally {
      setBusy(null);
    }
  };
  const importArchive = (file: File) => run(`"${file.name}"`, () => transferApi.importArchive(file, workspaceId));
  const importFolder = (files: FolderFile[]) => {
    if (files.length === 0) return setError("The folder is empty: there is nothing to import");
    return run(`"${files[0]!.path.split("/")[0]}"`, () => transferApi.importFolder(files, workspaceId));
  };

  const onDrop = async (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const items = event.dataTransfer.items;
    const only = items.length === 1 ? items[0]!.webkitGetAsEntry() : null;
    if (only?.isFile && /\.(zip|bundle|git)$/i.test(only.name)) return importArchive(event.dataTransfer.files[0]!);
    await importFolder(await filesFromDrop(items));
  };

  return (
    <section
      data-testid="import-panel"
      aria-busy={busy !== null}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => void onDrop(e)}
      className={`mt-4 rounded border border-dashed px-4 py-3 text-sm ${over ? "border-sky-400 bg-sky-500/10" : "border-white/15"}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-neutral-400">{busy ? `Importing ${busy}…` : "Import a project: drop a folder, a zip or a git bundle here, or"}</span>
        <Button variant="secondary" className="h-7 px-2 text-xs" disabled={busy !== null} onClick={() => archiveInput.current?.click()} data-testid="import-archive">
          Choose zip or bundle…
        </Button>
        <Button variant="secondary" className="h-7 px-2 text-xs" disabled={busy !== null} onClick={() => folderInput.current?.click()} data-testid="import-folder">
          Choose folder…
        </Button>
      </div>
      <input
        ref={archiveInput}
        type="file"
        accept=".zip,.bundle,.git,application/zip"
        hidden
        data-testid="import-archive-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = "";
          if (file) void importArchive(file);
        }}
      />
      <input
        ref={folderInput}
        type="file"
        hidden
        multiple
        data-testid="import-folder-input"
        // Not in React's types; the browser picks a folder and names each file's path within it.
        {...{ webkitdirectory: "" }}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
          e.target.value = "";
          void importFolder(files);
        }}
      />
      {error && <ErrorBanner className="mt-2" testId="import-error" message={error} onDismiss={() => setError(null)} />}
    </section>
  );
}
