// Builds the offline box's runtime (lib/sandbox/box/runtime) into one ES module that plain `node`
// runs as each box's child process, and writes the list of package folders that process may read
// under Node's permission model. Run: node scripts/build-box.mjs
// The output goes to node_modules/.cache/box: a build artifact, next to the packages it imports,
// and outside what git and eslint look at.
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outDir = path.join(root, "node_modules", ".cache", "box");
// Loaded from node_modules at run time: just-bash finds its Python/SQLite workers and CPython next
// to its own files, and the QuickJS variant is the wasm build it ships.
const external = ["just-bash", "@jitl/quickjs-wasmfile-release-sync"];
// Never readable by a box, even if a dependency starts to depend on it: CPython's socket layer
// (Emscripten SOCKFS) loads `ws` when it can, which would give guest Python real WebSockets.
const neverReadable = new Set(["ws"]);

function packageDir(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (existsSync(path.join(candidate, "package.json"))) return realpathSync(candidate);
    if (path.dirname(dir) === dir) return null;
  }
}

/** The external packages and everything they depend on, as folders relative to the repo root. */
function dependencyClosure(names) {
  const seen = new Set();
  const visit = (name, fromDir) => {
    if (neverReadable.has(name)) return;
    const dir = packageDir(name, fromDir);
    if (!dir || seen.has(dir)) return;
    seen.add(dir);
    const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) visit(dep, dir);
  };
  for (const name of names) visit(name, root);
  return [...seen].map((dir) => path.relative(root, dir)).sort();
}

mkdirSync(outDir, { recursive: true });
// The Python kernel runs in a worker thread of the box, loaded from a file beside runtime.mjs.
await build({
  entryPoints: { runtime: path.join(root, "lib/sandbox/box/runtime/main.ts"), "python-kernel": path.join(root, "lib/sandbox/box/runtime/python/kernel-worker.ts") },
  outdir: outDir,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external,
  tsconfig: path.join(root, "tsconfig.json"),
  legalComments: "none",
  logLevel: "warning",
});
const relativeOut = path.relative(root, outDir);
const manifest = { entry: path.join(relativeOut, "runtime.mjs"), readable: [relativeOut, ...dependencyClosure(external)] };
writeFileSync(path.join(outDir, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(`box runtime: ${manifest.entry} (${manifest.readable.length} readable folders)`);
