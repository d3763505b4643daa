import type { BinaryType } from "@/lib/client/file-kind";
import { formatBytes } from "@/lib/client/file-bytes";
import { baseName } from "@/lib/validation/paths";
import { DownloadButton } from "./download-button";
import { ImagePreview } from "./image-preview";

/**
 * Shown instead of the editor for files that are not UTF-8 text, so they are never saved as text:
 * images are drawn, anything else says what it is and offers a download.
 */
export function BinaryFileView({ path, size, type, bytes }: { path: string; size: number; type: BinaryType; bytes: Uint8Array | null }) {
  if (type.image && bytes) return <ImagePreview path={path} data={bytes} mime={type.mime} label={type.label} size={size} />;
  return (
    <div data-testid="binary-file" data-path={path} className="flex h-full flex-col items-center justify-center gap-1 px-6 text-center text-sm text-neutral-400">
      <p data-testid="binary-file-label" className="text-neutral-200">
        {type.label} · {formatBytes({ size })}
      </p>
      {size >= 1024 && <p className="text-xs text-neutral-400">{size.toLocaleString("en")} bytes</p>}
      <p className="text-xs text-neutral-400">This file is not text and cannot be edited here.</p>
      {bytes && <DownloadButton name={baseName(path)} data={bytes} mime={type.mime} className="mt-2" />}
    </div>
  );
}
