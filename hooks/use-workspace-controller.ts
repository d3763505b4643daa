"use client";

import { useEffect, useState, useSyncExternalStore } from "react";
import { createHeadFeed } from "@/lib/client/head-feed";
import { historyApi } from "@/lib/client/history-api";
import { savedTabsKey } from "@/lib/client/local-keys";
import { browserDraftStore } from "@/lib/client/offline-draft-store";
import { writeOpenFileCookie } from "@/lib/client/open-file-cookie";
import { browserUploadStore } from "@/lib/client/offline-upload-store";
import type { ProjectApi } from "@/lib/client/project-api";
import { createWorkspaceController, type Notifier } from "@/lib/client/workspace-controller";
import type { InitialFile } from "@/lib/client/workspace-state";
import type { ProjectListing } from "@/lib/validation/projects";

export type SaveStatus = "saved" | "saving" | "unsaved";

/**
 * Creates the workspace controller for one project, follows the project's head channel, and
 * re-renders when its state changes.
 */
export function useWorkspaceController({
  projectId,
  userId,
  initialListing,
  initialFile = null,
  api,
  notify,
  headPath,
  readOnly = false,
}: {
  projectId: string;
  /** Whose open tabs to restore and keep; without one, tabs are not kept. */
  userId?: string;
  initialListing: ProjectListing;
  /** The file the page was rendered with (lib/projects/initial-file.ts). */
  initialFile?: InitialFile | null;
  api: ProjectApi;
  notify: Notifier;
  /** Where the head stream is, when not the project's own route (a share link); null: no stream (a pinned link). */
  headPath?: string | null;
  /** Nothing is edited, so no drafts are restored or kept (a share link's visitor). */
  readOnly?: boolean;
}) {
  const [controller] = useState(() =>
    createWorkspaceController({
      projectId,
      initialListing,
      initialFile,
      api,
      storage: typeof window === "undefined" || readOnly ? null : safeLocalStorage(),
      // IndexedDB: every keystroke is kept, also while the server is unreachable, beyond localStorage's 5 MB.
      draftStore: readOnly ? null : browserDraftStore(),
      // Uploads the server could not take wait there too, files and all, until it is back.
      uploadStore: readOnly ? null : browserUploadStore(),
      tabsKey: userId ? savedTabsKey({ projectId, userId }) : null,
      // Renames since the last visit come from the history's diff (moves are found by content).
      movesSince: (from, to) =>
        historyApi.diff(projectId, to, from).then((diff) => diff.files.flatMap((file) => (file.change === "moved" ? [{ from: file.from, to: file.path }] : []))),
      notify,
    }),
  );
  // The controller outlives renders; hand it the latest callbacks.
  useEffect(() => controller.setNotifier(notify), [controller, notify]);
  const state = useSyncExternalStore(controller.store.subscribe, controller.store.getState, controller.store.getState);

  useEffect(() => controller.start(), [controller]);
  // The server shows this file at once on the next visit (lib/client/open-file-cookie.ts).
  useEffect(() => {
    if (userId !== undefined && !readOnly) writeOpenFileCookie({ userId, projectId, path: state.active });
  }, [readOnly, userId, projectId, state.active]);
  // Every head move (another tab or person, the agent, a box command) reaches this page live. The
  // page's one stream: presence (hooks/use-presence.ts) subscribes to the same feed.
  const [feed] = useState(() =>
    typeof EventSource === "undefined" || headPath === null
      ? null
      : createHeadFeed({ projectId, path: headPath, tab: headPath === undefined ? undefined : null }),
  );
  useEffect(() => (feed ? controller.followHead(feed) : undefined), [controller, feed]);

  const anyDirty = Object.values(state.docs).some((doc) => doc.kind === "text" && doc.dirty);
  const saveStatus: SaveStatus = state.saving > 0 ? "saving" : anyDirty ? "unsaved" : "saved";
  return { controller, state, saveStatus, subscribeHead: feed?.subscribe ?? null };
}

function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    // Access throws when the user blocks site data.
    return null;
  }
}
