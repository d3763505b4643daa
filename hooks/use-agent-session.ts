"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { describeError } from "@/lib/client/conflict";
import type { AgentApi, LoadedSession } from "@/lib/client/agent-api";

export type SessionLoad =
  | { status: "idle" }
  | { status: "loading"; sessionId: string }
  | { status: "error"; sessionId: string; message: string }
  /** `version` changes with each load from the server (not with reloads), so the chat can start afresh. */
  | { status: "ready"; sessionId: string; data: LoadedSession; version: number };

const startLoad = (sessionId: string | null): SessionLoad => (sessionId === null ? { status: "idle" } : { status: "loading", sessionId });

/**
 * One session with its messages and turns (GET …/sessions/:id), loaded when `sessionId` changes.
 * `seed` hands over a session the panel just created, so its first turn does not wait for a GET.
 */
export function useAgentSession({ projectId, sessionId, api }: { projectId: string; sessionId: string | null; api: AgentApi }) {
  const [load, setLoad] = useState<SessionLoad>(() => startLoad(sessionId));
  const versions = useRef(0);

  // A new session id starts a load, unless it is the session just seeded.
  const [shownFor, setShownFor] = useState(sessionId);
  if (shownFor !== sessionId) {
    setShownFor(sessionId);
    if (!(load.status === "ready" && load.sessionId === sessionId)) setLoad(startLoad(sessionId));
  }

  useEffect(() => {
    if (load.status !== "loading") return;
    const { sessionId: id } = load;
    let cancelled = false;
    const settle = (next: SessionLoad) =>
      setLoad((previous) => (!cancelled && previous.status === "loading" && previous.sessionId === id ? next : previous));
    api.getSession({ projectId, sessionId: id }).then(
      (data) => settle({ status: "ready", sessionId: id, data, version: ++versions.current }),
      (error: unknown) => settle({ status: "error", sessionId: id, message: describeError({ error }) }),
    );
    return () => {
      cancelled = true;
    };
  }, [api, projectId, load]);

  const seed = useCallback(
    (data: LoadedSession) => setLoad({ status: "ready", sessionId: data.session.id, data, version: ++versions.current }),
    [],
  );

  /** Loads the session again; resolves to it (or null when that failed), without a loading state. */
  const reload = useCallback(async (): Promise<LoadedSession | null> => {
    if (sessionId === null) return null;
    try {
      const data = await api.getSession({ projectId, sessionId });
      setLoad((previous) => (previous.status === "ready" && previous.sessionId === sessionId ? { ...previous, data } : previous));
      return data;
    } catch {
      return null;
    }
  }, [api, projectId, sessionId]);

  const retry = useCallback(() => setLoad(startLoad(sessionId)), [sessionId]);

  /** Applies a change to the loaded data (a session setting) without a round trip. */
  const update = useCallback((change: (data: LoadedSession) => LoadedSession) => {
    setLoad((previous) => (previous.status === "ready" ? { ...previous, data: change(previous.data) } : previous));
  }, []);

  return { load, seed, reload, retry, update };
}
