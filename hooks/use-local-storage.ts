"use client";

import { useCallback, useSyncExternalStore } from "react";

// Values written in this page, so state keeps working when the browser refuses storage.
const memory = new Map<string, string | null>();
const listeners = new Set<() => void>();

function read(key: string): string | null {
  if (memory.has(key)) return memory.get(key) ?? null;
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  // Other tabs of the same site change the value too.
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

/**
 * A string kept in localStorage. The server render and hydration see null, then the stored value,
 * so the HTML always matches; every component using the same key stays in step.
 */
export function useLocalStorage(
  key: string,
): [string | null, (value: string | ((previous: string | null) => string)) => void] {
  const value = useSyncExternalStore(
    subscribe,
    () => read(key),
    () => null,
  );
  const write = useCallback(
    (value: string | ((previous: string | null) => string)) => {
      // An updater reads the value at call time, so two updates in one event both apply.
      const next = typeof value === "function" ? value(read(key)) : value;
      memory.set(key, next);
      try {
        localStorage.setItem(key, next);
      } catch {
        // Full or disabled: the value still lives in memory for this page.
      }
      for (const listener of listeners) listener();
    },
    [key],
  );
  return [value, write];
}
