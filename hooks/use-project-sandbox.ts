"use client";

import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import type { ProjectApi } from "@/lib/client/project-api";
import { createProjectRuntime, initialRuntimeState, type ProjectRuntime, type ProjectRuntimeState } from "@/lib/client/project-runtime";
import { readBootTimeoutMs } from "@/lib/client/runtime-preference";
import type { Notifier, WorkspaceController } from "@/lib/client/workspace-controller";
import { pageWebContainer } from "@/lib/sandbox";

export type { RuntimeStatus, WebContainerState } from "@/lib/client/project-runtime";
export type ProjectSandbox = ProjectRuntimeState;

function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** The runtime the hook's effect created last, as an external store React can read during render. */
function createRuntimeHolder() {
  let runtime: ProjectRuntime | null = null;
  let unsubscribe = () => {};
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());
  return {
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    getState: (): ProjectRuntimeState => runtime?.getState() ?? initialRuntimeState,
    get: () => runtime,
    set(next: ProjectRuntime | null) {
      unsubscribe();
      runtime = next;
      unsubscribe = next ? next.subscribe(notify) : () => {};
      notify();
    },
  };
}

/**
 * The sandbox for the open project: the offline box at once, and WebContainer (seeded from the
 * project, kept in step with saves both ways) once it has booted in the background, when it is the
 * person's preference. See lib/client/project-runtime.ts.
 */
export function useProjectSandbox({
  projectId,
  controller,
  api,
  notify,
  enabled = true,
  boxPath,
}: {
  projectId: string;
  controller: WorkspaceController;
  api: ProjectApi;
  notify: Notifier;
  /** False where no runtime should start (dev pages on a fake API). */
  enabled?: boolean;
  /** Where the offline box is served, when not the project's own (a share link's visitor box). */
  boxPath?: string;
}) {
  const [holder] = useState(createRuntimeHolder);
  // Bumped to start again after no runtime could start.
  const [attempt, setAttempt] = useState(0);
  const state = useSyncExternalStore(holder.subscribe, holder.getState, () => initialRuntimeState);

  useEffect(() => {
    if (!enabled) return;
    const storage = browserStorage();
    const runtime = createProjectRuntime({
      projectId,
      controller,
      api,
      notify,
      storage,
      bootTimeoutMs: readBootTimeoutMs({ storage, buildValue: process.env.NEXT_PUBLIC_WEBCONTAINER_BOOT_TIMEOUT_MS }),
      backends: {
        box: () => import("@/lib/sandbox/box/client").then((module) => module.createBoxClient({ projectId, boxPath })),
        webcontainer: pageWebContainer,
      },
      reloadPage: () => window.location.reload(),
    });
    holder.set(runtime);
    runtime.start();
    return () => {
      if (holder.get() === runtime) holder.set(null);
      void runtime.dispose();
    };
  }, [holder, projectId, controller, api, notify, enabled, attempt, boxPath]);

  const switchRuntime = useCallback((kind: "webcontainer" | "box") => holder.get()?.switchRuntime(kind), [holder]);
  const retryWebContainer = useCallback(() => holder.get()?.retryWebContainer(), [holder]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const whenSynced = useCallback(async () => holder.get()?.whenSynced(), [holder]);
  const catchUp = useCallback(async () => (await holder.get()?.catchUp()) ?? false, [holder]);
  const flushSandboxChanges = useCallback(async () => holder.get()?.flushSandboxChanges(), [holder]);
  const holdSandboxSaves = useCallback(() => holder.get()?.holdSandboxSaves() ?? (() => {}), [holder]);
  const attributeSandboxSaves = useCallback((turnId: string) => holder.get()?.attributeSandboxSaves(turnId) ?? (() => {}), [holder]);
  const stopBackground = useCallback((id: number) => holder.get()?.stopBackground(id), [holder]);
  const fallBackToBox = useCallback(() => holder.get()?.fallBackToBox(), [holder]);
  const restartAfterCrash = useCallback(() => holder.get()?.restartAfterCrash(), [holder]);

  return {
    ...state,
    switchRuntime,
    retry,
    retryWebContainer,
    whenSynced,
    catchUp,
    flushSandboxChanges,
    holdSandboxSaves,
    attributeSandboxSaves,
    stopBackground,
    fallBackToBox,
    restartAfterCrash,
  };
}
