"use client";

import { memo } from "react";
import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { cx } from "@/components/ui/cx";

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
  // Pictures a README links by a path inside the project are not served to the page: their alt text says what is there.
  img: ({ src, alt }) =>
    typeof src === "string" && /^https?:\/\//i.test(src) ? (
      // eslint-disable-next-line @next/next/no-img-element -- a picture the document links to, at its own address
      <img src={src} alt={alt ?? ""} className="inline max-w-full" />
    ) : (
      <span className="rounded border border-dashed border-white/20 px-1 text-neutral-400">{alt ? `[${alt}]` : "[image]"}</span>
    ),
  input: ({ checked, type }) =>
    type === "checkbox" ? <input type="checkbox" checked={checked} readOnly disabled className="mr-1.5 align-middle" /> : null,
};

const plugins = [remarkGfm];

/** A Markdown file rendered as GitHub does (tables, task lists); raw HTML in it is left out, never run. */
export const MarkdownPreview = memo(function MarkdownPreview({ text }: { text: string }) {
  return (
    <article data-testid="markdown-preview" className="h-full overflow-auto px-8 py-6 text-sm leading-relaxed break-words text-neutral-200">
      <Markdown remarkPlugins={plugins} components={components} skipHtml>
        {text}
      </Markdown>
    </article>
  );
});
