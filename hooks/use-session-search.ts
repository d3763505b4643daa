"use client";

import { useEffect, useState } from "react";
import type { SessionSearchHit } from "@/lib/agent/session-page";
import type { AgentApi } from "@/lib/client/agent-api";
import { describeError } from "@/lib/client/conflict";

// Chats a search page brings, and how long typing pauses before it asks the server.
const pageSize = 20;
const debounceMs = 250;

export type SessionSearch =
  | { status: "idle" }
  | { status: "loading"; query: string }
  | { status: "ready"; query: string; hits: SessionSearchHit[]; nextCursor: string | null; loadingMore: boolean }
  | { status: "error"; query: string; message: string };

/**
 * Searches the caller's chats in the project on the server (title and message text) as `query`
 * changes, once typing pauses; `more` loads the next page. An empty query is idle.
 */
export function useSessionSearch({ projectId, api, query }: { projectId: string; api: AgentApi; query: string }) {
  const q = query.trim();
  const [search, setSearch] = useState<SessionSearch>({ status: "idle" });
  // A new query starts loading at once, so results of the previous one are never shown for it.
  const shownFor = search.status === "idle" ? "" : search.query;
  if (shownFor !== q) setSearch(q ? { status: "loading", query: q } : { status: "idle" });

  useEffect(() => {
    if (!q) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      api.searchSessions({ projectId, q, limit: pageSize }).then(
        (page) => !cancelled && setSearch({ status: "ready", query: q, hits: page.sessions, nextCursor: page.nextCursor, loadingMore: false }),
        (error: unknown) => !cancelled && setSearch({ status: "error", query: q, message: describeError({ error }) }),
      );
    }, debounceMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, projectId, q]);

  const more = () => {
    if (search.status !== "ready" || !search.nextCursor || search.loadingMore) return;
    const { query: asked, nextCursor } = search;
    setSearch({ ...search, loadingMore: true });
    const settle = (next: (previous: Extract<SessionSearch, { status: "ready" }>) => SessionSearch) =>
      setSearch((previous) => (previous.status === "ready" && previous.query === asked ? next(previous) : previous));
    api.searchSessions({ projectId, q: asked, cursor: nextCursor, limit: pageSize }).then(
      (page) => settle((previous) => ({ ...previous, hits: [...previous.hits, ...page.sessions], nextCursor: page.nextCursor, loadingMore: false })),
      (error: unknown) => settle(() => ({ status: "error", query: asked, message: describeError({ error }) })),
    );
  };

  return { search, more };
}
