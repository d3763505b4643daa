"use client";

import { useEffect, useState } from "react";

const clock = (seconds: number) => (seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, "0")} s`);

/**
 * How long the turn has run, ticking each second while it runs (the message footer shows the total
 * once it ends). `since` is when the server started it (a turn found running after a reload); the
 * moment this mounted counts otherwise, and when the server's clock runs ahead of this one.
 */
export function TurnElapsed({ since }: { since?: string }) {
  const [mounted] = useState(() => Date.now());
  const [now, setNow] = useState(mounted);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const started = since ? Math.min(Date.parse(since) || mounted, mounted) : mounted;
  const seconds = Math.floor((now - started) / 1000);
  return (
    <p className="mt-1 text-[11px] text-neutral-500" data-testid="agent-turn-elapsed" data-seconds={seconds}>
      Running for <span className="tabular-nums">{clock(Math.max(0, seconds))}</span>
    </p>
  );
}
