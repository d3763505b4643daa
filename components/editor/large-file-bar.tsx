"use client";

import { formatBytes } from "@/lib/client/file-bytes";
import { textEditLimits } from "@/lib/client/file-kind";
import { baseName } from "@/lib/validation/paths";
import { DownloadButton } from "./download-button";

/** Says why a text file opened read-only: past the size or line count the editor takes for editing. */
export function LargeFileBar({ path, tooLarge, getText }: { path: string; tooLarge: { size: number; lines: number }; getText: (path: string) => string }) {
  const limit = tooLarge.size > textEditLimits.bytes ? formatBytes({ size: textEditLimits.bytes }) : `${textEditLimits.lines.toLocaleString("en")} lines`;
  return (
    <div role="status" data-testid="large-file-bar" className="flex shrink-0 items-center gap-3 border-b border-amber-500/30 bg-amber-500/10 px-3 py-1.5 text-xs text-amber-200">
      <span>
        {baseName(path)} is {formatBytes({ size: tooLarge.size })} in {tooLarge.lines.toLocaleString("en")} lines, over the {limit} this editor
        edits: it is shown read-only. Download it, or change it from the terminal.
      </span>
      <DownloadButton name={baseName(path)} data={getText(path)} mime="text/plain;charset=utf-8" className="ml-auto text-amber-100" />
    </div>
  );
}
