import type { BootOptions } from "@webcontainer/api";
import type { WebContainerInstance, WebContainerModule } from "./api-types";
import { unavailableMessages, type Unavailable } from "./environment";

type BootOutcome = { ok: true; instance: WebContainerInstance } | ({ ok: false } & Unavailable);
type Runtime = { outcome: Promise<BootOutcome>; leased: boolean; used: boolean };

// One boot per page and module, remembered for the page's lifetime: WebContainer allows one instance
// per page, and a boot that hangs (offline) holds a module-level lock that makes every later boot
// hang too, so a failed or hung boot is never retried. Keyed by module so tests get fresh pages.
const runtimes = new WeakMap<WebContainerModule, Runtime>();

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function startBoot(api: WebContainerModule, timeoutMs: number, bootOptions: BootOptions, apiKey: string | undefined): Runtime {
  const runtime: Runtime = { outcome: Promise.resolve({ ok: false, reason: "error", message: "" }), leased: false, used: false };
  let boot: Promise<WebContainerInstance>;
  try {
    // The key must be set before the first boot; it goes with the runtime's iframe URL.
    if (apiKey) api.configureAPIKey?.(apiKey);
    boot = api.WebContainer.boot(bootOptions);
  } catch (error) {
    boot = Promise.reject(error);
  }
  runtime.outcome = new Promise<BootOutcome>((resolve) => {
    const timer = setTimeout(() => resolve({ ok: false, reason: "timeout", message: unavailableMessages.timeout(timeoutMs) }), timeoutMs);
    boot.then(
      (instance) => {
        clearTimeout(timer);
        resolve({ ok: true, instance });
        // A boot that finishes after we gave up (a slow network) is still the page's one instance:
        // later sandboxes, e.g. after the person retries, get to use it.
        runtime.outcome = Promise.resolve({ ok: true, instance });
      },
      (error: unknown) => {
        clearTimeout(timer);
        const detail = describe(error);
        resolve(
          /single WebContainer instance/i.test(detail)
            ? { ok: false, reason: "error", message: unavailableMessages.inUse() }
            : { ok: false, reason: "network", message: unavailableMessages.network(detail) },
        );
      },
    );
  });
  return runtime;
}

/** `teardown`: the instance holds something no kill reached (a server); destroy it, and boot afresh next time. */
export type ReleaseOptions = { teardown?: boolean };
export type Lease =
  | { ok: true; instance: WebContainerInstance; fresh: boolean; release: (options?: ReleaseOptions) => void }
  | ({ ok: false } & Unavailable);

/**
 * The page's WebContainer for one sandbox at a time: boots it on first use (raced against
 * `timeoutMs`), then hands the same instance to the next sandbox once the previous one released it.
 * `fresh` is false when an earlier sandbox used the instance, so its files must be cleared.
 */
export async function leaseWebContainer({
  api,
  timeoutMs,
  bootOptions,
  apiKey,
}: {
  api: WebContainerModule;
  timeoutMs: number;
  bootOptions: BootOptions;
  apiKey?: string;
}): Promise<Lease> {
  let runtime = runtimes.get(api);
  if (!runtime) {
    runtime = startBoot(api, timeoutMs, bootOptions, apiKey);
    runtimes.set(api, runtime);
  }
  const outcome = await runtime.outcome;
  if (!outcome.ok) return outcome;
  if (runtime.leased) return { ok: false, reason: "error", message: unavailableMessages.inUse() };
  const held = runtime;
  held.leased = true;
  const fresh = !held.used;
  held.used = true;
  let released = false;
  return {
    ok: true,
    instance: outcome.instance,
    fresh,
    release: ({ teardown = false }: ReleaseOptions = {}) => {
      if (released) return;
      released = true;
      held.leased = false;
      if (!teardown) return;
      // teardown() frees the page's one instance (index.d.ts: "a new WebContainer instance can be
      // obtained by calling boot"), so the next sandbox boots its own.
      if (runtimes.get(api) === held) runtimes.delete(api);
      try {
        outcome.instance.teardown();
      } catch (error) {
        console.error("WebContainer: could not tear down the instance", error);
      }
    },
  };
}
