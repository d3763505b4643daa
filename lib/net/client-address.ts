import { isIP } from "node:net";
import { z } from "zod";

/**
 * How many reverse proxies in front of the app append to `X-Forwarded-For` (TRUSTED_PROXY_HOPS).
 * 0, the default, believes no forwarding header: the client is whoever opened the connection.
 */
export const trustedProxyHopsSchema = z.coerce.number().int().min(0).max(10).default(0);

/**
 * The request headers a client could use to pose as someone else. The server entry removes them,
 * then writes `x-forwarded-for` itself: a single address it worked out, nothing the client said.
 */
export const forwardingHeaders = ["x-forwarded-for", "x-real-ip", "forwarded", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port"];

/** An IP address in the form rate limits and comparisons use: IPv4-mapped IPv6 as plain IPv4. */
export function normalizeAddress(address: string | null | undefined): string | null {
  const trimmed = address?.trim() ?? "";
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed)?.[1];
  const candidate = mapped ?? trimmed;
  const family = isIP(candidate);
  if (family === 0) return null;
  return family === 6 ? candidate.toLowerCase() : candidate;
}

/**
 * The client's address: the socket's peer, or with `trustedProxyHops` proxies in front, the entry
 * that many hops back in `X-Forwarded-For` (each proxy appends the address it saw, so only the
 * rightmost entries are theirs; anything to the left came from the client and is ignored).
 * Null when that entry is not an IP address.
 */
export function resolveClientAddress({
  socketAddress,
  forwardedFor,
  trustedProxyHops,
}: {
  socketAddress: string | undefined;
  forwardedFor: string | string[] | undefined;
  trustedProxyHops: number;
}): string | null {
  if (trustedProxyHops === 0) return normalizeAddress(socketAddress);
  const forwarded = [forwardedFor ?? []].flat().flatMap((value) => value.split(","));
  const chain = [...forwarded, socketAddress ?? ""];
  // Fewer entries than hops: the request skipped a proxy, so the farthest hop seen is the client.
  return normalizeAddress(chain[Math.max(0, chain.length - 1 - trustedProxyHops)]);
}

export function isLoopbackAddress(address: string | null): boolean {
  if (!address) return false;
  return address === "::1" || /^127\.\d+\.\d+\.\d+$/.test(address);
}

const trustedMark = Symbol.for("agent-ide.client-address-trusted");
const holder = globalThis as { [trustedMark]?: boolean; __ideUntrustedWarned?: boolean };

/** Called by the server entry, which rewrites `x-forwarded-for` on every request before Next sees it. */
export function markClientAddressTrusted() {
  holder[trustedMark] = true;
}

/**
 * The address of the client that sent this request, as the server entry (server/edge.ts) wrote
 * it, or null when unknown. A server started some other way (plain `next start`) passes whatever
 * the client sent, so then nothing is believed: guests are refused and limits are shared.
 */
export function getClientAddress(headers: Headers): string | null {
  if (!holder[trustedMark]) {
    if (!holder.__ideUntrustedWarned) {
      holder.__ideUntrustedWarned = true;
      console.warn("Client addresses are unknown: start the server with `npm start` (server/main.ts), not `next start`");
    }
    return null;
  }
  return normalizeAddress(headers.get("x-forwarded-for"));
}
