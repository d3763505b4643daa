"use client";

import { useCallback, useEffect, useLayoutEffect, useState } from "react";
import { remapPath } from "@/lib/client/path-remap";
import { isSameOrInside, parentOf } from "@/lib/validation/paths";

/** Which folders of the tree are open, remembered per project in localStorage. */
export function useExpandedFolders({ storageKey }: { storageKey: string }) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [loaded, setLoaded] = useState(false);

  useLayoutEffect(() => {
    try {
      const raw = localStorage.getItem(storageKey);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      if (Array.isArray(parsed)) setExpanded(new Set(parsed.filter((p): p is string => typeof p === "string")));
    } catch {
      // Unreadable or blocked storage: start with everything collapsed.
    }
    setLoaded(true);
  }, [storageKey]);

  useEffect(() => {
    if (!loaded) return;
    try {
      localStorage.setItem(storageKey, JSON.stringify([...expanded]));
    } catch {
      // Not remembering folder state is harmless.
    }
  }, [expanded, loaded, storageKey]);

  const toggle = useCallback((path: string, open?: boolean) => {
    setExpanded((current) => {
      const next = new Set(current);
      if (open ?? !next.has(path)) next.add(path);
      else next.delete(path);
      return next;
    });
  }, []);

  /** Opens every folder above `path` (and `path` itself when `self` is set). */
  const reveal = useCallback((path: string, { self = false }: { self?: boolean } = {}) => {
    setExpanded((current) => {
      const next = new Set(current);
      let dir = self ? path : parentOf(path);
      while (dir !== "") {
        next.add(dir);
        dir = parentOf(dir);
      }
      return next.size === current.size ? current : next;
    });
  }, []);

  const applyMove = useCallback((from: string, to: string) => {
    setExpanded((current) => new Set([...current].map((path) => remapPath({ path, from, to }) ?? path)));
  }, []);

  const applyDelete = useCallback((target: string) => {
    setExpanded((current) => new Set([...current].filter((path) => !isSameOrInside(path, target))));
  }, []);

  const collapseAll = useCallback(() => setExpanded(new Set()), []);

  return { expanded, toggle, reveal, applyMove, applyDelete, collapseAll };
}
