"use client";

import { useCallback, useEffect, useState } from "react";
import type { TurnFileChange } from "@/lib/agent/ui-types";
import { describeError } from "@/lib/client/conflict";
import type { AgentApi, TurnChanges } from "@/lib/client/agent-api";

export type TurnChangesLoad =
  | { status: "loading" }
  | { status: "error"; message: string }
  | { status: "ready"; data: TurnChanges };

/** The files one turn changed, with their line counts and blob hashes (GET …/turns/:turnId/changes). */
export function useAgentTurnChanges({ projectId, turnId, api }: { projectId: string; turnId: string; api: AgentApi }) {
  const [load, setLoad] = useState<TurnChangesLoad>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    api.getTurnChanges({ projectId, turnId }).then(
      (data) => {
        if (!cancelled) setLoad({ status: "ready", data });
      },
      (error: unknown) => {
        if (!cancelled) setLoad({ status: "error", message: describeError({ error }) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, projectId, turnId, attempt]);

  const retry = useCallback(() => {
    setLoad({ status: "loading" });
    setAttempt((n) => n + 1);
  }, []);

  /** Records a decision on one file locally (the review route already stored it). */
  const setDecision = useCallback((path: string, decision: TurnFileChange["decision"]) => {
    setLoad((previous) =>
      previous.status === "ready"
        ? { ...previous, data: { ...previous.data, files: previous.data.files.map((f) => (f.path === path ? { ...f, decision } : f)) } }
        : previous,
    );
  }, []);

  return { load, retry, setDecision };
}
