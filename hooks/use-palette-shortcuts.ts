"use client";

import { useEffect, useRef } from "react";

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.closest(".monaco-editor") !== null);

/** Ctrl/Cmd+Shift+P opens the command palette; "?" (outside a text field) or Ctrl+K Ctrl+S the shortcuts sheet. */
export function usePaletteShortcuts({ onPalette, onShortcuts }: { onPalette: () => void; onShortcuts: () => void }) {
  const latest = useRef({ onPalette, onShortcuts });
  useEffect(() => {
    latest.current = { onPalette, onShortcuts };
  });
  useEffect(() => {
    let chord = false;
    const onKeyDown = (event: KeyboardEvent) => {
      const ctrl = event.ctrlKey || event.metaKey;
      if (ctrl && event.shiftKey && !event.altKey && event.code === "KeyP") {
        event.preventDefault();
        latest.current.onPalette();
      } else if (ctrl && !event.shiftKey && event.code === "KeyK") {
        chord = true;
        return;
      } else if (chord && ctrl && event.code === "KeyS") {
        event.preventDefault();
        event.stopPropagation();
        latest.current.onShortcuts();
      } else if (event.key === "?" && !ctrl && !typing(event.target)) {
        event.preventDefault();
        latest.current.onShortcuts();
      }
      chord = false;
    };
    window.addEventListener("keydown", onKeyDown, { capture: true });
    return () => window.removeEventListener("keydown", onKeyDown, { capture: true });
  }, []);
}
