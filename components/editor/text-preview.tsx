"use client";

import { Eye } from "lucide-react";
import { lazy, Suspense } from "react";
import type { TextPreview as TextPreviewKind } from "@/lib/client/file-kind";
import type { ReadProjectImage } from "@/hooks/use-project-images";
import { cx } from "@/components/ui/cx";
import { ImagePreview } from "./image-preview";

/** The bar over a Markdown or SVG file that shows or hides its rendered view beside the source. */
export function TextPreviewToggle({ kind, shown, onToggle }: { kind: TextPreviewKind; shown: boolean; onToggle: () => void }) {
  return (
    <div className="flex h-8 shrink-0 items-center justify-end border-b border-white/10 px-2">
      <button
        type="button"
        data-testid="preview-toggle"
        aria-pressed={shown}
        title={shown ? "Hide the preview" : kind === "markdown" ? "Show the rendered Markdown beside the source" : "Show the picture beside the source"}
        onClick={onToggle}
        className={cx(
          "inline-flex h-6 items-center gap-1.5 rounded px-2 text-xs focus-visible:outline-2 focus-visible:outline-sky-500",
          shown ? "bg-sky-500/15 text-sky-300" : "text-neutral-300 hover:bg-white/10 hover:text-white",
        )}
      >
        <Eye aria-hidden="true" width={13} height={13} />
        Preview
      </button>
    </div>
  );
}

// The Markdown renderer (react-markdown, remark-gfm) loads when a preview first shows, not with the IDE.
const MarkdownPreview = lazy(() => import("./markdown-preview").then((m) => ({ default: m.MarkdownPreview })));

/** The rendered view of a text file: Markdown as a document (with the project's pictures), SVG as a picture. */
export function TextPreview({ kind, path, text, readImage }: { kind: TextPreviewKind; path: string; text: string; readImage: ReadProjectImage | null }) {
  if (kind === "markdown")
    return (
      <Suspense fallback={<p className="px-8 py-6 text-sm text-neutral-400">Rendering {path}…</p>}>
        <MarkdownPreview path={path} text={text} readImage={readImage} />
      </Suspense>
    );
  return <ImagePreview path={path} data={text} mime="image/svg+xml" label="SVG image" size={new TextEncoder().encode(text).length} />;
}
