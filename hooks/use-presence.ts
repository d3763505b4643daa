"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { presenceApi } from "@/lib/client/presence-api";
import type { HeadEvent, PresentTab } from "@/lib/head-channel/types";
import { presenceAvatars, type PresenceAvatar } from "@/lib/presence/avatars";
import { browserTabId } from "@/lib/presence/tab-id";

/** How a component listens to the project's head channel (lib/client/head-feed.ts: feed.subscribe). */
export type SubscribeHeadEvents = (listener: (event: HeadEvent) => void) => () => void;

/**
 * Who else has the project open, and which file each has in front: read from the `presence` events of
 * the head channel (no connection of its own: browsers allow only a few per host, across all tabs).
 * The head stream keeps this tab present while it is open (its URL carries the tab's id, the one used
 * here), so no timer is needed, and a long-hidden tab whose timers run once a minute stays shown; this
 * tab tells the server the file in front (`activePath`) when it changes and when it shows again, and
 * says goodbye when the page goes away.
 */
export function usePresence({
  projectId,
  activePath,
  subscribe,
  enabled = true,
}: {
  projectId: string;
  activePath: string | null;
  subscribe: SubscribeHeadEvents | null;
  /** Off: this tab is not announced (a share link's visitor is nobody on the project). */
  enabled?: boolean;
}): PresenceAvatar[] {
  // Server render has no tab; the id is only used in effects and to pick out this tab's own entry.
  const [clientId] = useState(() => browserTabId() ?? "");
  const [tabs, setTabs] = useState<PresentTab[]>([]);
  const path = useRef(activePath);
  // Beats and goodbyes go out one after another: a goodbye overtaken by the next beat would leave the
  // tab gone until the beat after (React's development mode mounts every effect twice).
  const [send] = useState(() => {
    let queue = Promise.resolve();
    return (request: () => Promise<void>) => {
      queue = queue.then(request).catch(() => {
        // A missed beat leaves the file shown one change behind; the open stream keeps the tab itself present.
      });
    };
  });

  useEffect(() => subscribe?.((event) => event.type === "presence" && setTabs(event.tabs)), [subscribe]);

  useEffect(() => {
    path.current = activePath;
    if (enabled) send(() => presenceApi.beat(projectId, { clientId, path: activePath }));
  }, [projectId, clientId, activePath, send, enabled]);

  useEffect(() => {
    if (!enabled) return;
    const beat = () => send(() => presenceApi.beat(projectId, { clientId, path: path.current }));
    // Sent at once, not queued: the page may be gone before the queue gets to it.
    const goodbye = () => void presenceApi.leave(projectId, clientId).catch(() => {});
    // A page restored from the back/forward cache is back without mounting again.
    const comeBack = (event: PageTransitionEvent) => event.persisted && beat();
    // A tab whose stream was down meanwhile (asleep, offline) may have expired.
    const shown = () => document.visibilityState === "visible" && beat();
    window.addEventListener("pagehide", goodbye);
    window.addEventListener("pageshow", comeBack);
    document.addEventListener("visibilitychange", shown);
    return () => {
      window.removeEventListener("pagehide", goodbye);
      window.removeEventListener("pageshow", comeBack);
      document.removeEventListener("visibilitychange", shown);
      send(() => presenceApi.leave(projectId, clientId));
    };
  }, [projectId, clientId, send, enabled]);

  return useMemo(() => presenceAvatars({ tabs, clientId }), [tabs, clientId]);
}
