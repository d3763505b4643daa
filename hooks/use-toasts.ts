"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { Toast } from "@/components/ui/toast-stack";

const lifetimeByKind: Record<Toast["kind"], number> = { info: 4000, error: 10000 };

export function useToasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: number) => {
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
    setToasts((list) => list.filter((t) => t.id !== id));
  }, []);

  const show = useCallback(
    (kind: Toast["kind"], message: string) => {
      const id = nextId.current++;
      // The same message twice in a row (a retried save) replaces the first rather than stacking.
      setToasts((list) => [...list.filter((t) => t.message !== message).slice(-3), { id, kind, message }]);
      timers.current.set(id, setTimeout(() => dismiss(id), lifetimeByKind[kind]));
    },
    [dismiss],
  );

  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach(clearTimeout);
  }, []);

  return {
    toasts,
    dismiss,
    showError: useCallback((message: string) => show("error", message), [show]),
    showInfo: useCallback((message: string) => show("info", message), [show]),
  };
}
