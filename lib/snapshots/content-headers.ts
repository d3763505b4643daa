import "server-only";

/**
 * Headers for content addressed by a hash: it can never change, so the browser keeps it for a year
 * without asking again. Private (it is one person's project) and varying by cookie, so another person
 * signing in on the same browser is not served it from the cache.
 */
export function immutableHeaders({ etag, contentType, length }: { etag: string; contentType: string; length?: number }): Headers {
  const headers = new Headers({
    "cache-control": "private, max-age=31536000, immutable",
    etag: `"${etag}"`,
    vary: "Cookie",
    "content-type": contentType,
    "x-content-type-options": "nosniff",
  });
  if (length !== undefined) headers.set("content-length", String(length));
  return headers;
}

/** Whether the request's If-None-Match already names this content, so 304 (no body) answers it. */
export function matchesEtag(req: Request, etag: string): boolean {
  const header = req.headers.get("if-none-match");
  if (!header) return false;
  return header.split(",").some((tag) => {
    const t = tag.trim().replace(/^W\//, "");
    return t === "*" || t === `"${etag}"`;
  });
}

export function notModified(headers: Headers): Response {
  headers.delete("content-length");
  headers.delete("content-type");
  return new Response(null, { status: 304, headers });
}
