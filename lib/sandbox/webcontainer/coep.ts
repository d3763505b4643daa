/**
 * Which Cross-Origin-Embedder-Policy the IDE's pages are served with, and so which one WebContainer
 * must boot with (the two must match). `credentialless` lets previewed apps load third-party images,
 * fonts and scripts that do not send CORP headers; WebKit browsers (Safari, and every browser on iOS)
 * do not support it and get `require-corp`. next.config.ts and the adapter share this rule.
 */
export type PageCoep = "credentialless" | "require-corp";

/** A user agent whose engine is WebKit and not Chromium's or Gecko's (Next anchors it: ^…$). */
export const webkitOnlyUserAgent = "(?!.*(?:Chrome|Chromium|Firefox)/).*AppleWebKit/.*";

export function coepForUserAgent(userAgent: string | undefined): PageCoep {
  return userAgent !== undefined && new RegExp(`^${webkitOnlyUserAgent}$`).test(userAgent) ? "require-corp" : "credentialless";
}
