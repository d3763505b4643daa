import { formatBytes } from "@/lib/client/file-bytes";

/** Shown instead of the editor for files that are not UTF-8 text, so they are never saved as text. */
export function BinaryFileView({ path, size }: { path: string; size: number }) {
  return (
    <div data-testid="binary-file" data-path={path} className="flex h-full flex-col items-center justify-center gap-1 text-sm text-neutral-400">
      <p data-testid="binary-file-label">Binary file · {size} bytes</p>
      {size >= 1024 && <p className="text-xs text-neutral-500">{formatBytes({ size })}</p>}
      <p className="text-xs text-neutral-500">This file is not text and cannot be edited here.</p>
    </div>
  );
}
