"use client";

import { useEffect, useState } from "react";
import type { ModelInfo } from "@/lib/agent/ui-types";
import { describeError } from "@/lib/client/conflict";
import type { AgentApi } from "@/lib/client/agent-api";

export type AgentModels = {
  models: ModelInfo[];
  defaultModel: string | null;
  /** True once the list is loaded and holds only the built-in offline agent. */
  offlineOnly: boolean;
  loading: boolean;
  error: string | null;
};

/** The models the server offers (GET /api/agent/models), loaded once per panel. */
export function useAgentModels({ api }: { api: AgentApi }): AgentModels & { reload: () => void } {
  const [state, setState] = useState<{ models: ModelInfo[]; defaultModel: string | null; error: string | null; loading: boolean }>({
    models: [],
    defaultModel: null,
    error: null,
    loading: true,
  });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    api.listModels().then(
      ({ models, defaultModel }) => {
        if (!cancelled) setState({ models, defaultModel, error: null, loading: false });
      },
      (error: unknown) => {
        if (!cancelled) setState((previous) => ({ ...previous, error: describeError({ error }), loading: false }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, attempt]);

  const offlineOnly = !state.loading && state.models.length > 0 && state.models.every((model) => model.provider === "offline");
  return { ...state, offlineOnly, reload: () => setAttempt((n) => n + 1) };
}
