// Copies Monaco's language workers, as monaco-editor ships them prebuilt and minified
// (min/vs/assets), to public/monaco/<version>, where the editor starts them
// (components/editor/monaco-setup.ts). The version in the path lets them be cached as immutable
// (next.config.ts); a new monaco-editor comes under a new path.
// Bundling them ourselves made `next build` parse and minify 9 MB of TypeScript's compiler on every
// build. They are build artifacts of the installed version: public/monaco is not in git.
// Run: node scripts/copy-monaco-workers.mjs
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const monacoDir = path.join(root, "node_modules", "monaco-editor");
const assets = path.join(monacoDir, "min", "vs", "assets");
const publicDir = path.join(root, "public", "monaco");
const workers = ["editor", "ts", "json", "css", "html"];

const { version } = JSON.parse(readFileSync(path.join(monacoDir, "package.json"), "utf8"));
const files = readdirSync(assets);
const outDir = path.join(publicDir, version);
rmSync(publicDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
for (const name of workers) {
  const found = files.filter((file) => new RegExp(`^${name}\\.worker-[\\w-]+\\.js$`).test(file));
  if (found.length !== 1)
    throw new Error(`monaco-editor ${version}: expected one ${name}.worker-*.js in min/vs/assets, found ${found.length}; reinstall with npm ci.`);
  copyFileSync(path.join(assets, found[0]), path.join(outDir, `${name}.worker.js`));
}
