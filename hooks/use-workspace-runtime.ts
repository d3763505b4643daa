"use client";

import { useCallback, useMemo, useState } from "react";
import type { ProjectApi } from "@/lib/client/project-api";
import { runTargetForFile, type RunTarget } from "@/lib/client/run-target";
import { runtimeLabelByChoice } from "@/lib/client/runtime-preference";
import type { Notifier, WorkspaceController } from "@/lib/client/workspace-controller";
import type { WorkspaceState } from "@/lib/client/workspace-state";
import { useProjectSandbox } from "./use-project-sandbox";
import { useRunShortcut } from "./use-run-shortcut";
import { useTerminalSession } from "./use-terminal-session";

const isHtml = (path: string | null): path is string => path !== null && /\.html?$/i.test(path);

/**
 * Everything the IDE needs to run code: the sandbox, the terminal session, the Run button's target
 * and action, and the preview's state (which page, which source, when to reload).
 */
export function useWorkspaceRuntime({
  projectId,
  controller,
  state,
  api,
  notify,
  enabled,
  boxPath,
}: {
  projectId: string;
  controller: WorkspaceController;
  state: WorkspaceState;
  api: ProjectApi;
  notify: Notifier;
  enabled: boolean;
  /** Where the offline box is served, when not the project's own. */
  boxPath?: string;
}) {
  const sandbox = useProjectSandbox({ projectId, controller, api, notify, enabled, boxPath });
  const { session, state: terminal } = useTerminalSession({ sandbox: sandbox.sandbox, switchNote: sandbox.switchNote });
  const [terminalFocus, setTerminalFocus] = useState(0);

  // ---- preview ----
  // The page shown follows the last .html file made active; index.html until there is one.
  const [previewPath, setPreviewPath] = useState("index.html");
  const [lastActive, setLastActive] = useState(state.active);
  if (lastActive !== state.active) {
    setLastActive(state.active);
    if (isHtml(state.active)) setPreviewPath(state.active);
  }
  const [serverPath, setServerPath] = useState("");
  const [showServer, setShowServer] = useState<string | null>(null);
  const server = sandbox.server;
  // A dev server that reports itself (a new URL) takes over the preview until Files is picked.
  const [seenServer, setSeenServer] = useState<string | null>(null);
  if (server && server.url !== seenServer) {
    setSeenServer(server.url);
    setShowServer(server.url);
  }
  // A process asked to open one of its pages (vite --open): the preview shows it.
  const [seenOpen, setSeenOpen] = useState(0);
  const openRequest = sandbox.openInPreview;
  if (openRequest && openRequest.at !== seenOpen) {
    setSeenOpen(openRequest.at);
    setShowServer(openRequest.url);
    setServerPath(openRequest.path);
  }
  const [runReloads, setRunReloads] = useState(0);
  const [dismissedErrorAt, setDismissedErrorAt] = useState(0);
  const serverError = sandbox.serverError && sandbox.serverError.at > dismissedErrorAt ? sandbox.serverError : null;

  const files = state.listing.entries;
  const previewFileExists = useMemo(() => {
    const paths = new Set(files.filter((entry) => entry.kind === "file").map((entry) => entry.path));
    return paths.has(previewPath) || paths.has(previewPath === "" ? "index.html" : `${previewPath}/index.html`);
  }, [files, previewPath]);

  // The server picked: one that listens, or the one that stopped under the preview (which says so).
  const shown =
    sandbox.servers.find((candidate) => candidate.url === showServer) ??
    (sandbox.stoppedServer?.url === showServer ? sandbox.stoppedServer : null);
  const stopped = shown !== null && !sandbox.servers.some((candidate) => candidate.url === shown.url);
  const background = shown ? sandbox.background.find((process) => process.port === shown.port) : undefined;
  const stopBackground = sandbox.stopBackground;
  const preview = {
    source: shown
      ? ({ kind: "server", url: shown.url, port: shown.port, path: serverPath } as const)
      : ({ kind: "files", path: previewPath } as const),
    fileExists: previewFileExists,
    server,
    servers: sandbox.servers,
    stopped,
    // Saved files are what the static preview serves: every new snapshot (a save, a command)
    // reloads it. A dev server reloads itself (HMR), so only Run and the reload button reload it.
    reloadToken: shown ? String(runReloads) : `${state.listing.snapshotId ?? "none"}:${runReloads}`,
    error: serverError?.message ?? null,
    onNavigate: (path: string) => {
      if (shown) setServerPath(path);
      else setPreviewPath(path === "" ? "index.html" : path);
    },
    onShowServer: (url: string) => setShowServer(url),
    onShowFiles: () => setShowServer(null),
    onStopServer: background ? () => stopBackground(background.id) : null,
    onDismissError: () => setDismissedErrorAt(Date.now()),
  };

  // ---- run ----
  const runtime = sandbox.runtime ?? "webcontainer";
  const hasPackageJson = useMemo(() => files.some((entry) => entry.path === "package.json" && entry.kind === "file"), [files]);
  const target: RunTarget = runTargetForFile({ path: state.active, runtime, hasPackageJson });
  const blockedReason =
    target.kind === "preview" || sandbox.sandbox
      ? null
      : sandbox.status.state === "failed"
        ? "No runtime is running; see the message under the header"
        : `${runtimeLabelByChoice[runtime]} is still starting`;

  const run = useCallback(async () => {
    if (terminal.running !== null) return session.stop();
    if (target.kind === "unsupported") return notify.info(target.reason);
    if (blockedReason) return notify.info(blockedReason);
    // The run sees what the person sees: unsaved files are saved first (a conflict stops it).
    if (!(await controller.saveAll())) return;
    if (target.kind === "preview") {
      setPreviewPath(target.path);
      setShowServer(null);
      setRunReloads((n) => n + 1);
      return;
    }
    await sandbox.whenSynced();
    setTerminalFocus((n) => n + 1);
    await session.run(target.command, { timeoutMs: target.timeoutMs });
  }, [terminal.running, session, target, blockedReason, notify, controller, sandbox]);

  useRunShortcut({ onRun: () => void run() });

  return {
    sandbox,
    runtimeLabel: runtimeLabelByChoice[runtime],
    terminal: { session, state: terminal, focusToken: terminalFocus },
    preview,
    runButton: { target, blockedReason, running: terminal.running !== null, onRun: () => void run(), onStop: session.stop },
    indicator: {
      runtime: sandbox.runtime,
      preferred: sandbox.preferred,
      status: sandbox.status,
      webcontainer: sandbox.webcontainer,
      onSwitch: sandbox.switchRuntime,
      onRetryWebContainer: sandbox.retryWebContainer,
    },
    notice: {
      runtime: sandbox.runtime,
      status: sandbox.status,
      onSwitch: sandbox.switchRuntime,
      onRetry: sandbox.retry,
      onRestart: sandbox.restartAfterCrash,
      onUseBox: sandbox.fallBackToBox,
    },
  };
}
