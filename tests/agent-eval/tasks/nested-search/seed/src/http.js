/** Old helper: returns the parsed JSON body, or null on any failure (the failure is lost). */
export function legacyFetch(url) {
  return fetchJson(url).catch(() => null);
}

/** Fetches a URL and parses its JSON body; a failure rejects with the reason. */
export async function fetchJson(url) {
  if (!url.startsWith("/")) throw new Error(`Not an API path: ${url}`);
  return { url };
}
