// What every request goes through before Next sees it: the one place that knows the client's
// address, and the one place that refuses paths Next cannot decode.
import type { IncomingMessage, ServerResponse } from "node:http";
import { forwardingHeaders, markClientAddressTrusted, resolveClientAddress } from "../lib/net/client-address";
import { hasMalformedEscape } from "../lib/net/url-path";

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

/**
 * Wraps the app's request handler: rewrites the forwarding headers so `x-forwarded-for` holds the
 * one address worked out from the socket (and `trustedProxyHops` proxies), and answers a path with
 * a malformed percent-escape itself: 400 JSON under /api, Next's 404 page elsewhere.
 */
export function createEdgeHandler({ handle, trustedProxyHops }: { handle: NodeHandler; trustedProxyHops: number }): NodeHandler {
  markClientAddressTrusted();
  return (req, res) => {
    const address = resolveClientAddress({
      socketAddress: req.socket.remoteAddress,
      forwardedFor: req.headers["x-forwarded-for"],
      trustedProxyHops,
    });
    // Behind trusted proxies, host and protocol are theirs to say; without one, nobody's.
    for (const name of trustedProxyHops === 0 ? forwardingHeaders : ["x-forwarded-for", "x-real-ip", "forwarded"]) delete req.headers[name];
    // Never left empty: Next would fill it in from the socket, which behind a proxy is the proxy.
    req.headers["x-forwarded-for"] = address ?? "unknown";

    const path = (req.url ?? "/").split("?")[0]!;
    if (hasMalformedEscape(path)) {
      if (path.startsWith("/api/")) return sendMalformedPath(res);
      // No route can match a path under "/_" (private folders), so Next renders its 404 page.
      req.url = "/_malformed-url";
    }
    return handle(req, res);
  };
}

function sendMalformedPath(res: ServerResponse) {
  const body = JSON.stringify({
    error: {
      code: "bad_request:path",
      message: "The URL path holds a malformed percent-escape; write a literal % as %25",
    },
  });
  res.writeHead(400, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}
