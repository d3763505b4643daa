import { createRequire, syncBuiltinESMExports } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Worker as NodeWorker, WorkerOptions } from "node:worker_threads";

/**
 * just-bash runs CPython and SQLite in worker threads, and a worker's `process.argv[1]` is its
 * script's path on the host. Emscripten turns that into CPython's `sys.executable` and the `_`
 * variable of `os.environ`, which showed the server's install path to guest code. Every worker
 * the box starts therefore runs under a neutral name (what `which` answers in the box) with an
 * empty environment, before its own script loads.
 */
const programByScript: Record<string, string> = {
  "worker.js": "/usr/bin/python3",
  "python-kernel.mjs": "/usr/bin/python3",
  "sqlite3-worker.js": "/usr/bin/sqlite3",
};

const workerThreads = createRequire(import.meta.url)("node:worker_threads") as { Worker: typeof NodeWorker };
const HostWorker = workerThreads.Worker;

class BoxWorker extends HostWorker {
  constructor(script: string | URL, options: WorkerOptions = {}) {
    if (options.eval) {
      super(script, { ...options, env: {} });
      return;
    }
    const file = typeof script === "string" ? pathToFileURL(script) : script;
    const program = programByScript[path.basename(fileURLToPath(file))] ?? "/usr/bin/node";
    const prelude = [
      `process.argv.splice(0, process.argv.length, "/usr/bin/node", ${JSON.stringify(program)});`,
      `process.execPath = "/usr/bin/node";`,
      `import(${JSON.stringify(file.href)});`,
    ].join("\n");
    super(prelude, { ...options, eval: true, env: {} });
  }
}

workerThreads.Worker = BoxWorker;
// ES modules that import { Worker } from "node:worker_threads" see the replacement too.
syncBuiltinESMExports();
