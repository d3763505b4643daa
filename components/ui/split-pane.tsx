"use client";

import { useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from "react";
import { useLocalStorage } from "@/hooks/use-local-storage";
import { cx } from "./cx";

/**
 * Two panes with a draggable separator. One pane (`fixed`) has a size in pixels, the other takes the
 * rest, so resizing the window grows the flexible pane (the editor) rather than the side panels.
 */
export function SplitPane({
  direction,
  fixed,
  defaultSize,
  minSize,
  maxSize,
  minRest = 160,
  storageKey,
  children,
  testId,
  label,
}: {
  /** "row": panes side by side; "column": stacked. */
  direction: "row" | "column";
  fixed: "start" | "end";
  defaultSize: number;
  minSize: number;
  maxSize: number;
  /** The flexible pane never shrinks below this. */
  minRest?: number;
  storageKey?: string;
  children: [ReactNode, ReactNode];
  testId?: string;
  label: string;
}) {
  const [stored, store] = useLocalStorage(storageKey ?? "");
  const [unstoredSize, setUnstoredSize] = useState<number | null>(null);
  // While dragging, the size lives here; it is stored once, when the pointer is released.
  const [dragSize, setDragSize] = useState<number | null>(null);
  const storedSize = storageKey && stored ? Number(stored) : (unstoredSize ?? NaN);
  const size = dragSize ?? (Number.isFinite(storedSize) ? Math.min(maxSize, Math.max(minSize, storedSize)) : defaultSize);
  const persistSize = (next: number) => {
    if (storageKey) store(String(Math.round(next)));
    else setUnstoredSize(next);
  };
  const containerRef = useRef<HTMLDivElement>(null);
  const drag = useRef<{ start: number; size: number; pointerId: number } | null>(null);

  const clamp = (value: number) => {
    const total = containerRef.current?.getBoundingClientRect()[direction === "row" ? "width" : "height"] ?? Infinity;
    return Math.round(Math.max(minSize, Math.min(maxSize, total - minRest, value)));
  };
  const coordinate = (event: PointerEvent) => (direction === "row" ? event.clientX : event.clientY);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { start: coordinate(event), size, pointerId: event.pointerId };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const current = drag.current;
    if (!current || current.pointerId !== event.pointerId) return;
    const delta = coordinate(event) - current.start;
    setDragSize(clamp(current.size + (fixed === "start" ? delta : -delta)));
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    drag.current = null;
    event.currentTarget.releasePointerCapture(event.pointerId);
    persistSize(size);
    setDragSize(null);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const grow = direction === "row" ? "ArrowRight" : "ArrowDown";
    const shrink = direction === "row" ? "ArrowLeft" : "ArrowUp";
    if (event.key !== grow && event.key !== shrink) return;
    event.preventDefault();
    const step = (event.key === grow) === (fixed === "start") ? 24 : -24;
    persistSize(clamp(size + step));
  };

  const fixedPane = (
    <div className="relative min-h-0 min-w-0 shrink-0 overflow-hidden" style={{ flexBasis: size }}>
      {fixed === "start" ? children[0] : children[1]}
    </div>
  );
  const restPane = (
    <div className="relative min-h-0 min-w-0 flex-1 overflow-hidden">{fixed === "start" ? children[1] : children[0]}</div>
  );

  return (
    <div ref={containerRef} data-testid={testId} className={cx("flex h-full w-full min-h-0 min-w-0", direction === "column" && "flex-col")}>
      {fixed === "start" ? fixedPane : restPane}
      <div
        role="separator"
        aria-label={label}
        aria-orientation={direction === "row" ? "vertical" : "horizontal"}
        aria-valuenow={size}
        aria-valuemin={minSize}
        aria-valuemax={maxSize}
        tabIndex={0}
        data-testid={testId ? `${testId}-handle` : undefined}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onKeyDown={onKeyDown}
        onDoubleClick={() => persistSize(defaultSize)}
        className={cx(
          "relative z-10 shrink-0 bg-white/10 transition-colors hover:bg-sky-500/70 focus-visible:bg-sky-500 focus-visible:outline-none",
          // A 1px line with a wider invisible grab area around it.
          direction === "row"
            ? "w-px cursor-col-resize before:absolute before:inset-y-0 before:-left-1 before:w-[9px]"
            : "h-px cursor-row-resize before:absolute before:inset-x-0 before:-top-1 before:h-[9px]",
        )}
      />
      {fixed === "start" ? restPane : fixedPane}
    </div>
  );
}
