import { Bash } from "just-bash";
import { limits as appLimits } from "@/lib/validation/limits";
import type { BoxLimits } from "../protocol";
import { createChangeTracker } from "./change-tracker";
import { createNodeCommand } from "./node/node-command";
import { createStreamPlugin, streamDevices, writeToStream } from "./output-stream";
import { ProjectFs } from "./project-fs";
import { KernelPool } from "./python/kernel-pool";
import { createPythonCommands } from "./python/python-command";

export const projectRoot = "/project";
const longestCommandMs = 30 * 60_000;

/** The environment every command starts from; the host's own variables never reach the box. */
export const baseEnv: Readonly<Record<string, string>> = {
  HOME: projectRoot,
  PATH: "/usr/bin:/bin",
  USER: "user",
  LOGNAME: "user",
  SHELL: "/bin/bash",
  LANG: "C.UTF-8",
  TERM: "dumb",
  TZ: "UTC",
};

/**
 * One box's shell: just-bash over the in-memory ProjectFs, with our `python3` on warm CPython
 * interpreters (python/kernel-pool.ts), just-bash's sqlite3 and the QuickJS-backed `node`. No network commands are registered (no `network` or `fetch` option), and
 * JavaScript through just-bash's own js-exec stays off (it needs Node 22).
 */
export function createBoxShell(limits: BoxLimits) {
  const tracker = createChangeTracker({ root: projectRoot });
  const fs = new ProjectFs({
    root: projectRoot,
    projectBytes: limits.projectBytes,
    projectFiles: limits.projectFiles,
    // Room for /tmp and the like next to the project, still bounded.
    totalBytes: limits.projectBytes * 2 + 16 * 1024 * 1024,
    fileBytes: appLimits.fileMaxBytes,
    onChange: (path) => tracker.record(path),
    devices: {
      [streamDevices.stdout]: (bytes) => writeToStream("stdout", bytes),
      [streamDevices.stderr]: (bytes) => writeToStream("stderr", bytes),
    },
  });
  const pythons = new KernelPool(fs);
  const stringBytes = Math.min(16 * 1024 * 1024, Math.max(limits.outputBytes * 4, 1024 * 1024));
  const bash = new Bash({
    fs,
    cwd: projectRoot,
    env: { ...baseEnv },
    customCommands: [
      ...createPythonCommands({ fs, pool: pythons, defaults: { timeoutMs: limits.commandTimeoutMs, outputBytes: limits.outputBytes } }),
      createNodeCommand({
        fs,
        defaults: { timeoutMs: limits.commandTimeoutMs, memoryBytes: limits.memoryBytes, outputBytes: limits.outputBytes },
      }),
    ],
    processInfo: { pid: 1000, ppid: 1, uid: 1000, gid: 1000 },
    executionLimits: {
      // Deadlines come from each exec's own abort signal.
      maxExecutionTimeMs: longestCommandMs,
      maxPythonTimeoutMs: longestCommandMs,
      maxSqliteTimeoutMs: longestCommandMs,
      maxOutputSize: Math.max(16 * 1024 * 1024, limits.outputBytes * 4),
      maxStringLength: stringBytes,
      maxHeredocSize: stringBytes,
      maxArrayElements: 200_000,
      maxDatabaseBytes: limits.projectBytes,
      maxLiveBytes: Math.min(256 * 1024 * 1024, limits.memoryBytes * 2),
      maxInputBytes: Math.min(256 * 1024 * 1024, limits.memoryBytes * 2),
      maxArchiveBytes: limits.projectBytes,
      maxWorkerMessageBytes: 32 * 1024 * 1024,
    },
  });
  bash.registerTransformPlugin(createStreamPlugin());
  return { bash, fs, tracker, pythons };
}
