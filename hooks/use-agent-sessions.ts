"use client";

import { useCallback, useEffect, useState } from "react";
import type { SessionSummary } from "@/lib/agent/ui-types";
import { describeError } from "@/lib/client/conflict";
import type { AgentApi } from "@/lib/client/agent-api";

const newestFirst = (a: SessionSummary, b: SessionSummary) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt);

/** The caller's agent sessions in this project, newest first; `upsert` applies a session the panel changed, `remove` one it deleted. */
export function useAgentSessions({ projectId, api }: { projectId: string; api: AgentApi }) {
  const [sessions, setSessions] = useState<SessionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const list = await api.listSessions({ projectId });
      setSessions([...list].sort(newestFirst));
      setError(null);
    } catch (error) {
      setError(describeError({ error }));
    }
  }, [api, projectId]);

  useEffect(() => {
    let cancelled = false;
    api.listSessions({ projectId }).then(
      (list) => {
        if (!cancelled) setSessions([...list].sort(newestFirst));
      },
      (error: unknown) => {
        if (cancelled) return;
        setSessions([]);
        setError(describeError({ error }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, projectId]);

  const upsert = useCallback((session: SessionSummary) => {
    setSessions((list) => [session, ...(list ?? []).filter((s) => s.id !== session.id)].sort(newestFirst));
  }, []);

  const remove = useCallback((sessionId: string) => {
    setSessions((list) => (list ?? []).filter((s) => s.id !== sessionId));
  }, []);

  return { sessions, error, refresh, upsert, remove };
}
