"use client";

import { useEffect, useRef, useState } from "react";
import { splitTruncationMarkers, type LiveOutput, type ToolResultView } from "@/lib/client/agent-message-view";
import { cx } from "@/components/ui/cx";
import { visibleText } from "./visible-text";

const preClass = "max-h-72 overflow-auto px-2.5 py-2 font-mono text-[11.5px] leading-[1.45] whitespace-pre-wrap break-words";

/** Text with its truncation markers ("[… 120 earlier characters cut …]") shown as labels, not output. */
function MarkedText({ text, className }: { text: string; className?: string }) {
  return (
    <span className={className}>
      {splitTruncationMarkers(text).map((segment, index) =>
        segment.marker ? (
          <span
            key={index}
            data-testid="agent-truncated"
            className="my-0.5 inline-block rounded bg-amber-500/10 px-1.5 py-px font-sans text-[10.5px] text-amber-300/90 italic"
          >
            {segment.text.replace(/^\[|\]$/g, "")}
          </span>
        ) : (
          <span key={index}>{visibleText(segment.text)}</span>
        ),
      )}
    </span>
  );
}

/** Keeps a scrolled box pinned to its end while it grows, unless the person scrolled up. */
function useFollowEnd<T extends HTMLElement>(content: unknown) {
  const ref = useRef<T>(null);
  const pinned = useRef(true);
  useEffect(() => {
    const element = ref.current;
    if (element && pinned.current) element.scrollTop = element.scrollHeight;
  }, [content]);
  const onScroll = () => {
    const element = ref.current;
    if (element) pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight < 16;
  };
  return { ref, onScroll };
}

/** Output streamed by a running command, stdout and stderr interleaved as they came. */
export function LiveOutputView({ output }: { output: LiveOutput }) {
  const { ref, onScroll } = useFollowEnd<HTMLPreElement>(output);
  return (
    <pre ref={ref} onScroll={onScroll} className={cx(preClass, "text-neutral-300")} data-testid="agent-live-output" aria-live="off">
      {output.dropped > 0 && (
        <span className="mb-1 block font-sans text-[10.5px] text-amber-300/90 italic" data-testid="agent-truncated">
          … {output.dropped.toLocaleString()} earlier characters not shown
        </span>
      )}
      {output.chunks.map((chunk, index) => (
        <span key={index} className={chunk.stream === "stderr" ? "text-red-300" : undefined}>
          {visibleText(chunk.text)}
        </span>
      ))}
    </pre>
  );
}

const exitCodeLabel = (code: number) => (code === 124 ? "timed out (124)" : code === 130 ? "interrupted (130)" : `exit ${code}`);

/** A finished call's result: its error in red, or a command's exit code and streams, or its text. */
export function ToolResultBody({ result }: { result: ToolResultView }) {
  const [wrap, setWrap] = useState(true);
  if (result.error !== null)
    return (
      <p className="px-2.5 py-2 text-[12px] whitespace-pre-wrap text-red-300" data-testid="agent-tool-error" role="status">
        {result.error}
      </p>
    );
  const empty = !result.stdout && !result.stderr && !result.text && result.value === null;
  return (
    <div data-testid="agent-tool-result">
      {result.exitCode !== null && (
        <div className="flex items-center gap-2 px-2.5 pt-2 text-[11px]">
          <span
            data-testid="agent-exit-code"
            data-exit-code={result.exitCode}
            className={cx(
              "rounded px-1.5 py-px font-mono",
              result.exitCode === 0 ? "bg-emerald-500/10 text-emerald-300" : "bg-red-500/15 text-red-300",
            )}
          >
            {exitCodeLabel(result.exitCode)}
          </span>
          {result.truncated && <span className="text-amber-300/90">output truncated</span>}
          <span className="flex-1" />
          {!empty && (
            <button type="button" className="text-neutral-500 hover:text-neutral-200" onClick={() => setWrap((w) => !w)}>
              {wrap ? "No wrap" : "Wrap"}
            </button>
          )}
        </div>
      )}
      {empty ? (
        // A denied call has only its note ("Denied: …"): it did nothing, so it is not "Done".
        result.note && result.exitCode === null ? null : (
          <p className="px-2.5 py-2 text-[11.5px] text-neutral-500 italic">{result.exitCode !== null ? "No output" : "Done"}</p>
        )
      ) : (
        <pre className={cx(preClass, !wrap && "whitespace-pre! break-normal!", "text-neutral-300")}>
          {result.stdout && <MarkedText text={result.stdout} />}
          {result.stdout && result.stderr && !result.stdout.endsWith("\n") && "\n"}
          {result.stderr && <MarkedText text={result.stderr} className="text-red-300" />}
          {result.text && <MarkedText text={result.text} />}
          {result.value !== null && (
            <span className="block text-sky-200" data-testid="agent-tool-value">
              <span className="text-neutral-500 select-none">⇒ </span>
              {visibleText(result.value)}
            </span>
          )}
        </pre>
      )}
      {result.note && (
        <p className={cx("px-2.5 pb-2 text-[11px] text-amber-300/90", empty && "pt-2")} data-testid="agent-tool-note">
          {result.note}
        </p>
      )}
    </div>
  );
}
