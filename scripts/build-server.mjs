// Builds the app's server entry (server/main.ts) into one ES module that plain `node` runs:
// `npm start` and the e2e suite start it instead of `next start`. Packages stay in node_modules.
// Run: node scripts/build-server.mjs
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
await build({
  entryPoints: [path.join(root, "server/main.ts")],
  outfile: path.join(root, "node_modules/.cache/server/main.mjs"),
  bundle: true,
  packages: "external",
  platform: "node",
  format: "esm",
  target: "node20",
  tsconfig: path.join(root, "tsconfig.json"),
  legalComments: "none",
  logLevel: "warning",
});
