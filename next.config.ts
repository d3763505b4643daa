import { readFileSync } from "node:fs";
import path from "node:path";
import type { NextConfig } from "next";

// Monaco's prebuilt workers sit under public/monaco/<version> (scripts/copy-monaco-workers.mjs).
const monacoVersion: string = JSON.parse(readFileSync(path.join(process.cwd(), "node_modules", "monaco-editor", "package.json"), "utf8")).version;

// Cross-origin isolation on every path, /_next/static included: WebContainer needs it on the page,
// and Monaco's workers are blocked (ERR_BLOCKED_BY_RESPONSE) when their scripts lack it. COEP is
// credentialless, so previewed apps may load third-party images, fonts and scripts, except in WebKit,
// which lacks it and gets require-corp; WebContainer boots with the same value
// (lib/sandbox/webcontainer/coep.ts holds the same rule; a unit test compares the two).
// A WebKit engine that is not Chromium's or Gecko's: Safari and every iOS browser. Next anchors it (^…$).
const webkitOnlyUserAgent = "(?!.*(?:Chrome|Chromium|Firefox)/).*AppleWebKit/.*";
const isolationHeaders = [
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Cross-Origin-Embedder-Policy", value: "credentialless" },
  { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
];

const nextConfig: NextConfig = {
  // Native/WASM database drivers are loaded by Node at run time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "@prisma/adapter-pg", "@prisma/client"],
  poweredByHeader: false,
  env: { MONACO_VERSION: monacoVersion },
  experimental: {
    // A fresh clone's `npm start` builds once: writing Turbopack's cache for a next build that may
    // never come added 17–28 s to it (a rebuild with the cache took 29 s, without it ~50 s).
    turbopackFileSystemCacheForBuild: false,
    // Server code is not sent to browsers; minifying it took ~12 s of every build.
    turbopackMinify: { server: false },
    // PostCSS runs in worker threads instead of child processes: less memory at the build's peak.
    turbopackPluginRuntimeStrategy: "workerThreads",
  },
  // Types are checked by `npm run typecheck` (scripts/test.sh, CI); checking them again here added
  // about a minute to every `npm start`.
  typescript: { ignoreBuildErrors: true },
  turbopack: {
    // Monaco's language services import internal/common/workers.js by this relative path; the
    // stand-in starts their workers without importing every editor feature.
    resolveAlias: {
      "../../../internal/common/workers.js": "./components/editor/monaco-worker-bootstrap.ts",
      // Their fallback worker entries, never started (monaco-setup.ts starts the prebuilt ones).
      "../../common/services/editorWebWorkerMain.js": "./components/editor/monaco-unbundled-worker.ts",
      ...Object.fromEntries(["ts", "json", "css", "html"].map((name) => [`./${name}.worker.js`, "./components/editor/monaco-unbundled-worker.ts"])),
    },
  },
  async headers() {
    return [
      { source: "/:path*", headers: isolationHeaders },
      {
        source: "/:path*",
        has: [{ type: "header", key: "user-agent", value: webkitOnlyUserAgent }],
        headers: [{ key: "Cross-Origin-Embedder-Policy", value: "require-corp" }],
      },
      // Preview pages are opaque origins (CSP sandbox), so their own scripts and styles are
      // cross-origin loads for them; the last matching entry wins.
      {
        source: "/api/preview/:path*",
        headers: [{ key: "Cross-Origin-Resource-Policy", value: "cross-origin" }],
      },
      // Versioned paths: a repeat visit uses its copy without asking (public/ files default to max-age=0).
      {
        source: "/monaco/:path*",
        headers: [{ key: "Cache-Control", value: "public, max-age=31536000, immutable" }],
      },
    ];
  },
};

export default nextConfig;
