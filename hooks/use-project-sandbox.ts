"use client";

import { useCallback, useEffect, useState } from "react";
import { describeError } from "@/lib/client/conflict";
import { createPathBatcher } from "@/lib/client/path-batcher";
import type { ProjectApi } from "@/lib/client/project-api";
import { parseRuntimeChoice, readBootTimeoutMs, runtimePreferenceKey } from "@/lib/client/runtime-preference";
import { readSeedFiles } from "@/lib/client/sandbox-seed";
import type { SeedSource } from "@/lib/sandbox";
import { createWebContainerSync, type WebContainerSync } from "@/lib/client/sandbox-sync";
import type { Notifier, WorkspaceController } from "@/lib/client/workspace-controller";
import type { RuntimeChoice, Sandbox, SandboxStatus, UnavailableReason } from "@/lib/sandbox";

/** What the runtime indicator shows: the sandbox's own status, or that it could not be started at all. */
export type RuntimeStatus =
  | { state: "booting"; detail?: string }
  | { state: "ready" }
  | { state: "crashed"; message: string }
  | { state: "failed"; message: string };

export type ProjectSandbox = {
  sandbox: Sandbox | null;
  /** The runtime starting or running; null until the browser has read the person's preference. */
  runtime: RuntimeChoice | null;
  /** The runtime the person chose (remembered in localStorage). */
  preferred: RuntimeChoice | null;
  status: RuntimeStatus;
  /** Set when WebContainer was preferred but could not run here, with the reason to show. */
  webcontainerUnavailable: { reason: UnavailableReason; message: string } | null;
  /** The newest dev server WebContainer reported. */
  server: { port: number; url: string } | null;
  serverError: { message: string; at: number } | null;
};

type State = Omit<ProjectSandbox, "preferred"> & { preferred: RuntimeChoice | null };

const initialState: State = {
  sandbox: null,
  runtime: null,
  preferred: null,
  status: { state: "booting", detail: "Starting the runtime" },
  webcontainerUnavailable: null,
  server: null,
  serverError: null,
};

const watcherLagMs = 150;

// One sandbox at a time per page: a new load waits until the previous sandbox is disposed
// (WebContainer allows one instance per page, and a switch must not race the old runtime).
let previousLoad: Promise<void> = Promise.resolve();

function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function toRuntimeStatus(status: SandboxStatus): RuntimeStatus {
  switch (status.state) {
    case "ready":
      return { state: "ready" };
    case "booting":
      return { state: "booting", detail: status.detail };
    case "crashed":
      return { state: "crashed", message: status.message };
    case "unavailable":
      return { state: "failed", message: status.message };
    case "disposed":
      return { state: "failed", message: "The runtime was closed; reload the page to start it again." };
  }
}

/**
 * The sandbox for the open project: WebContainer (seeded from the project, kept in step with saves
 * both ways) or the offline box (which saves on the server; the listing is reloaded after its
 * commands), chosen by the person's remembered preference, with a fallback to the box.
 */
