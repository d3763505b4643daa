"use client";

import { useCallback, useLayoutEffect, useState } from "react";

/**
 * A number remembered in localStorage. The first render uses the fallback so server and client HTML
 * agree; the stored value is applied before the browser paints the hydrated page.
 */
export function useStoredNumber({ key, fallback }: { key: string | undefined; fallback: number }) {
  const [value, setValue] = useState(fallback);

  useLayoutEffect(() => {
    if (!key) return;
    const stored = Number(readStorage(key));
    if (readStorage(key) !== null && Number.isFinite(stored)) setValue(stored);
  }, [key]);

  const persist = useCallback(
    (next: number) => {
      if (!key) return;
      try {
        localStorage.setItem(key, String(Math.round(next)));
      } catch {
        // Storage is full or disabled: the size still applies for this visit.
      }
    },
    [key],
  );

  return [value, setValue, persist] as const;
}

function readStorage(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
