import { decodeBytesToUtf8, defineCommand, type Command, type CommandContext } from "just-bash";
import { execContext } from "../exec-context";
import { replayCells } from "../notebook";
import { directOutputVariable } from "../output-stream";
import type { ProjectFs } from "../project-fs";
import type { KernelJob } from "./kernel-protocol";
import type { KernelPool } from "./kernel-pool";

type Parsed = { job: Omit<KernelJob, "mode" | "env" | "cwd" | "stdin">; stdinIsScript: boolean } | { exit: number; stdout?: string; stderr?: string };
type Defaults = { timeoutMs: number; outputBytes: number };

const version = "Python 3.13.2 (Emscripten)\n";
const usage = `usage: python3 [-c cmd | -m mod | file | -] [arg] ...
CPython 3.13 on WebAssembly: the standard library, no pip and no network.
`;

/** Python's command line: -c, -m, a script, or a program on stdin (what the box supports of it). */
function parseArgs(args: string[], fs: ProjectFs, cwd: string): Parsed {
  const base = { source: "", module: "", file: null, path0: "" };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "-c" || arg === "-m") {
      const value = args[i + 1];
      if (value === undefined) return { exit: 2, stderr: `Argument expected for the ${arg} option\n${usage}` };
      const rest = args.slice(i + 2);
      if (arg === "-c") return { job: { ...base, kind: "code", source: value, filename: "<string>", argv: ["-c", ...rest] }, stdinIsScript: false };
      return { job: { ...base, kind: "module", module: value, filename: value, path0: cwd, argv: [value, ...rest] }, stdinIsScript: false };
    }
    if (arg === "-V" || arg === "--version") return { exit: 0, stdout: version };
    if (arg === "-h" || arg === "--help") return { exit: 0, stdout: usage };
    if (arg === "-") return { job: { ...base, kind: "code", filename: "<stdin>", argv: ["-", ...args.slice(i + 1)] }, stdinIsScript: true };
    if (arg === "-u" || arg === "-B" || arg === "-I" || arg === "-E" || arg === "-s") continue;
    if (arg.startsWith("-")) return { exit: 2, stderr: `Unknown option: ${arg}\n${usage}` };
    const path = fs.resolvePath(cwd, arg);
    let source: string;
    try {
      source = Buffer.from(fs.readBytesSync(path)).toString("utf8");
    } catch {
      return { exit: 2, stderr: `python3: can't open file '${path}': [Errno 2] No such file or directory\n` };
    }
    const dir = path.slice(0, path.lastIndexOf("/")) || "/";
    return { job: { ...base, kind: "code", source, filename: path, file: path, path0: dir, argv: [arg, ...args.slice(i + 1)] }, stdinIsScript: false };
  }
  return { job: { ...base, kind: "code", filename: "<stdin>", argv: [""] }, stdinIsScript: true };
}

function environmentOf(ctx: CommandContext): Record<string, string> {
  const env: Record<string, string> = { ...(ctx.exportedEnv ?? Object.fromEntries(ctx.env)) };
  for (const name of execContext.getStore()?.environment ?? []) {
    const value = ctx.env.get(name);
    if (value !== undefined && !(name in env)) env[name] = value;
  }
  return env;
}

/**
 * `python3` (and `python`) for the box, on the box's warm interpreters (kernel-pool.ts) instead of
 * a CPython loaded per run. In a notebook exec the program runs in the session's live interpreter,
 * rebuilt first from the earlier cells when the box no longer holds it.
 */
export function createPythonCommands({ fs, pool, defaults }: { fs: ProjectFs; pool: KernelPool; defaults: Defaults }): Command[] {
  const execute = async (args: string[], ctx: CommandContext) => {
    const parsed = parseArgs(args, fs, ctx.cwd);
    if ("exit" in parsed) return { exitCode: parsed.exit, stdout: parsed.stdout ?? "", stderr: parsed.stderr ?? "" };
    const context = execContext.getStore();
    const stdinText = decodeBytesToUtf8(ctx.stdin);
    const env = environmentOf(ctx);
    const direct = ctx.env.get(directOutputVariable) === "1" || env[directOutputVariable] === "1";
    delete env[directOutputVariable];
    const job: Omit<KernelJob, "mode"> = {
      ...parsed.job,
      source: parsed.stdinIsScript ? stdinText : parsed.job.source,
      env,
      cwd: ctx.cwd,
      stdin: parsed.stdinIsScript ? "" : stdinText,
    };

    const limit = (context?.outputBytes ?? defaults.outputBytes) + 1024;
    const chunks: Record<1 | 2, Buffer[]> = { 1: [], 2: [] };
    let used = 0;
    const stream = direct ? context?.output : undefined;
    const output = (fd: 1 | 2, bytes: Uint8Array) => {
      if (used >= limit) return;
      const kept = bytes.subarray(0, limit - used);
      used += kept.byteLength;
      if (stream) stream(fd === 1 ? "stdout" : "stderr", kept);
      else chunks[fd].push(Buffer.from(kept));
    };
    const deadline = context?.deadline ?? Date.now() + defaults.timeoutMs;

    const notebook = context?.notebook;
    let result;
    if (notebook) {
      const { kernel, created } = await pool.notebook(notebook.id);
      const cell = { ...job, mode: "cell" as const };
      if (created)
        await replayCells(notebook, notebook.replay, async (source) => {
          const replayed = await kernel.run({ job: { ...cell, source, filename: "<cell>", file: null, stdin: "" }, deadline, signal: ctx.signal });
          return replayed.status === 0;
        });
      result = await kernel.run({ job: cell, deadline, signal: ctx.signal, output });
    } else result = await pool.run({ job: { ...job, mode: "run" }, deadline, signal: ctx.signal, output });
    if (result.stop === "crashed") chunks[2].push(Buffer.from(`python3: ${result.message ?? "the interpreter stopped"}\n`));
    return { exitCode: result.status, stdout: Buffer.concat(chunks[1]).toString("utf8"), stderr: Buffer.concat(chunks[2]).toString("utf8") };
  };
  return [defineCommand("python3", execute), defineCommand("python", execute)];
}
