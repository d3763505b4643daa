import type { BootOptions } from "@webcontainer/api";
import { normalizeSeed, type SeedEntry } from "../seed-files";
import { defaultSandboxLimits, type Sandbox, type SandboxLimits, type SandboxStatus } from "../types";
import { createUnavailableSandbox } from "../unavailable-sandbox";
import type { WebContainerModule } from "./api-types";
import { leaseWebContainer } from "./boot";
import { wrapBootedWebContainer } from "./booted-sandbox";
import { coepForUserAgent } from "./coep";
import { checkPageSupport, readPageEnvironment, unavailableMessages, type PageEnvironment, type Unavailable } from "./environment";
import { toFileSystemTree } from "./file-tree";

/** The files to mount, or a loader called only once boot succeeded (so a page that cannot boot never downloads them). */
export type SeedSource = readonly SeedEntry[] | (() => Promise<readonly SeedEntry[]>);

export type WebContainerSandboxOptions = {
  files: SeedSource;
  /** How long boot may take before we give up and report `timeout` (boot itself never gives up offline). */
  bootTimeoutMs: number;
  limits?: Partial<SandboxLimits>;
  /** The `@webcontainer/api` module; imported on demand when absent. Tests pass a fake. */
  api?: WebContainerModule;
  /** The page's capabilities; read from globalThis when absent. */
  page?: PageEnvironment;
  /** Must match the page's Cross-Origin-Embedder-Policy header; by default the one next.config.ts sends this browser (coep.ts). */
  coep?: BootOptions["coep"];
  /** The WebContainer licence key (commercial production use needs one); default NEXT_PUBLIC_WEBCONTAINER_API_KEY. */
  apiKey?: string;
  /** How long one call into the runtime may go unanswered before it is declared crashed (default 20 s). */
  bridgeTimeoutMs?: number;
  /** Progress while booting and mounting, then the final state. */
  onStatus?: (status: SandboxStatus) => void;
};

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

const defaultBridgeTimeoutMs = 20_000;
// Copying a large project in takes longer than one call should; past this the runtime is not coming.
const mountTimeoutMs = 120_000;

function withDeadline<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

async function clearWorkdir(fs: { readdir(path: string): Promise<string[]>; rm(path: string, options: { recursive: boolean; force: boolean }): Promise<void> }) {
  for (const name of await fs.readdir(".")) await fs.rm(name, { recursive: true, force: true });
}

/**
 * Starts the project in the browser's WebContainer. Always resolves: with a ready Sandbox, or with
 * one whose status is `unavailable` (reason and an actionable message) when the page cannot run
 * WebContainer, the runtime cannot be loaded, or boot does not finish within `bootTimeoutMs`.
 * A failed or hung boot is remembered for the page's lifetime and never retried. Rejects only for
 * a bad seed (EINVAL, ELIMIT).
 */
export async function createWebContainerSandbox(options: WebContainerSandboxOptions): Promise<Sandbox> {
  const limits: SandboxLimits = { ...defaultSandboxLimits, ...options.limits };
  const eagerSeed = typeof options.files === "function" ? null : normalizeSeed({ files: options.files, limits });
  const report = (status: SandboxStatus) => options.onStatus?.(status);
  const unavailable = ({ reason, message }: Unavailable) => {
    report({ state: "unavailable", reason, message });
    return createUnavailableSandbox({ kind: "webcontainer", reason, message });
  };

  const page = options.page ?? readPageEnvironment();
  const pageProblem = checkPageSupport(page);
  if (pageProblem) return unavailable(pageProblem);

  report({ state: "booting", detail: "Starting the in-browser runtime" });
  let api: WebContainerModule;
  try {
    api = options.api ?? (await import("@webcontainer/api"));
  } catch (error) {
    return unavailable({ reason: "network", message: unavailableMessages.network(messageOf(error)) });
  }
  const lease = await leaseWebContainer({
    api,
    timeoutMs: options.bootTimeoutMs,
    bootOptions: { coep: options.coep ?? coepForUserAgent(page.userAgent), workdirName: "project", forwardPreviewErrors: "exceptions-only" },
    apiKey: options.apiKey ?? process.env.NEXT_PUBLIC_WEBCONTAINER_API_KEY,
  });
  if (!lease.ok) return unavailable(lease);

  let seed = eagerSeed;
  if (!seed) {
    report({ state: "booting", detail: "Reading the project's files" });
    try {
      seed = normalizeSeed({ files: await (options.files as () => Promise<readonly SeedEntry[]>)(), limits });
    } catch (error) {
      lease.release();
      throw error;
    }
  }
  report({ state: "booting", detail: "Copying the project into the runtime" });
  try {
    const copy = async () => {
      if (!lease.fresh) await clearWorkdir(lease.instance.fs);
      await lease.instance.mount(toFileSystemTree(seed));
    };
    await withDeadline(copy(), mountTimeoutMs, `the runtime did not answer within ${mountTimeoutMs / 1000} s`);
  } catch (error) {
    lease.release();
    return unavailable({ reason: "error", message: unavailableMessages.mount(messageOf(error)) });
  }
  const sandbox = wrapBootedWebContainer({
    wc: lease.instance,
    seed,
    limits,
    release: lease.release,
    bridgeTimeoutMs: options.bridgeTimeoutMs ?? defaultBridgeTimeoutMs,
  });
  report({ state: "ready" });
  return sandbox;
}
