"use client";

import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import type { ProjectApi } from "@/lib/client/project-api";
import { createWorkspaceController, type Notifier } from "@/lib/client/workspace-controller";
import type { ProjectListing } from "@/lib/validation/projects";

export type SaveStatus = "saved" | "saving" | "unsaved";

/** Creates the workspace controller for one project and re-renders when its state changes. */
export function useWorkspaceController({
  projectId,
  initialListing,
  api,
  notify,
}: {
  projectId: string;
  initialListing: ProjectListing;
  api: ProjectApi;
  notify: Notifier;
}) {
  // The controller outlives renders; it reaches the latest callbacks through this ref.
  const notifyRef = useRef(notify);
  useEffect(() => {
    notifyRef.current = notify;
  });
  const [controller] = useState(() =>
    createWorkspaceController({
      projectId,
      initialListing,
      api,
      storage: typeof window === "undefined" ? null : safeLocalStorage(),
      notify: { error: (m) => notifyRef.current.error(m), info: (m) => notifyRef.current.info(m) },
    }),
  );
  const state = useSyncExternalStore(controller.store.subscribe, controller.store.getState, controller.store.getState);

  useEffect(() => controller.start(), [controller]);

  const anyDirty = Object.values(state.docs).some((doc) => doc.kind === "text" && doc.dirty);
  const saveStatus: SaveStatus = state.saving > 0 ? "saving" : anyDirty ? "unsaved" : "saved";
  return { controller, state, saveStatus };
}

function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    // Access throws when the user blocks site data.
    return null;
  }
}
