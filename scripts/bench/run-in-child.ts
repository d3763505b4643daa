import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * Runs a benchmark script in a process of its own (lib/db/client opens one database per process):
 * `tsx --conditions=react-server <script> <flag> <result.json>` with `env` over this environment,
 * and returns the JSON it left in the result file.
 */
export async function runInChild<T>({ script, flag, env, what }: { script: string; flag: string; env: Record<string, string>; what: string }): Promise<T> {
  const root = process.cwd();
  const dir = await mkdtemp(path.join(tmpdir(), "bench-child-"));
  const outFile = path.join(dir, "result.json");
  try {
    const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", script, flag, outFile], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: "inherit",
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    if (code !== 0) throw new Error(`the ${what} process exited with ${code}`);
    return JSON.parse(await readFile(outFile, "utf8")) as T;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
