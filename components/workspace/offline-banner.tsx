"use client";

import { useSyncExternalStore } from "react";
import type { Connection } from "@/lib/client/offline-monitor";

type Readable<T> = { getState: () => T; subscribe: (listener: () => void) => () => void };

/**
 * Shown while the server cannot be reached: typing goes on, every keystroke is kept in this browser,
 * and the saves asked for meanwhile go out when the server answers again; so do uploads, which it
 * counts while they wait.
 */
export function OfflineBanner({ connection, waitingUploads, onRetry }: { connection: Readable<Connection>; waitingUploads: Readable<number>; onRetry: () => void }) {
  const state = useSyncExternalStore(connection.subscribe, connection.getState, connection.getState);
  const files = useSyncExternalStore(waitingUploads.subscribe, waitingUploads.getState, waitingUploads.getState);
  if (state.state === "online") return null;
  return (
    <div
      role="status"
      data-testid="offline-banner"
      className="flex items-center gap-3 border-b border-amber-500/30 bg-amber-950/60 px-3 py-1.5 text-xs text-amber-100"
    >
      <span className="min-w-0 flex-1">
        Offline — your changes are kept in this browser and will be saved when the server is back.
        {files > 0 && (
          <span data-testid="offline-uploads-waiting">
            {" "}
            {files === 1 ? "1 uploaded file waits" : `${files} uploaded files wait`} to be saved.
          </span>
        )}
      </span>
      <button type="button" className="shrink-0 rounded bg-white/10 px-2 py-0.5 hover:bg-white/20" onClick={onRetry} data-testid="offline-retry">
        Retry now
      </button>
    </div>
  );
}
