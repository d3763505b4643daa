"use client";

import { useEffect, useRef } from "react";
import type { PanelName } from "@/components/workspace/ide-layout";

/**
 * Ctrl/Cmd+B: file tree, Ctrl/Cmd+J: terminal, Ctrl/Cmd+Alt+B: side panel (as in VS Code), caught in
 * the capture phase so they work with the focus in Monaco or the terminal too.
 */
export function useLayoutShortcuts(toggle: ((panel: PanelName) => void) | null) {
  const latest = useRef(toggle);
  useEffect(() => {
    latest.current = toggle;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.shiftKey) return;
      // `code` rather than `key`: it names the physical key, so non-Latin layouts work too.
      const panel: PanelName | null =
        event.code === "KeyB" ? (event.altKey ? "side" : "tree") : event.code === "KeyJ" && !event.altKey ? "bottom" : null;
      if (!panel || !latest.current) return;
      event.preventDefault();
      event.stopPropagation();
      latest.current(panel);
    };
    window.addEventListener("keydown", onKeyDown, { capture: true });
    return () => window.removeEventListener("keydown", onKeyDown, { capture: true });
  }, []);
}
