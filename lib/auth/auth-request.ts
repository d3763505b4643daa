import "server-only";
import { readBody } from "@/lib/http";
import { getClientAddress } from "@/lib/net/client-address";

/** Auth bodies are a few fields (the longest allowed name is 100 characters): 64 KB is plenty. */
export const maxAuthBodyBytes = 64 * 1024;

/**
 * The request better-auth sees: its body read with a cap (better-auth would parse any size), and
 * `x-forwarded-for` set to the client address the server entry worked out, or removed when that
 * is unknown, so its rate limits key on who really connected, never on a header a client chose.
 */
export async function authRequest(req: Request): Promise<Request> {
  const headers = new Headers(req.headers);
  const address = getClientAddress(req.headers);
  if (address) headers.set("x-forwarded-for", address);
  else headers.delete("x-forwarded-for");
  const body = req.method === "GET" || req.method === "HEAD" ? undefined : await readBody(req, maxAuthBodyBytes);
  return new Request(req.url, { method: req.method, headers, body, signal: req.signal });
}
