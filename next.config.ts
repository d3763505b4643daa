import type { NextConfig } from "next";

// Cross-origin isolation on every path, /_next/static included: WebContainer needs it on the page,
// and Monaco's workers are blocked (ERR_BLOCKED_BY_RESPONSE) when their scripts lack it.
const isolationHeaders = [
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Cross-Origin-Embedder-Policy", value: "require-corp" },
  { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
];

const nextConfig: NextConfig = {
  // Native/WASM database drivers are loaded by Node at run time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "@prisma/adapter-pg", "@prisma/client"],
  poweredByHeader: false,
  async headers() {
    return [
      { source: "/:path*", headers: isolationHeaders },
      // Preview pages are opaque origins (CSP sandbox), so their own scripts and styles are
      // cross-origin loads for them; the last matching entry wins.
      {
        source: "/api/preview/:path*",
        headers: [{ key: "Cross-Origin-Resource-Policy", value: "cross-origin" }],
      },
    ];
  },
};

export default nextConfig;
