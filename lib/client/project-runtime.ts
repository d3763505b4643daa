import type { RuntimeChoice, Sandbox, SandboxStatus, UnavailableReason, WebContainerBackend } from "@/lib/sandbox";
import { manageBackgroundServers, type BackgroundServer } from "./background-servers";
import { describeError } from "./conflict";
import type { ProjectApi } from "./project-api";
import {
  forgetBootFailure,
  isRememberedFailure,
  parseRuntimeChoice,
  readBootFailure,
  rememberBootFailure,
  runtimePreferenceKey,
} from "./runtime-preference";
import { readSeedFiles } from "./sandbox-seed";
import { readSnapshotFiles } from "./snapshot-files";
import { createWebContainerSync, type WebContainerSync } from "./sandbox-sync";
import type { Notifier, WorkspaceController } from "./workspace-controller";

/** What the runtime indicator shows: the sandbox's own status, or that it could not be started at all. */
export type RuntimeStatus =
  | { state: "booting"; detail?: string }
  | { state: "ready" }
  | { state: "crashed"; message: string }
  | { state: "failed"; message: string };

/**
 * WebContainer beside the box: it boots in the background while the box serves, and takes over
 * once it is ready and the box runs no command ("switching" until then).
 */
export type WebContainerState =
  | { state: "off" }
  | { state: "booting"; detail?: string }
  | { state: "switching" }
  | { state: "active" }
  | {
      state: "unavailable";
      reason: UnavailableReason;
      message: string;
      /** Known from an earlier boot in this browser, so this page did not try. */
      remembered: boolean;
      /** What "Try again" does: boot in the background here, or reload the page (this page's boot hung). */
      retry: "boot" | "reload";
    };

export type ProjectRuntimeState = {
  /** The sandbox running the project; null while none is ready. */
  sandbox: Sandbox | null;
  /** The runtime running (or starting) now; null until the person's preference is read. */
  runtime: RuntimeChoice | null;
  /** The runtime the person chose (remembered in localStorage). */
  preferred: RuntimeChoice | null;
  status: RuntimeStatus;
  webcontainer: WebContainerState;
  /** What the terminal says when this sandbox replaced another; null for the first one. */
  switchNote: string | null;
  /** The dev server WebContainer reported last, while it listens (null once it stopped). */
  server: { port: number; url: string } | null;
  /** Every dev server that listens now, oldest first (the preview's port picker). */
  servers: { port: number; url: string }[];
  /** The last server whose port closed: a preview of it is dead. */
  stoppedServer: { port: number; url: string } | null;
  /** Servers that Run or the agent started and that run on in the background (WebContainer). */
  background: BackgroundServer[];
  /** A page of a dev server a process asked to open (`vite --open`): the preview shows it. `at` tells requests apart. */
  openInPreview: { url: string; path: string; at: number } | null;
  serverError: { message: string; at: number } | null;
};

type BrowserStorage = Pick<Storage, "getItem" | "setItem" | "removeItem"> | null;

export type ProjectRuntimeOptions = {
  projectId: string;
  controller: WorkspaceController;
  api: Pick<ProjectApi, "snapshotContent" | "headSnapshotId">;
  notify: Notifier;
  storage: BrowserStorage;
  /** How long WebContainer may take to boot before it is reported unavailable (and remembered). */
  bootTimeoutMs: number;
  backends: {
    /** Starts the offline box for the project. */
    box: () => Promise<Sandbox>;
    webcontainer: WebContainerBackend;
  };
  /** Reloads the page: the only retry once this page's own boot hung. */
  reloadPage: () => void;
};

export const initialRuntimeState: ProjectRuntimeState = {
  sandbox: null,
  runtime: null,
  preferred: null,
  status: { state: "booting", detail: "Starting the runtime" },
  webcontainer: { state: "off" },
  switchNote: null,
  server: null,
  servers: [],
  stoppedServer: null,
  background: [],
  openInPreview: null,
  serverError: null,
};

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

/** The port and path of an address on the runtime's own machine (what `vite --open` asks for); null for any other. */
function localServerPage(url: string): { port: number; path: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!["localhost", "127.0.0.1", "0.0.0.0", "[::1]"].includes(parsed.hostname) || !/^https?:$/.test(parsed.protocol)) return null;
  const port = Number(parsed.port || (parsed.protocol === "https:" ? 443 : 80));
  return { port, path: `${parsed.pathname.replace(/^\/+/, "")}${parsed.search}${parsed.hash}` };
}

const switchedToWebContainer = "Switched to WebContainer (Node.js in this tab), which has finished starting. The offline box's shell was closed.";

