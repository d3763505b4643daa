"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { describeError } from "@/lib/client/conflict";
import { getLockedPaths, setLockedPaths } from "@/lib/client/project-api";

const noLocks: ReadonlySet<string> = new Set();

/**
 * The project's locked paths (files and folders the agent may read but never change), with a toggle.
 * A toggle shows at once; writes go out one at a time, each with the whole list (PUT replaces it), and a
 * refused one puts back what the server holds.
 */
export function useAgentLocks({ projectId, enabled, onError }: { projectId: string; enabled: boolean; onError: (message: string) => void }) {
  const [lockedPaths, setLocked] = useState<ReadonlySet<string>>(noLocks);
  const desired = useRef<ReadonlySet<string>>(noLocks);
  const writing = useRef<Promise<unknown>>(Promise.resolve());
  const onErrorRef = useRef(onError);
  useEffect(() => {
    onErrorRef.current = onError;
  });

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    getLockedPaths(projectId).then(
      (paths) => {
        if (cancelled) return;
        desired.current = new Set(paths);
        setLocked(desired.current);
      },
      (error: unknown) => {
        if (!cancelled) onErrorRef.current(`Could not load the locked files: ${describeError({ error })}`);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [projectId, enabled]);

  const toggleLock = useCallback(
    (path: string) => {
      const next = new Set(desired.current);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      desired.current = next;
      setLocked(next);
      writing.current = writing.current.then(async () => {
        // Only the newest wish is sent; toggles made while a write was out are folded into it.
        if (desired.current !== next) return;
        try {
          const stored = new Set(await setLockedPaths(projectId, [...next]));
          if (desired.current === next) {
            desired.current = stored;
            setLocked(stored);
          }
        } catch (error) {
          onErrorRef.current(`Could not ${next.has(path) ? "lock" : "unlock"} ${path}: ${describeError({ error })}`);
          try {
            desired.current = new Set(await getLockedPaths(projectId));
            setLocked(desired.current);
          } catch {
            // The server is unreachable; the next toggle tries again.
          }
        }
      });
    },
    [projectId],
  );

  return { lockedPaths, toggleLock };
}
