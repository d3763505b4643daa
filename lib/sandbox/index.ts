import type { Sandbox, SandboxLimits, SandboxStatus } from "./types";
import { createUnavailableSandbox } from "./unavailable-sandbox";
import type { PageEnvironment, SeedSource, WebContainerModule } from "./webcontainer";
import { unavailableMessages } from "./webcontainer/environment";

export * from "./types";
export type { SeedEntry } from "./seed-files";
export type { SeedSource } from "./webcontainer";
export { isSyncExcluded, syncExcludeRule } from "./sync-excludes";

export type RuntimeChoice = "webcontainer" | "box";

export type WebContainerStartOptions = {
  /** The project's files, or a loader that runs only once WebContainer has booted. */
  files: SeedSource;
  limits?: Partial<SandboxLimits>;
  /** How long the boot may take before WebContainer is reported `unavailable` (reason `timeout`). */
  bootTimeoutMs: number;
  /** Progress while booting and mounting. */
  onStatus?: (status: SandboxStatus) => void;
};

/** The page's WebContainer, as the IDE starts it: in the background, while the offline box serves. */
export type WebContainerBackend = {
  /**
   * Boots WebContainer (once per page) and mounts the files. Resolves with a ready sandbox, or with
   * one whose status is `unavailable` and says why; rejects only for a bad seed (EINVAL, ELIMIT).
   */
  start(options: WebContainerStartOptions): Promise<Sandbox>;
  /**
   * False once a boot hung or failed in this page. The runtime keeps a page-wide lock on a hung
   * boot (offline, `boot()` never settles), so only a new page can boot it again.
   */
  canBootInPage(): boolean;
};

/**
 * WebContainer loaded on demand, like sandpack's loadSandpackClient: the client and its adapter
 * stay out of the IDE's bundle until a project asks for them. `api` and `page` stand in for the
 * real module and page in tests.
 */
export function createWebContainerBackend({ api, page }: { api?: WebContainerModule; page?: PageEnvironment } = {}): WebContainerBackend {
  let bootFailed = false;
  // One sandbox at a time holds the page's instance: a start waits until the previous one let go.
  let free: Promise<void> = Promise.resolve();
  const unavailable = (error: unknown) =>
    createUnavailableSandbox({
      kind: "webcontainer",
      reason: "network",
      message: unavailableMessages.network(error instanceof Error ? error.message : String(error)),
    });
  return {
    async start(options) {
      const previous = free;
      let release!: () => void;
      free = new Promise((resolve) => (release = resolve));
      await previous;
      let sandbox: Sandbox;
      try {
        let adapter: typeof import("./webcontainer");
        try {
          adapter = await import("./webcontainer");
        } catch (error) {
          bootFailed = true;
          release();
          return unavailable(error);
        }
        sandbox = await adapter.createWebContainerSandbox({ ...options, api, page });
      } catch (error) {
        release();
        throw error;
      }
      const status = sandbox.status();
      if (status.state !== "ready") {
        if (status.state === "unavailable" && (status.reason === "timeout" || status.reason === "network")) bootFailed = true;
        release();
        return sandbox;
      }
      return {
        ...sandbox,
        async dispose() {
          await sandbox.dispose();
          release();
        },
      };
    },
    canBootInPage: () => !bootFailed,
  };
}

/** This page's WebContainer: module state lives exactly as long as the page does. */
export const pageWebContainer = createWebContainerBackend();
