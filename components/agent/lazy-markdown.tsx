"use client";

import { lazy, Suspense } from "react";
import { cx } from "@/components/ui/cx";
import { visibleText } from "./visible-text";

// react-markdown, remark-gfm and their parsers (about 40 kB gzip) load with the first message that
// shows markdown, not with the IDE; until then the text shows as typed.
const Markdown = lazy(() => import("./markdown").then((m) => ({ default: m.MarkdownText })));

export function MarkdownText({ text, className }: { text: string; className?: string }) {
  return (
    <Suspense fallback={<div className={cx("text-[13px] leading-relaxed break-words whitespace-pre-wrap text-neutral-200", className)}>{visibleText(text)}</div>}>
      <Markdown text={text} className={className} />
    </Suspense>
  );
}
