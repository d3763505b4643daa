"use client";

import { useEffect, useRef } from "react";

/** Ctrl/Cmd+Shift+F, in the capture phase so it wins over Monaco and the browser, wherever the focus is. */
export function useSearchShortcut(onSearch: () => void) {
  const latest = useRef(onSearch);
  useEffect(() => {
    latest.current = onSearch;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || !event.shiftKey || event.altKey || event.code !== "KeyF") return;
      event.preventDefault();
      latest.current();
    };
    window.addEventListener("keydown", onKeyDown, { capture: true });
    return () => window.removeEventListener("keydown", onKeyDown, { capture: true });
  }, []);
}
