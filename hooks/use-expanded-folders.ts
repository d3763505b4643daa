"use client";

import { useCallback, useMemo } from "react";
import { remapPath } from "@/lib/client/path-remap";
import { isSameOrInside, parentOf } from "@/lib/validation/paths";
import { useLocalStorage } from "./use-local-storage";

function parsePaths(raw: string | null): ReadonlySet<string> {
  if (!raw) return new Set();
  try {
    const parsed: unknown = JSON.parse(raw);
    return new Set(Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === "string") : []);
  } catch {
    return new Set();
  }
}

/** Which folders of the tree are open, remembered per project in localStorage. */
export function useExpandedFolders({ storageKey }: { storageKey: string }) {
  const [raw, store] = useLocalStorage(storageKey);
  const expanded = useMemo(() => parsePaths(raw), [raw]);

  const update = useCallback(
    (change: (current: Set<string>) => Set<string>) =>
      store((previous) => JSON.stringify([...change(new Set(parsePaths(previous)))].sort())),
    [store],
  );

  const toggle = useCallback(
    (path: string, open?: boolean) =>
      update((set) => {
        if (open ?? !set.has(path)) set.add(path);
        else set.delete(path);
        return set;
      }),
    [update],
  );

  /** Opens every folder above `path` (and `path` itself when `self` is set). */
  const reveal = useCallback(
    (path: string, { self = false }: { self?: boolean } = {}) =>
      update((set) => {
        for (let dir = self ? path : parentOf(path); dir !== ""; dir = parentOf(dir)) set.add(dir);
        return set;
      }),
    [update],
  );

  const applyMove = useCallback(
    (from: string, to: string) => update((set) => new Set([...set].map((path) => remapPath({ path, from, to }) ?? path))),
    [update],
  );

  const applyDelete = useCallback(
    (target: string) => update((set) => new Set([...set].filter((path) => !isSameOrInside(path, target)))),
    [update],
  );

  const collapseAll = useCallback(() => update(() => new Set()), [update]);

  return { expanded, toggle, reveal, applyMove, applyDelete, collapseAll };
}
