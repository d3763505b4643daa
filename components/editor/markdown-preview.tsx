"use client";

import { createContext, memo, useContext, useEffect, useMemo, useState } from "react";
import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { markdownImageSource } from "@/lib/client/markdown-image-source";
import type { ProjectImage } from "@/lib/client/project-image-urls";
import type { ReadProjectImage } from "@/hooks/use-project-images";
import { cx } from "@/components/ui/cx";

/** The document being shown and how to read its project's pictures (none: every image shows its alt text). */
const DocumentContext = createContext<{ path: string; readImage: ReadProjectImage | null }>({ path: "", readImage: null });

function ImagePlaceholder({ alt, state, why, href }: { alt: string | undefined; state: string; why: string; href?: string }) {
  const label = alt ? `[${alt}]` : "[image]";
  const className = "rounded border border-dashed border-white/20 px-1 text-neutral-400";
  return href ? (
    <a href={href} target="_blank" rel="noreferrer noopener" title={why} data-testid="markdown-image" data-state={state} className={cx(className, "hover:text-neutral-200")}>
      {label}
    </a>
  ) : (
    <span title={why} data-testid="markdown-image" data-state={state} className={className}>
      {label}
    </span>
  );
}

/**
 * An image of the document. A picture in the project (a path relative to the document, or to the
 * project root with "/") is read through the project's file route and drawn from a blob: URL.
 * Remote http(s) pictures are not loaded: fetching them would tell their site who opened the
 * project and when (a README shared by link included); they show as their alt text, linked.
 */
function MarkdownImage({ src, alt }: { src: string | undefined; alt: string | undefined }) {
  const { path: documentPath, readImage } = useContext(DocumentContext);
  const source = useMemo(() => markdownImageSource({ documentPath, src: src ?? "" }), [documentPath, src]);
  const imagePath = source.kind === "project" ? source.path : null;
  const [loaded, setLoaded] = useState<{ path: string; image: ProjectImage } | null>(null);
  useEffect(() => {
    if (imagePath === null || readImage === null) return;
    let current = true;
    void readImage(imagePath).then((image) => current && setLoaded({ path: imagePath, image }));
    return () => {
      current = false;
    };
  }, [imagePath, readImage]);

  if (source.kind === "remote") return <ImagePlaceholder alt={alt} state="remote" href={source.url} why={`Not loaded: pictures from other sites are not fetched here. Open ${source.url}`} />;
  if (source.kind === "refused") return <ImagePlaceholder alt={alt} state="refused" why={source.reason} />;
  if (readImage === null) return <ImagePlaceholder alt={alt} state="unavailable" why={source.path} />;
  const image = loaded?.path === source.path ? loaded.image : null;
  if (image === null) return <ImagePlaceholder alt={alt} state="loading" why={`Reading ${source.path}…`} />;
  if ("error" in image) return <ImagePlaceholder alt={alt} state="missing" why={image.error} />;
  return (
    // eslint-disable-next-line @next/next/no-img-element -- a blob: URL of project bytes, not an asset next/image could optimise
    <img src={image.url} alt={alt ?? ""} title={source.path} data-testid="markdown-image" data-state="shown" data-path={source.path} className="inline max-w-full" />
  );
}

// Headings keep their level: this is a document, unlike a chat message.
const heading = "mt-6 mb-3 font-semibold text-neutral-100 first:mt-0";
const components: Components = {
  h1: ({ children }) => <h1 className={cx(heading, "border-b border-white/10 pb-1.5 text-2xl")}>{children}</h1>,
  h2: ({ children }) => <h2 className={cx(heading, "border-b border-white/10 pb-1 text-xl")}>{children}</h2>,
  h3: ({ children }) => <h3 className={cx(heading, "text-lg")}>{children}</h3>,
  h4: ({ children }) => <h4 className={cx(heading, "text-base")}>{children}</h4>,
  h5: ({ children }) => <h5 className={cx(heading, "text-sm")}>{children}</h5>,
  h6: ({ children }) => <h6 className={cx(heading, "text-sm text-neutral-400")}>{children}</h6>,
  p: ({ children }) => <p className="my-3">{children}</p>,
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noreferrer noopener" className="text-sky-400 underline decoration-sky-400/40 hover:decoration-sky-400">
      {children}
    </a>
  ),
  ul: ({ children, className }) => (
    <ul className={cx("my-3 list-disc space-y-1 pl-6", className?.includes("contains-task-list") && "list-none pl-1")}>{children}</ul>
  ),
  ol: ({ children, start }) => (
    <ol start={start} className="my-3 list-decimal space-y-1 pl-6">
      {children}
    </ol>
  ),
  li: ({ children }) => <li className="marker:text-neutral-500">{children}</li>,
  blockquote: ({ children }) => <blockquote className="my-3 border-l-4 border-white/20 pl-4 text-neutral-400">{children}</blockquote>,
  hr: () => <hr className="my-6 border-white/10" />,
  pre: ({ children }) => <pre className="my-3 overflow-x-auto rounded-md border border-white/10 bg-black/40 px-4 py-3 font-mono text-[12.5px] leading-relaxed">{children}</pre>,
  code: ({ className, children }) =>
    className?.includes("language-") ? (
      <code className={className}>{children}</code>
    ) : (
      <code className="rounded bg-white/10 px-1 py-px font-mono text-[0.9em] [pre_&]:bg-transparent [pre_&]:p-0">{children}</code>
    ),
  table: ({ children }) => (
    <div className="my-3 overflow-x-auto">
      <table className="border-collapse text-[13px]">{children}</table>
    </div>
  ),
  th: ({ children, style }) => (
    <th style={style} className="border border-white/15 bg-white/5 px-3 py-1.5 text-left font-semibold">
      {children}
    </th>
  ),
  td: ({ children, style }) => (
    <td style={style} className="border border-white/15 px-3 py-1.5 align-top">
      {children}
    </td>
  ),
  img: ({ src, alt }) => <MarkdownImage src={typeof src === "string" ? src : undefined} alt={alt} />,
  input: ({ checked, type }) =>
    type === "checkbox" ? <input type="checkbox" checked={checked} readOnly disabled className="mr-1.5 align-middle" /> : null,
};

const plugins = [remarkGfm];

/**
 * The Markdown file at `path` rendered as GitHub does (tables, task lists, the project's pictures);
 * raw HTML in it is left out, never run.
 */
export const MarkdownPreview = memo(function MarkdownPreview({ path, text, readImage }: { path: string; text: string; readImage: ReadProjectImage | null }) {
  const shown = useMemo(() => ({ path, readImage }), [path, readImage]);
  return (
    <article data-testid="markdown-preview" className="h-full overflow-auto px-8 py-6 text-sm leading-relaxed break-words text-neutral-200">
      <DocumentContext value={shown}>
        <Markdown remarkPlugins={plugins} components={components} skipHtml>
          {text}
        </Markdown>
      </DocumentContext>
    </article>
  );
});
