/** Where the app goes after sign-in or sign-up when `next` is missing or not one of its own pages. */
export const defaultRedirectTarget = "/projects";

// Any origin works as the base: a target is ours exactly when resolving it keeps the base's origin.
const base = new URL("http://app.invalid");

/**
 * The page to open after signing in: `next` when it resolves to a path of this app, else the
 * default. Resolving with the URL parser (not prefix checks) catches what browsers treat as
 * another host: `/\evil`, `//evil`, tabs or newlines inside, `javascript:`. The answer is rebuilt
 * from the parsed URL, so it is the path the browser will really open.
 */
export function safeRedirectTarget(next: string | null | undefined): string {
  if (!next || next.length > 2048) return defaultRedirectTarget;
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return defaultRedirectTarget;
  }
  // "/.//evil" resolves to the path "//evil", which a browser opens as the host "evil".
  if (url.origin !== base.origin || url.pathname.startsWith("//")) return defaultRedirectTarget;
  return url.pathname + url.search + url.hash;
}
