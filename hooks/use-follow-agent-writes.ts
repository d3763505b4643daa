"use client";

import { useEffect, useRef } from "react";
import type { AgentUIMessage } from "@/lib/agent/ui-types";
import { writtenFiles } from "@/lib/client/agent-follow-writes";

// A written file that has not reached the listing by then (deleted again, or the head channel is
// down) is no longer waited for, so it does not pop open much later.
const waitMs = 30_000;

/**
 * With `on`, opens in the editor each file the agent writes, as its call finishes: once the file is
 * in the project's listing (`filePaths`), since the editor loads files from there. Calls the chat
 * showed when it opened, and those finished while `on` was off, are never opened.
 */
export function useFollowAgentWrites({
  messages,
  filePaths,
  on,
  openFile,
}: {
  messages: readonly AgentUIMessage[];
  filePaths: readonly string[];
  on: boolean;
  openFile: ((path: string) => void) | undefined;
}) {
  const seen = useRef<Set<string> | null>(null);
  const waiting = useRef(new Map<string, number>());

  useEffect(() => {
    const first = seen.current === null;
    seen.current ??= new Set();
    const { ids, paths } = writtenFiles({ messages, seen: seen.current });
    for (const id of ids) seen.current.add(id);
    if (first || !on || !openFile) return;
    const now = Date.now();
    for (const path of paths) {
      waiting.current.delete(path);
      waiting.current.set(path, now);
    }
  }, [messages, on, openFile]);

  // After every render: the listing or the messages may have brought a waited-for file.
  useEffect(() => {
    if (!on || !openFile) {
      waiting.current.clear();
      return;
    }
    if (waiting.current.size === 0) return;
    const listed = new Set(filePaths);
    const now = Date.now();
    for (const [path, since] of waiting.current) {
      if (listed.has(path)) {
        waiting.current.delete(path);
        openFile(path);
      } else if (now - since > waitMs) waiting.current.delete(path);
    }
  });
}
