"use client";

import { useRef, useState } from "react";
import { useObjectUrlSource } from "@/hooks/use-object-url";
import { formatBytes } from "@/lib/client/file-bytes";
import { baseName } from "@/lib/validation/paths";
import { DownloadButton } from "./download-button";

/**
 * An image file drawn from a blob URL, with its dimensions, size and type. SVG text comes here
 * too and is drawn as a picture in an <img>, never put into the page as markup.
 */
export function ImagePreview({ path, data, mime, label, size }: { path: string; data: Uint8Array | string; mime: string; label: string; size: number }) {
  const image = useRef<HTMLImageElement>(null);
  useObjectUrlSource({ ref: image, data, mime });
  // What the browser made of the current bytes; cleared when they change.
  const [drawn, setDrawn] = useState<{ data: Uint8Array | string; width: number; height: number } | { data: Uint8Array | string; failed: true } | null>(null);
  const current = drawn?.data === data ? drawn : null;
  return (
    <div data-testid="image-preview" data-path={path} className="flex h-full min-h-0 flex-col">
      <div className="flex shrink-0 items-center gap-3 border-b border-white/10 px-3 py-1.5 text-xs text-neutral-400">
        <span data-testid="image-preview-info" className="min-w-0 truncate">
          {label} · {current && "width" in current ? `${current.width} × ${current.height} px · ` : ""}
          {formatBytes({ size })}
        </span>
        <DownloadButton name={baseName(path)} data={data} mime={mime} className="ml-auto" />
      </div>
      <div className="flex min-h-0 flex-1 items-center justify-center overflow-auto bg-[repeating-conic-gradient(var(--color-neutral-800)_0%_25%,var(--color-neutral-900)_0%_50%)] bg-[length:16px_16px] p-4">
        {current && "failed" in current && (
          <p data-testid="image-preview-error" className="text-sm text-red-300">
            This image could not be drawn: its bytes are damaged or in a form this browser does not read. Download it to open it elsewhere.
          </p>
        )}
        {/* eslint-disable-next-line @next/next/no-img-element -- a blob: URL of project bytes, not an asset next/image could optimise */}
        <img
          ref={image}
          alt={baseName(path)}
          data-testid="image-preview-img"
          hidden={current !== null && "failed" in current}
          className="max-h-full max-w-full object-contain"
          onLoad={(event) => setDrawn({ data, width: event.currentTarget.naturalWidth, height: event.currentTarget.naturalHeight })}
          onError={() => setDrawn({ data, failed: true })}
        />
      </div>
    </div>
  );
}
