import { decodeBytesToUtf8, defineCommand, type Command } from "just-bash";
import { execContext } from "../exec-context";
import { directOutputVariable } from "../output-stream";
import type { ProjectFs } from "../project-fs";
import { replayCells } from "../notebook";
import { runNode, nodeVersion, type NodeEntry, type NodeNotebook } from "./js-runner";
import { esmSyntax, ModuleResolver } from "./module-resolution";

type Parsed = { entry?: NodeEntry; script?: string; argv: string[]; stdinScript: boolean } | { exit: number; stdout?: string; stderr?: string };

// Flags people pass out of habit that change nothing here.
const ignoredFlags = /^--(no-warnings|no-deprecation|enable-source-maps|trace-uncaught|trace-warnings|harmony|experimental-[\w-]+|max-old-space-size=\d+|stack-size=\d+)$/;

const usage = `Usage: node [options] [ script.js ] [arguments]
       node -e "script" [arguments]
       node -p "expression"

The box runs JavaScript on QuickJS with Node's core APIs for files (fs, path), console, process,
timers, events, util, assert, os and readline. There are no child processes, network or native
addons.
`;

function parseArgs(args: string[]): Parsed {
  let asModule = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "-e" || arg === "--eval" || arg === "-p" || arg === "--print" || arg.startsWith("--eval=") || arg.startsWith("--print=")) {
      const print = arg.startsWith("-p") || arg.startsWith("--print");
      const inline = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : undefined;
      const code = inline ?? args[i + 1];
      if (code === undefined) return { exit: 9, stderr: `node: ${arg} requires an argument\n` };
      const rest = args.slice(inline === undefined ? i + 2 : i + 1);
      // Like Node 22: code with import/export runs as a module without --input-type.
      return { entry: { kind: "eval", code, print, module: asModule || (!print && esmSyntax.test(code)) }, argv: rest[0] === "--" ? rest.slice(1) : rest, stdinScript: false };
    }
    if (arg === "-v" || arg === "--version") return { exit: 0, stdout: `${nodeVersion}\n` };
    if (arg === "-h" || arg === "--help") return { exit: 0, stdout: usage };
    if (arg === "--input-type=module") asModule = true;
    else if (arg === "--input-type=commonjs") asModule = false;
    else if (arg === "-" || arg === "--") {
      const rest = args.slice(i + 1);
      if (arg === "--" && rest.length > 0) return { script: rest[0], argv: rest.slice(1), stdinScript: false };
      return { argv: rest, stdinScript: true, entry: { kind: "eval", code: "", print: false, module: asModule } };
    } else if (arg.startsWith("-")) {
      if (!ignoredFlags.test(arg)) return { exit: 9, stderr: `node: bad option: ${arg}\n` };
    } else return { script: arg, argv: args.slice(i + 1), stdinScript: false };
  }
  return { argv: [], stdinScript: true, entry: { kind: "eval", code: "", print: false, module: asModule } };
}

/** Notebooks whose JavaScript context a box keeps at once, and for how long unused. */
const notebookBounds = { contexts: 3, idleMs: 10 * 60_000 } as const;

/** The notebook's context holder (empty when it has no live context), least recently used ones dropped. */
function notebookFor(notebooks: Map<string, NodeNotebook & { usedAt: number }>, id: string) {
  for (const [name, held] of notebooks) if (Date.now() - held.usedAt > notebookBounds.idleMs) notebooks.delete(name);
  let held = notebooks.get(id);
  if (!held) {
    held = { usedAt: 0 };
    notebooks.set(id, held);
    const oldest = [...notebooks.entries()].sort((a, b) => a[1].usedAt - b[1].usedAt);
    for (const [name] of oldest.slice(0, Math.max(0, notebooks.size - notebookBounds.contexts))) notebooks.delete(name);
  }
  held.usedAt = Date.now();
  return held;
}

/**
 * `node` for the box: Node's command line over QuickJS (see js-runner.ts). It never touches the
 * host's Node: the program only sees the box's filesystem and the bridged core modules.
 */
export function createNodeCommand({ fs, defaults }: { fs: ProjectFs; defaults: { timeoutMs: number; memoryBytes: number; outputBytes: number } }): Command {
  const notebooks = new Map<string, NodeNotebook & { usedAt: number }>();
  return defineCommand("node", async (args, ctx) => {
    const parsed = parseArgs(args);
    if ("exit" in parsed) return { exitCode: parsed.exit, stdout: parsed.stdout ?? "", stderr: parsed.stderr ?? "" };
    const limits = execContext.getStore() ?? { deadline: Date.now() + defaults.timeoutMs, ...defaults };
    const stdinText = decodeBytesToUtf8(ctx.stdin);
    let entry = parsed.entry;
    let stdin = stdinText;
    if (parsed.stdinScript && entry?.kind === "eval") {
      entry = { ...entry, code: stdinText, module: entry.module || esmSyntax.test(stdinText) };
      stdin = "";
    }
    if (parsed.script !== undefined) {
      // Like Node, a script path is a file path: ".agent/x.mjs" is relative, not a package name.
      const explicit = /^(\/|\.\.?\/|\.\.?$)/.test(parsed.script);
      const target = explicit ? parsed.script : `./${parsed.script}`;
      try {
        const resolved = new ModuleResolver(fs).resolve(target, `${ctx.cwd}/[entry]`);
        if ("builtin" in resolved) throw new Error("not a file");
        entry = { kind: "file", path: resolved.path };
      } catch {
        const shown = fs.resolvePath(ctx.cwd, parsed.script);
        return { exitCode: 1, stdout: "", stderr: `node: Error: Cannot find module '${shown}'\n` };
      }
    }
    if (!entry) return { exitCode: 0, stdout: "", stderr: "" };
    const env: Record<string, string> = { ...(ctx.exportedEnv ?? Object.fromEntries(ctx.env)) };
    for (const name of execContext.getStore()?.environment ?? []) {
      const value = ctx.env.get(name);
      if (value !== undefined && !(name in env)) env[name] = value;
    }
    // A top-level `node …` streams its output live, and keeps it when stopped by the deadline.
    const direct = ctx.env.get(directOutputVariable) === "1" || env[directOutputVariable] === "1";
    const stream = direct ? execContext.getStore()?.output : undefined;
    delete env[directOutputVariable];
    const run = {
      fs,
      entry,
      argv: parsed.argv,
      env,
      stream,
      cwd: ctx.cwd,
      stdin,
      deadline: limits.deadline,
      signal: ctx.signal,
      memoryBytes: limits.memoryBytes,
      outputBytes: limits.outputBytes,
    };
    const notebook = execContext.getStore()?.notebook;
    const held = notebook && notebookFor(notebooks, notebook.id);
    if (notebook && held && !held.engine)
      await replayCells(notebook, notebook.replay, async (code) => {
        const replayed = await runNode({ ...run, entry: { kind: "eval", code, print: false, module: true }, stream: undefined, stdin: "" }, held);
        return replayed.exitCode === 0;
      });
    const result = await runNode(run, held);
    return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
  });
}