export function useProjectSandbox({
  projectId,
  controller,
  api,
  notify,
  enabled = true,
}: {
  projectId: string;
  controller: WorkspaceController;
  api: ProjectApi;
  notify: Notifier;
  /** False where no runtime should start (dev pages on a fake API). */
  enabled?: boolean;
}) {
  const [state, setState] = useState<State>(initialState);
  // Bumped to load again: a switch of runtime, or a retry after a failure.
  const [request, setRequest] = useState<{ preferred: RuntimeChoice | null; attempt: number }>({ preferred: null, attempt: 0 });
  const [sync, setSync] = useState<WebContainerSync | null>(null);

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    let sandbox: Sandbox | null = null;
    const cleanups: Array<() => void> = [];
    const storage = browserStorage();
    const preferred = request.preferred ?? parseRuntimeChoice(storage?.getItem(runtimePreferenceKey));
    const update = (patch: Partial<State>) => {
      if (!cancelled) setState((current) => ({ ...current, ...patch }));
    };
    const waitFor = previousLoad;
    let release!: () => void;
    previousLoad = new Promise<void>((resolve) => (release = resolve));

    const load = async () => {
      update({ ...initialState, preferred, runtime: preferred });
      await waitFor;
      if (cancelled) return;

      let webcontainerSync: WebContainerSync | null = null;
      let files: SeedSource = [];
      if (preferred === "webcontainer") {
        // Subscribed before the files are read: saves made while it boots are written once it is up.
        webcontainerSync = createWebContainerSync({
          getListing: () => controller.store.getState().listing,
          save: ({ changes, baseSnapshotId }) =>
            controller.saveSandboxChanges({ changes, baseSnapshotId, message: "Files changed by the running project" }),
          readFile: ({ path, snapshotId }) => api.readBytes(projectId, path, snapshotId),
          notify,
        });
        const syncing = webcontainerSync;
        cleanups.push(
          controller.onSaved((saved) => {
            if (saved.origin === "ide") syncing.applySaved(saved.changes);
          }),
          // Changes saved elsewhere (the agent's tool calls, another tab) reach it when the listing is reloaded.
          controller.onListingChanged((change) => syncing.applyListing(change)),
          () => syncing.dispose(),
        );
        const abort = new AbortController();
        cleanups.push(() => abort.abort());
        // Read only once WebContainer has booted: where it cannot, nothing is downloaded for it.
        files = () =>
          readSeedFiles({
            api,
            projectId,
            listing: controller.store.getState().listing,
            signal: abort.signal,
            onProgress: (done, total) =>
              update({ runtime: "webcontainer", status: { state: "booting", detail: `Reading the project's files (${done}/${total})` } }),
          });
      }

      const { loadSandbox } = await import("@/lib/sandbox");
      const loaded = await loadSandbox({
        preferred,
        files,
        bootTimeoutMs: readBootTimeoutMs({ storage, buildValue: process.env.NEXT_PUBLIC_WEBCONTAINER_BOOT_TIMEOUT_MS }),
        onStatus: ({ runtime, ...status }) => {
          // WebContainer reporting itself unavailable is followed at once by the box starting.
          if (status.state !== "unavailable") update({ runtime, status: toRuntimeStatus(status) });
        },
        backends: {
          box: () => import("@/lib/sandbox/box/client").then((module) => module.createBoxClient({ projectId })),
        },
      });
      sandbox = loaded.sandbox;
      if (cancelled) return;

      const runtime: RuntimeChoice = loaded.runtime === "webcontainer" ? "webcontainer" : "box";
      if (runtime === "webcontainer" && webcontainerSync) {
        webcontainerSync.attach(loaded.sandbox);
        setSync(webcontainerSync);
        cleanups.push(() => setSync(null));
      } else {
        webcontainerSync?.dispose();
        // The box saved what its command wrote as a snapshot on the server: load that listing.
        const refresh = createPathBatcher({ quietMs: 100, maxWaitMs: 1000, onBatch: () => void controller.refreshListing() });
        cleanups.push(
          loaded.sandbox.onEvent((event) => {
            if (event.type === "file") refresh.add(event.path);
          }),
          () => refresh.dispose(),
        );
      }
      cleanups.push(
        loaded.sandbox.onEvent((event) => {
          if (event.type === "status") update({ status: toRuntimeStatus(event.status) });
          else if (event.type === "server-ready") update({ server: { port: event.port, url: event.url } });
          else if (event.type === "server-error") update({ serverError: { message: event.message, at: Date.now() } });
        }),
      );
      update({
        sandbox: loaded.sandbox,
        runtime,
        status: toRuntimeStatus(loaded.sandbox.status()),
        webcontainerUnavailable:
          preferred === "webcontainer" && loaded.webcontainerUnavailable ? loaded.webcontainerUnavailable : null,
      });
    };

    const task = load().catch((error: unknown) => {
      update({
        sandbox: null,
        status: {
          state: "failed",
          message: `The ${preferred === "box" ? "offline box" : "runtime"} could not be started: ${describeError({ error })}`,
        },
      });
    });
    return () => {
      cancelled = true;
      for (const cleanup of cleanups.splice(0)) cleanup();
      void task
        .then(() => sandbox?.dispose())
        .catch(() => undefined)
        .finally(release);
    };
  }, [projectId, controller, api, notify, request, enabled]);

  const switchRuntime = useCallback(
    (kind: RuntimeChoice) => {
      try {
        browserStorage()?.setItem(runtimePreferenceKey, kind);
      } catch {
        // Storage full or blocked: the switch still applies to this page.
      }
      // Already running there (after a fallback): only the remembered choice changes.
      if (state.runtime === kind && state.sandbox && state.status.state !== "failed") {
        setState((current) => ({ ...current, preferred: kind, webcontainerUnavailable: null }));
        return;
      }
      setRequest((current) => ({ preferred: kind, attempt: current.attempt + 1 }));
    },
    [state.runtime, state.sandbox, state.status.state],
  );

  const retry = useCallback(() => setRequest((current) => ({ preferred: current.preferred, attempt: current.attempt + 1 })), []);

  /** Resolves once the sandbox holds every save made so far (WebContainer is written from the browser). */
  const whenSynced = useCallback(async () => {
    await sync?.whenWritten();
  }, [sync]);

  /**
   * Loads the project's saved head and resolves once WebContainer holds it (the agent's files
   * included); false when the listing could not be loaded.
   */
  const catchUp = useCallback(async () => {
    const loaded = await controller.refreshListing();
    await sync?.whenWritten();
    return loaded;
  }, [controller, sync]);

  /** Saves what WebContainer changed (a command's output files) now, instead of after the pause. */
  const flushSandboxChanges = useCallback(async () => {
    if (!sync) return;
    // The file watcher reports a little after the write; give the last events time to arrive.
    await new Promise((resolve) => setTimeout(resolve, watcherLagMs));
    await sync.flush();
  }, [sync]);

  const sandboxState: ProjectSandbox = state;
  return { ...sandboxState, switchRuntime, retry, whenSynced, catchUp, flushSandboxChanges };
}