/**
 * The runtime of the open project. The offline box serves at once; when WebContainer is preferred it
 * boots in the background, is seeded from the project's files (and every save made meanwhile), and
 * takes over when the box runs no command, so nothing is cut off. A boot that times out or fails is
 * remembered for the browser: later opens stay on the box until the person tries again.
 */
export function createProjectRuntime(options: ProjectRuntimeOptions) {
  const { projectId, controller, api, notify, storage, backends } = options;
  let state = initialRuntimeState;
  const listeners = new Set<() => void>();
  let disposed = false;

  const set = (patch: Partial<ProjectRuntimeState>) => {
    if (disposed) return;
    state = { ...state, ...patch };
    for (const listener of listeners) listener();
  };

  // The sandbox running the project, and what undoes its subscriptions.
  let active: {
    sandbox: Sandbox;
    runtime: RuntimeChoice;
    sync: WebContainerSync | null;
    servers: ReturnType<typeof manageBackgroundServers> | null;
    cleanup: () => void;
  } | null = null;
  // Commands the active sandbox runs; the switch to WebContainer waits for 0.
  let running = 0;
  const wake: Array<() => void> = [];
  const wakeAll = () => {
    for (const resolve of wake.splice(0)) resolve();
  };
  const nextChange = () => new Promise<void>((resolve) => wake.push(resolve));

  // The WebContainer booting in the background, with the sync that collects saves for it meanwhile.
  let boot: { id: number; sync: WebContainerSync; stop: () => void } | null = null;
  let bootIds = 0;
  const stopBoot = () => {
    boot?.stop();
    boot = null;
    wakeAll();
  };

  const activate = ({ sandbox, runtime, sync, note }: { sandbox: Sandbox; runtime: RuntimeChoice; sync: WebContainerSync | null; note: string | null }) => {
    const previous = active;
    previous?.cleanup();
    running = 0;
    // What the box's commands write is saved on the server; the listing learns it from the head channel.
    const cleanups: Array<() => void> = [];
    // WebContainer's dev servers outlive the deadlines of Run and the agent, and stop with the project.
    const servers =
      runtime === "webcontainer"
        ? manageBackgroundServers(sandbox, {
            onChange: (background) => set({ background }),
            // While a server runs the count of commands never reaches 0: look after each run instead.
            onAnswered: () => {
              if (state.background.length > 0) void sync?.reconcile();
            },
          })
        : null;
    if (servers) cleanups.push(() => servers.stopAll());
    // An address on the runtime's localhost waits for its server when it is not listening yet.
    let wantedOpen: { port: number; path: string } | null = null;
    const openServerPage = ({ port, path }: { port: number; path: string }) => {
      const server = state.servers.find((candidate) => candidate.port === port);
      if (!server) return void (wantedOpen = { port, path });
      wantedOpen = null;
      set({ openInPreview: { url: server.url, path, at: Date.now() } });
    };
    cleanups.push(
      sandbox.onEvent((event) => {
        if (event.type === "status") set({ status: toRuntimeStatus(event.status) });
        else if (event.type === "server-ready") {
          const live = [...state.servers.filter((server) => server.port !== event.port), { port: event.port, url: event.url }];
          set({ server: live[live.length - 1]!, servers: live });
          if (wantedOpen?.port === event.port) openServerPage(wantedOpen);
        } else if (event.type === "open-url") {
          const local = localServerPage(event.url);
          if (local) openServerPage(local);
          else notify.info(`The running project asked to open ${event.url}; the preview shows only its own servers, so open it in a new tab.`);
        } else if (event.type === "server-stopped") {
          const gone = state.servers.find((server) => server.port === event.port);
          if (!gone) return;
          const live = state.servers.filter((server) => server.port !== event.port);
          // The newest is not replaced by an older one: the preview says this one stopped rather than jumping away.
          set({ servers: live, server: state.server?.port === event.port ? null : state.server, stoppedServer: gone });
        }
        else if (event.type === "server-error") set({ serverError: { message: event.message, at: Date.now() } });
        else if (event.type === "commands") {
          // A command that ended may have changed what the watcher did not report (a move, a watcher that failed).
          if (running > 0 && event.running === 0) void sync?.reconcile();
          running = event.running;
          wakeAll();
        }
      }),
    );
    if (sync) cleanups.push(() => sync.dispose());
    active = { sandbox, runtime, sync, servers, cleanup: () => cleanups.forEach((cleanup) => cleanup()) };
    set({
      sandbox: servers?.sandbox ?? sandbox,
      runtime,
      status: toRuntimeStatus(sandbox.status()),
      switchNote: previous ? note : null,
      server: null,
      servers: [],
      stoppedServer: null,
      background: [],
      openInPreview: null,
      serverError: null,
    });
    wakeAll();
    if (previous) void previous.sandbox.dispose();
  };

  // Bumped by every start of the box and by the switch to WebContainer: a box that finishes
  // starting after either is not wanted any more.
  let boxStarts = 0;
  const startBox = async ({ note }: { note: string | null }) => {
    const id = ++boxStarts;
    if (!active) set({ runtime: "box", status: { state: "booting", detail: "Starting the offline box" } });
    try {
      const box = await backends.box();
      if (disposed || id !== boxStarts) return void box.dispose();
      activate({ sandbox: box, runtime: "box", sync: null, note });
    } catch (error) {
      if (disposed || id !== boxStarts) return;
      if (!active) set({ sandbox: null, status: { state: "failed", message: `The offline box could not be started: ${describeError({ error })}` } });
      else notify.error(`The offline box could not be started: ${describeError({ error })}`);
    }
  };

  const unavailable = (reason: UnavailableReason, message: string, remembered: boolean): WebContainerState => ({
    state: "unavailable",
    reason,
    message,
    remembered,
    retry: backends.webcontainer.canBootInPage() ? "boot" : "reload",
  });

  /** Waits until the box runs no command, then hands the project to WebContainer. */
  const switchWhenIdle = async ({ sandbox, sync, id }: { sandbox: Sandbox; sync: WebContainerSync; id: number }) => {
    const current = () => !disposed && boot?.id === id;
    set({ webcontainer: { state: "switching" } });
    sync.attach(sandbox);
    for (;;) {
      while (running > 0 && current()) await nextChange();
      if (!current()) return void sandbox.dispose();
      // What the box's last commands saved reaches the listing through the head channel, and the
      // sync writes it into WebContainer whenever it arrives, before or after the switch.
      await sync.whenWritten();
      if (!current()) return void sandbox.dispose();
      // A command typed meanwhile runs on to its end in the box first.
      if (running === 0) break;
    }
    boot = null;
    boxStarts += 1;
    activate({ sandbox, runtime: "webcontainer", sync, note: switchedToWebContainer });
    set({ webcontainer: { state: "active" } });
  };

  const bootWebContainer = async () => {
    stopBoot();
    const id = ++bootIds;
    const abort = new AbortController();
    // Subscribed before the files are read: saves made while it boots are written once it is up.
    const sync = createWebContainerSync({
      getListing: () => controller.store.getState().listing,
      save: ({ changes, baseSnapshotId, turnId }) =>
        controller.saveSandboxChanges({ changes, baseSnapshotId, turnId, message: turnId ? "Agent: files its command changed" : "Files changed by the running project" }),
      readFiles: ({ files, snapshotId }) => readSnapshotFiles({ api, projectId, snapshotId, files, signal: abort.signal }),
      notify,
    });
    const unsubscribe = [
      controller.onSaved((saved) => {
        if (saved.origin === "ide") sync.applySaved(saved.changes);
      }),
      // Changes saved elsewhere (the box's commands, the agent, another tab) arrive through the head
      // channel as change sets; the sandbox's own saves come back with their paths handled.
      controller.onListingChanged((change) => sync.applyListing(change)),
    ];
    const stop = () => {
      abort.abort();
      for (const off of unsubscribe) off();
      sync.dispose();
    };
    boot = { id, sync, stop };
    const current = () => !disposed && boot?.id === id;
    set({ webcontainer: { state: "booting" } });

    let sandbox: Sandbox;
    try {
      sandbox = await backends.webcontainer.start({
        bootTimeoutMs: options.bootTimeoutMs,
        // Read only once WebContainer has booted: where it cannot, nothing is downloaded for it.
        files: () =>
          readSeedFiles({
            api,
            projectId,
            listing: controller.store.getState().listing,
            signal: abort.signal,
            onProgress: (done, total) => {
              if (current()) set({ webcontainer: { state: "booting", detail: `Reading the project's files (${done}/${total})` } });
            },
          }),
        onStatus: (status) => {
          if (current() && status.state === "booting") set({ webcontainer: { state: "booting", detail: status.detail } });
        },
      });
    } catch (error) {
      // The project's files could not be read, or break WebContainer's limits: the box keeps it.
      if (!current()) return;
      stopBoot();
      set({ webcontainer: unavailable("error", `The project could not be copied into the in-browser runtime: ${describeError({ error })}. The offline box runs it instead.`, false) });
      return;
    }
    if (!current()) return void sandbox.dispose();
    const status = sandbox.status();
    if (status.state !== "ready") {
      stopBoot();
      void sandbox.dispose();
      const reason = status.state === "unavailable" ? status.reason : "error";
      const message = status.state === "unavailable" ? status.message : "The in-browser runtime did not start. The offline box runs the project instead.";
      if (isRememberedFailure(reason)) rememberBootFailure({ storage, failure: { reason, message, at: new Date().toISOString() } });
      set({ webcontainer: unavailable(reason, message, false) });
      return;
    }
    await switchWhenIdle({ sandbox, sync, id });
  };

  const savePreference = (kind: RuntimeChoice) => {
    try {
      storage?.setItem(runtimePreferenceKey, kind);
    } catch {
      // Storage full or blocked: the choice still applies to this page.
    }
    set({ preferred: kind });
  };

  return {
    getState: () => state,
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },

    /** Starts the box, and WebContainer behind it when preferred and not known to fail here. */
    start() {
      const preferred = parseRuntimeChoice(storage?.getItem(runtimePreferenceKey));
      set({ preferred });
      void startBox({ note: null });
      if (preferred !== "webcontainer") return;
      const failure = readBootFailure({ storage });
      if (failure) set({ webcontainer: unavailable(failure.reason, failure.message, true) });
      else void bootWebContainer();
    },

    /**
     * The person's choice, remembered. The box takes over at once (WebContainer's processes stop);
     * WebContainer boots in the background, as on open, while the box keeps serving.
     */
    switchRuntime(kind: RuntimeChoice) {
      savePreference(kind);
      if (kind === "box") {
        stopBoot();
        set({ webcontainer: { state: "off" } });
        if (active?.runtime !== "box") void startBox({ note: "Switched to the offline box. WebContainer's processes were stopped." });
        return;
      }
      if (active?.runtime === "webcontainer" || boot) return;
      forgetBootFailure({ storage });
      if (backends.webcontainer.canBootInPage()) void bootWebContainer();
      else options.reloadPage();
    },

    /**
     * WebContainer crashed: the offline box takes the project over for this page, as when it
     * cannot boot (the preference stays; the indicator offers to reload and try again).
     */
    fallBackToBox() {
      if (active?.runtime !== "webcontainer" || state.status.state !== "crashed") return;
      const message = `${state.status.message} The offline box runs the project instead.`;
      stopBoot();
      set({ webcontainer: { state: "unavailable", reason: "error", message, remembered: false, retry: "reload" } });
      void startBox({ note: "WebContainer crashed; the offline box runs the project now. Servers that ran in WebContainer were stopped." });
    },

    /**
     * Starts WebContainer afresh after a crash. The dead instance still holds the page's one boot
     * (and a call into it never answers), so only a new page can boot again: the page reloads
     * (unsaved edits are kept as drafts).
     */
    restartAfterCrash() {
      options.reloadPage();
    },

    /** "Try again" after WebContainer failed: forgets the failure and boots it (or reloads the page). */
    retryWebContainer() {
      forgetBootFailure({ storage });
      if (!backends.webcontainer.canBootInPage()) return options.reloadPage();
      if (!boot && active?.runtime !== "webcontainer") void bootWebContainer();
    },

    /** Stops a server Run or the agent left running in the background. */
    stopBackground(id: number) {
      active?.servers?.stop(id);
    },

    /** Resolves once the sandbox holds every save made so far (WebContainer is written from the browser). */
    async whenSynced() {
      await active?.sync?.whenWritten();
    },

    /**
     * Resolves once WebContainer holds the project's saved head; false when it could not be
     * loaded. Asks for the head's id first: the listing (every entry) is loaded only when the
     * head channel has not brought that head yet.
     */
    async catchUp() {
      const head = await api.headSnapshotId(projectId).catch(() => undefined);
      const loaded = head !== undefined && head === controller.store.getState().listing.snapshotId ? true : await controller.refreshListing();
      await active?.sync?.whenWritten();
      return loaded;
    },

    /** Saves what WebContainer changed (a command's output files) now, instead of after the pause. */
    async flushSandboxChanges({ watcherLagMs = 150 }: { watcherLagMs?: number } = {}) {
      const sync = active?.sync;
      if (!sync) return;
      // The file watcher reports a little after the write; give the last events time to arrive.
      await new Promise((resolve) => setTimeout(resolve, watcherLagMs));
      await sync.flush();
    },

    /** Saves WebContainer's changes as the agent turn's until released (see sandbox-sync attribute). */
    attributeSandboxSaves(turnId: string): () => void {
      return active?.sync?.attribute(turnId) ?? (() => {});
    },

    /** Holds WebContainer's saves while an agent command runs (see sandbox-sync hold); returns the release. */
    holdSandboxSaves(): (alsoCheck?: readonly string[]) => void {
      return active?.sync?.hold() ?? (() => {});
    },

    /** Stops everything; resolves once the running sandbox is closed. */
    async dispose() {
      stopBoot();
      const last = active;
      active = null;
      last?.cleanup();
      disposed = true;
      wakeAll();
      await last?.sandbox.dispose();
    },
  };
}

export type ProjectRuntime = ReturnType<typeof createProjectRuntime>;
