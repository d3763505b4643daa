import { describe, expect, it } from "vitest";
import { defaultRedirectTarget, safeRedirectTarget } from "@/lib/auth/redirect-target";

describe("safeRedirectTarget", () => {
  it.each([
    ["/\\evil.example.com/phish"],
    ["\\\\evil.example.com"],
    ["//evil.example.com"],
    ["///evil.example.com"],
    ["/\t/evil.example.com"],
    ["/\n/evil.example.com"],
    ["\t//evil.example.com"],
    [" //evil.example.com"],
    ["/.//evil.example.com"],
    ["/..//evil.example.com"],
    ["https://evil.example.com/projects"],
    ["https:/evil.example.com"],
    ["javascript:alert(1)"],
    ["JaVaScRiPt:alert(1)"],
    ["java\tscript:alert(1)"],
    ["data:text/html,<script>alert(1)</script>"],
    ["http://app.invalid@evil.example.com/"],
    [""],
    [null],
    [undefined],
    ["/" + "a".repeat(5000)],
  ])("sends %j to the default page", (next) => {
    expect(safeRedirectTarget(next)).toBe(defaultRedirectTarget);
  });

  it.each(["http://localhost:3000", "https://ide.example.com"])("only ever answers paths that stay on %s", (origin) => {
    const tricky = ["/\\x", "//x", "/\t/x", "/.//x", "http:x", "https:x", "/%2F/x", "\\/x", "/\\/x"];
    for (const next of tricky) expect(new URL(safeRedirectTarget(next), origin).origin).toBe(origin);
  });

  it.each([
    ["/projects/abc", "/projects/abc"],
    ["/projects/abc?tab=agent#x", "/projects/abc?tab=agent#x"],
    ["/settings", "/settings"],
    // Still encoded when the browser opens it: a path on this app, not a host.
    ["/%5Cevil.example.com", "/%5Cevil.example.com"],
    // Same scheme as the page: a relative path, rebuilt as one.
    ["http:evil.example.com", "/evil.example.com"],
    ["/a/../settings", "/settings"],
    ["settings", "/settings"],
  ])("keeps the app's own page %j as %j", (next, expected) => {
    expect(safeRedirectTarget(next)).toBe(expected);
  });
});
