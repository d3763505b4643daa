import { describe, expect, it } from "vitest";
import { isLoopbackAddress, resolveClientAddress } from "@/lib/net/client-address";
import { hasMalformedEscape } from "@/lib/net/url-path";

describe("resolveClientAddress", () => {
  it.each([
    // socket, X-Forwarded-For, trusted hops → client
    ["127.0.0.1", undefined, 0, "127.0.0.1"],
    ["127.0.0.1", "198.51.100.7", 0, "127.0.0.1"],
    ["::ffff:192.0.2.1", "127.0.0.1", 0, "192.0.2.1"],
    ["::1", "1.2.3.4, 5.6.7.8", 0, "::1"],
    ["10.0.0.2", "203.0.113.7", 1, "203.0.113.7"],
    ["10.0.0.2", "127.0.0.1, 203.0.113.7", 1, "203.0.113.7"],
    ["10.0.0.2", ["127.0.0.1", "203.0.113.7"], 1, "203.0.113.7"],
    ["10.0.0.3", "203.0.113.7, 10.0.0.2", 2, "203.0.113.7"],
    ["10.0.0.2", undefined, 1, "10.0.0.2"],
    ["10.0.0.2", "not-an-address", 1, null],
    ["10.0.0.2", "203.0.113.7:443", 1, null],
    [undefined, undefined, 0, null],
  ] as const)("socket %s, X-Forwarded-For %j, %i hop(s) → %s", (socketAddress, forwardedFor, trustedProxyHops, expected) => {
    expect(resolveClientAddress({ socketAddress, forwardedFor: forwardedFor as string | string[] | undefined, trustedProxyHops })).toBe(expected);
  });
});

describe("isLoopbackAddress", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.8.9.10", true],
    ["::1", true],
    ["10.0.0.1", false],
    ["203.0.113.9", false],
    ["::", false],
    ["0.0.0.0", false],
    [null, false],
  ])("%s → %s", (address, expected) => {
    expect(isLoopbackAddress(address)).toBe(expected);
  });
});

describe("hasMalformedEscape", () => {
  it.each([
    ["/api/tokens/%ZZ", true],
    ["/api/projects/%E0%A4%A/files", true],
    ["/api/projects/%/files", true],
    ["/projects/%E0%A4%A", true],
    ["/api/preview/abc.def/%E0%A4%A", true],
    ["/a/%C0%AF", true],
    ["/api/projects/abc/files", false],
    ["/api/preview/t/100%25.html", false],
    ["/api/preview/t/a%20b.html", false],
    ["/projects/%E0%A4%B9", false],
  ])("%s → %s", (path, expected) => {
    expect(hasMalformedEscape(path)).toBe(expected);
  });
});
