"use client";

import { Download } from "lucide-react";
import { exportHref } from "@/lib/transfer/client-api";

/**
 * Download the project as a zip of its files, or as a git bundle of its whole history
 * (`git clone project.bundle`). Plain links: the browser streams the download itself.
 */
export function ExportMenu({ projectId, compact = false }: { projectId: string; compact?: boolean }) {
  return (
    <details className="relative" data-testid="export-menu">
      <summary
        className={`cursor-pointer list-none rounded px-2 ${compact ? "py-1 text-sm" : "h-7 py-1 text-xs"} text-neutral-300 hover:bg-white/10 hover:text-white`}
        data-testid="export-menu-button"
        title="Download this project"
      >
        <Download aria-hidden="true" width={14} height={14} className="inline align-[-2px]" />
        <span className={compact ? "ml-1" : "ml-1 max-lg:sr-only"}>Export</span>
      </summary>
      <div className="absolute right-0 z-30 mt-1 w-64 rounded border border-white/10 bg-neutral-900 p-1 text-sm shadow-lg">
        <a href={exportHref(projectId, "zip")} download data-testid="export-zip" className="block rounded px-3 py-2 text-neutral-200 hover:bg-white/10">
          Download as zip
          <span className="block text-xs text-neutral-500">The files as they are now</span>
        </a>
        <a href={exportHref(projectId, "git")} download data-testid="export-git" className="block rounded px-3 py-2 text-neutral-200 hover:bg-white/10">
          Download as git repository
          <span className="block text-xs text-neutral-500">A bundle with every snapshot: git clone project.bundle</span>
        </a>
      </div>
    </details>
  );
}
