"use client";

import { useEffect, useRef } from "react";

type Shortcuts = { onSave: () => void; onSaveAll: () => void; onQuickOpen: () => void };

/**
 * Ctrl/Cmd+S, Ctrl/Cmd+Shift+S and Ctrl/Cmd+P, caught in the capture phase so they win over the
 * browser (save page, print) and over Monaco, wherever the focus is.
 */
export function useIdeShortcuts(shortcuts: Shortcuts) {
  const latest = useRef(shortcuts);
  useEffect(() => {
    latest.current = shortcuts;
  });

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      // `code` rather than `key`: it names the physical key, so non-Latin layouts work too.
      if (event.code === "KeyS") {
        event.preventDefault();
        if (event.shiftKey) latest.current.onSaveAll();
        else latest.current.onSave();
      } else if (event.code === "KeyP" && !event.shiftKey) {
        event.preventDefault();
        latest.current.onQuickOpen();
      }
    };
    window.addEventListener("keydown", onKeyDown, { capture: true });
    return () => window.removeEventListener("keydown", onKeyDown, { capture: true });
  }, []);
}
