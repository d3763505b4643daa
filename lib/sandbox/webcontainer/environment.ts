import type { UnavailableReason } from "../types";

export type Unavailable = { reason: UnavailableReason; message: string };

/** What the page offers; read from globalThis unless a test passes its own. */
export type PageEnvironment = {
  isSecureContext?: boolean;
  crossOriginIsolated?: boolean;
  hasSharedArrayBuffer?: boolean;
  /** Tells which COEP the server sent the page with (see coep.ts). */
  userAgent?: string;
};

export function readPageEnvironment(): PageEnvironment {
  const page = globalThis as { isSecureContext?: boolean; crossOriginIsolated?: boolean };
  return {
    isSecureContext: page.isSecureContext,
    crossOriginIsolated: page.crossOriginIsolated,
    hasSharedArrayBuffer: typeof SharedArrayBuffer === "function",
    userAgent: typeof navigator === "undefined" ? undefined : navigator.userAgent,
  };
}

// The IDE runs the project in the offline box while WebContainer boots, and stays there when it cannot.
const fallback = "The offline box runs the project instead";
// A failed or hung boot is never retried in its page (a hung one holds the runtime's page-wide
// lock): "Try again" reloads that page to boot afresh, or boots in a page that has not tried yet
// (lib/client/project-runtime.ts).
const tryAgain = 'choose "Try again" beside the runtime indicator to start it afresh (reloading the page if its start here is stuck)';

/** Why WebContainer cannot boot on this page before even trying; null when it may. */
export function checkPageSupport(page: PageEnvironment): Unavailable | null {
  if (page.isSecureContext === false)
    return {
      reason: "unsupported_browser",
      message: `The in-browser runtime needs a secure (HTTPS) page. ${fallback}; open the IDE over HTTPS to use it.`,
    };
  if (page.crossOriginIsolated !== true)
    return {
      reason: "not_isolated",
      message: `This page is not cross-origin isolated (the server did not send the COOP/COEP headers), so the in-browser runtime cannot start. ${fallback}; reload the IDE from a server that sends those headers to use it.`,
    };
  if (!page.hasSharedArrayBuffer)
    return {
      reason: "unsupported_browser",
      message: `This browser lacks SharedArrayBuffer, which the in-browser runtime needs. ${fallback}; use a recent Chrome, Edge or Firefox to use it.`,
    };
  return null;
}

export const unavailableMessages = {
  timeout: (ms: number) =>
    `The in-browser runtime did not start within ${Math.round(ms / 1000)} s, usually because StackBlitz is slow or cannot be reached from this network. ${fallback}; ${tryAgain}.`,
  network: (detail: string) =>
    `The in-browser runtime could not be loaded (${detail}). ${fallback}; check your connection, then ${tryAgain}.`,
  inUse: () => `The in-browser runtime is already running another project in this tab. ${fallback}; close that project first to use it here.`,
  mount: (detail: string) => `The project's files could not be copied into the in-browser runtime (${detail}). ${fallback}.`,
};
