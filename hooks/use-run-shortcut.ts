"use client";

import { useEffect, useRef } from "react";

/**
 * Ctrl/Cmd+Enter runs the active file wherever the focus is, caught in the capture phase and
 * stopped there, so Monaco (insert line) and the terminal (a newline) never see it.
 */
export function useRunShortcut({ onRun }: { onRun: () => void }) {
  const latest = useRef(onRun);
  useEffect(() => {
    latest.current = onRun;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || event.key !== "Enter") return;
      event.preventDefault();
      event.stopPropagation();
      if (!event.repeat) latest.current();
    };
    window.addEventListener("keydown", onKeyDown, { capture: true });
    return () => window.removeEventListener("keydown", onKeyDown, { capture: true });
  }, []);
}
