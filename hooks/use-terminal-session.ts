"use client";

import { useEffect, useState, useSyncExternalStore } from "react";
import { createTerminalSession } from "@/lib/client/terminal-session";
import type { Sandbox } from "@/lib/sandbox";

/**
 * The workspace's one terminal session, following the sandbox that is ready (null while none is);
 * `switchNote` is printed when that sandbox replaced another.
 */
export function useTerminalSession({ sandbox, switchNote }: { sandbox: Sandbox | null; switchNote: string | null }) {
  const [session] = useState(createTerminalSession);
  const state = useSyncExternalStore(session.subscribe, session.getState, session.getState);

  useEffect(() => {
    session.setSandbox(sandbox, { note: switchNote });
  }, [session, sandbox, switchNote]);
  useEffect(() => () => session.dispose(), [session]);

  return { session, state };
}
