import { SandboxError, type Sandbox, type SandboxKind, type SandboxLimits, type SandboxStatus, type UnavailableReason } from "./types";
import type { SeedSource, WebContainerSandboxOptions } from "./webcontainer";

export * from "./types";
export type { SeedEntry } from "./seed-files";
export type { SeedSource } from "./webcontainer";
export { isSyncExcluded, syncExcludedFolderNames } from "./sync-excludes";

export type RuntimeChoice = "webcontainer" | "box";

export type LoadSandboxOptions = {
  preferred: RuntimeChoice;
  /** The project's files, for a backend seeded from the browser (WebContainer); a loader runs only after boot. */
  files: SeedSource;
  limits?: Partial<SandboxLimits>;
  /** How long WebContainer may take to boot before falling back (default 20 s). */
  bootTimeoutMs?: number;
  /** Progress of the backend being started, for the IDE's status line. */
  onStatus?: (status: SandboxStatus & { runtime: RuntimeChoice }) => void;
  backends: {
    /** Starts the offline box (lib/sandbox/box/client), already bound to the project and session. */
    box: () => Promise<Sandbox>;
    /** Replaces the WebContainer loader, e.g. in tests. */
    webcontainer?: (options: WebContainerSandboxOptions) => Promise<Sandbox>;
  };
};

export type LoadedSandbox = {
  sandbox: Sandbox;
  runtime: SandboxKind;
  /** Why WebContainer is not the runtime: not preferred ("disabled"), or unavailable here. */
  webcontainerUnavailable?: { reason: UnavailableReason; message: string };
};

const defaultBootTimeoutMs = 20_000;

// Loaded on demand, like sandpack's loadSandpackClient: the WebContainer client and its adapter stay
// out of the IDE's bundle until a project actually asks for them.
const loadWebContainer = (options: WebContainerSandboxOptions) =>
  import("./webcontainer").then((module) => module.createWebContainerSandbox(options));

/**
 * Starts the project's sandbox: WebContainer when preferred and this page can run it, otherwise the
 * offline box, saying why WebContainer was not used. Rejects only when the box cannot start either.
 */
export async function loadSandbox(options: LoadSandboxOptions): Promise<LoadedSandbox> {
  const { preferred, backends, onStatus } = options;
  const startBox = async (webcontainerUnavailable: LoadedSandbox["webcontainerUnavailable"]): Promise<LoadedSandbox> => {
    onStatus?.({ state: "booting", detail: "Starting the offline box", runtime: "box" });
    const sandbox = await backends.box();
    onStatus?.({ ...sandbox.status(), runtime: "box" });
    return { sandbox, runtime: sandbox.kind, webcontainerUnavailable };
  };

  if (preferred === "box") return startBox({ reason: "disabled", message: "The offline box was chosen for this project." });

  let sandbox: Sandbox;
  try {
    sandbox = await (backends.webcontainer ?? loadWebContainer)({
      files: options.files,
      limits: options.limits,
      bootTimeoutMs: options.bootTimeoutMs ?? defaultBootTimeoutMs,
      onStatus: (status) => onStatus?.({ ...status, runtime: "webcontainer" }),
    });
  } catch (error) {
    // A bad seed (EINVAL, ELIMIT) would fail in the box too. Any other throw is the adapter's chunk
    // failing to load, since the adapter reports its own failures as a status.
    if (error instanceof SandboxError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    return startBox({ reason: "network", message: `The in-browser runtime could not be loaded (${detail}).` });
  }
  const status = sandbox.status();
  if (status.state === "ready") return { sandbox, runtime: sandbox.kind };
  await sandbox.dispose();
  return startBox(
    status.state === "unavailable"
      ? { reason: status.reason, message: status.message }
      : { reason: "error", message: "The in-browser runtime did not start." },
  );
}
