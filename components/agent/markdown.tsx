"use client";

import { memo, type ReactNode } from "react";
import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { cx } from "@/components/ui/cx";
import { CopyButton } from "./copy-button";
import { visibleText } from "./visible-text";

type HastNode = { type: string; value?: string; tagName?: string; properties?: Record<string, unknown>; children?: HastNode[] };

function textOf(node: HastNode | undefined): string {
  if (!node) return "";
  if (node.type === "text") return node.value ?? "";
  return (node.children ?? []).map(textOf).join("");
}

function languageOf(node: HastNode | undefined): string | null {
  const code = node?.children?.find((child) => child.tagName === "code");
  const classes = code?.properties?.className;
  const list = Array.isArray(classes) ? classes.map(String) : typeof classes === "string" ? classes.split(" ") : [];
  const language = list.find((name) => name.startsWith("language-"));
  return language ? language.slice("language-".length) : null;
}

function CodeBlock({ node, children }: { node: HastNode | undefined; children: ReactNode }) {
  const language = languageOf(node);
  const code = textOf(node).replace(/\n$/, "");
  return (
    <div className="group/code my-2 overflow-hidden rounded-md border border-white/10 bg-black/40" data-testid="agent-code-block">
      <div className="flex h-7 items-center justify-between border-b border-white/5 bg-white/[0.03] pr-1 pl-2.5">
        <span className="font-mono text-[10px] tracking-wide text-neutral-500 uppercase">{language ?? "text"}</span>
        <CopyButton text={code} />
      </div>
      <pre className="overflow-x-auto px-3 py-2 font-mono text-[12px] leading-relaxed text-neutral-200">{children}</pre>
    </div>
  );
}

const components: Components = {
  pre: ({ node, children }) => <CodeBlock node={node as HastNode | undefined}>{children}</CodeBlock>,
  code: ({ className, children }) =>
    className?.includes("language-") ? (
      <code className={className}>{children}</code>
    ) : (
      <code className="rounded bg-white/10 px-1 py-px font-mono text-[0.9em] text-sky-100 [pre_&]:bg-transparent [pre_&]:p-0 [pre_&]:text-inherit">
        {children}
      </code>
    ),
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noreferrer noopener" className="text-sky-400 underline decoration-sky-400/40 hover:decoration-sky-400">
      {children}
    </a>
  ),
  p: ({ children }) => <p className="my-2 first:mt-0 last:mb-0">{children}</p>,
  ul: ({ children, className }) => (
    <ul className={cx("my-2 list-disc space-y-1 pl-5", className?.includes("contains-task-list") && "list-none pl-1")}>{children}</ul>
  ),
  ol: ({ children, start }) => (
    <ol start={start} className="my-2 list-decimal space-y-1 pl-5">
      {children}
    </ol>
  ),
  li: ({ children }) => <li className="marker:text-neutral-500">{children}</li>,
  h1: ({ children }) => <h3 className="mt-4 mb-2 text-[15px] font-semibold text-white first:mt-0">{children}</h3>,
  h2: ({ children }) => <h4 className="mt-4 mb-2 text-[14px] font-semibold text-white first:mt-0">{children}</h4>,
  h3: ({ children }) => <h5 className="mt-3 mb-1.5 text-[13px] font-semibold text-white first:mt-0">{children}</h5>,
  h4: ({ children }) => <h6 className="mt-3 mb-1 text-[13px] font-semibold text-neutral-200 first:mt-0">{children}</h6>,
  blockquote: ({ children }) => <blockquote className="my-2 border-l-2 border-white/20 pl-3 text-neutral-400">{children}</blockquote>,
  hr: () => <hr className="my-3 border-white/10" />,
  table: ({ children }) => (
    <div className="my-2 overflow-x-auto rounded border border-white/10">
      <table className="w-full border-collapse text-[12px]">{children}</table>
    </div>
  ),
  th: ({ children, style }) => (
    <th style={style} className="border-b border-white/10 bg-white/5 px-2 py-1 text-left font-semibold">
      {children}
    </th>
  ),
  td: ({ children, style }) => (
    <td style={style} className="border-b border-white/5 px-2 py-1 align-top">
      {children}
    </td>
  ),
  input: ({ checked, type }) =>
    type === "checkbox" ? <input type="checkbox" checked={checked} readOnly disabled className="mr-1.5 align-middle" /> : null,
};

const plugins = [remarkGfm];

/**
 * The agent's text as GitHub-flavoured markdown. Raw HTML is not rendered and unsafe links are
 * dropped (react-markdown's defaults); code blocks get a copy button.
 */
export const MarkdownText = memo(function MarkdownText({ text, className }: { text: string; className?: string }) {
  return (
    <div className={cx("text-[13px] leading-relaxed break-words text-neutral-200", className)}>
      <Markdown remarkPlugins={plugins} components={components}>
        {visibleText(text)}
      </Markdown>
    </div>
  );
});
