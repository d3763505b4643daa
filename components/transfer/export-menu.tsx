"use client";

import { Download } from "lucide-react";
import { Menu, MenuItem } from "@/components/ui/menu";
import { exportHref } from "@/lib/transfer/client-api";

/**
 * Download the project as a zip of its files, or as a git bundle of its whole history
 * (`git clone project.bundle`). Plain links: the browser streams the download itself.
 */
export function ExportMenu({ projectId, compact = false }: { projectId: string; compact?: boolean }) {
  return (
    <Menu
      testId="export-menu"
      className="w-64"
      trigger={
        <button
          type="button"
          className={`rounded px-2 ${compact ? "py-1 text-sm" : "h-7 py-1 text-xs"} text-neutral-300 hover:bg-white/10 hover:text-white data-[state=open]:bg-white/10`}
          data-testid="export-menu-button"
          title="Download this project"
        >
          <Download aria-hidden="true" width={14} height={14} className="inline align-[-2px]" />
          <span className={compact ? "ml-1" : "ml-1 max-lg:sr-only"}>Export</span>
        </button>
      }
    >
      <MenuItem asChild>
        <a href={exportHref(projectId, "zip")} download data-testid="export-zip">
          Download as zip
          <span className="block text-xs text-neutral-400">The files as they are now</span>
        </a>
      </MenuItem>
      <MenuItem asChild>
        <a href={exportHref(projectId, "git")} download data-testid="export-git">
          Download as git repository
          <span className="block text-xs text-neutral-400">A bundle with every snapshot: git clone project.bundle</span>
        </a>
      </MenuItem>
    </Menu>
  );
}
