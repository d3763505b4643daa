"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { presenceApi } from "@/lib/client/presence-api";
import type { HeadEvent, PresentTab } from "@/lib/head-channel/types";
import { presenceAvatars, type PresenceAvatar } from "@/lib/presence/avatars";
import { presenceHeartbeatMs } from "@/lib/presence/requests";

/** How a component listens to the project's head channel (lib/client/head-feed.ts: feed.subscribe). */
export type SubscribeHeadEvents = (listener: (event: HeadEvent) => void) => () => void;

/**
 * Who else has the project open, and which file each has in front: read from the `presence` events of
 * the head channel (no connection of its own: browsers allow only a few per host, across all tabs),
 * while this tab tells the server it is here, with `activePath` in front, every 15 s and at once when
 * that changes; it says goodbye when the page goes away.
 */
export function usePresence({
  projectId,
  activePath,
  subscribe,
}: {
  projectId: string;
  activePath: string | null;
  subscribe: SubscribeHeadEvents | null;
}): PresenceAvatar[] {
  const [clientId] = useState(newClientId);
  const [tabs, setTabs] = useState<PresentTab[]>([]);
  const path = useRef(activePath);
  // Beats and goodbyes go out one after another: a goodbye overtaken by the next beat would leave the
  // tab gone until the beat after (React's development mode mounts every effect twice).
  const [send] = useState(() => {
    let queue = Promise.resolve();
    return (request: () => Promise<void>) => {
      queue = queue.then(request).catch(() => {
        // A missed beat is made up by the next one; three missed in a row and the tab drops out.
      });
    };
  });

  useEffect(() => subscribe?.((event) => event.type === "presence" && setTabs(event.tabs)), [subscribe]);

  useEffect(() => {
    path.current = activePath;
    send(() => presenceApi.beat(projectId, { clientId, path: activePath }));
  }, [projectId, clientId, activePath, send]);

  useEffect(() => {
    const beat = () => send(() => presenceApi.beat(projectId, { clientId, path: path.current }));
    const timer = setInterval(beat, presenceHeartbeatMs);
    // Sent at once, not queued: the page may be gone before the queue gets to it.
    const goodbye = () => void presenceApi.leave(projectId, clientId).catch(() => {});
    // A page restored from the back/forward cache is back without mounting again.
    const comeBack = (event: PageTransitionEvent) => event.persisted && beat();
    // Chrome runs a long-hidden tab's timers once a minute, so its tab may have expired meanwhile.
    const shown = () => document.visibilityState === "visible" && beat();
    window.addEventListener("pagehide", goodbye);
    window.addEventListener("pageshow", comeBack);
    document.addEventListener("visibilitychange", shown);
    return () => {
      clearInterval(timer);
      window.removeEventListener("pagehide", goodbye);
      window.removeEventListener("pageshow", comeBack);
      document.removeEventListener("visibilitychange", shown);
      send(() => presenceApi.leave(projectId, clientId));
    };
  }, [projectId, clientId, send]);

  return useMemo(() => presenceAvatars({ tabs, clientId }), [tabs, clientId]);
}

/** A random id for this tab; crypto.randomUUID needs a secure context, getRandomValues does not. */
function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
