import { resolveShellPath } from "../../paths";
import { builtins } from "./commands";
import { errorText, ExitRequest, Killed, type ShellEnvironment, type ShellIo, type ShellState } from "./context";
import { parseScript, ShellSyntaxError, type Command, type Pipeline, type Script, type SimpleCommand, type Word } from "./syntax";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
// Pipes are buffered whole; an endless producer is stopped by the caller's deadline, not by memory.
const pipeBufferLimit = 8 * 1024 * 1024;

// Long loops must let timers (deadlines, aborts) and I/O run; a microtask-only loop would starve them.
let lastYield = Date.now();
async function yieldSometimes() {
  if (Date.now() - lastYield < 8) return;
  await new Promise((resolve) => setTimeout(resolve, 0));
  lastYield = Date.now();
}

/**
 * Runs a mini-shell script over an in-memory filesystem and resolves with its exit status. Syntax
 * errors print to stderr and exit 2; aborting the signal stops it at the next command with 130.
 */
export async function runScript(
  source: string,
  options: ShellEnvironment & ShellIo & { cwd: string; env: Record<string, string> },
): Promise<number> {
  const { stdin, stdout, stderr, cwd, env, ...shell } = options;
  const state: ShellState = { cwd, vars: { ...env }, status: 0 };
  return runIn(source, shell, state, { stdin, stdout, stderr });
}

async function runIn(source: string, shell: ShellEnvironment, state: ShellState, io: ShellIo): Promise<number> {
  let script: Script;
  try {
    script = parseScript(source);
  } catch (error) {
    if (!(error instanceof ShellSyntaxError)) throw error;
    io.stderr(`${shell.name}: syntax error: ${error.message}\n`);
    return 2;
  }
  try {
    return await runList(script, shell, state, io);
  } catch (error) {
    if (error instanceof ExitRequest) return error.code;
    if (error instanceof Killed) return 130;
    throw error;
  }
}

async function runList(script: Script, shell: ShellEnvironment, state: ShellState, io: ShellIo): Promise<number> {
  for (const andOr of script) {
    state.status = await runPipeline(andOr.first, shell, state, io);
    for (const { op, pipeline } of andOr.rest) {
      if ((op === "&&") === (state.status === 0)) state.status = await runPipeline(pipeline, shell, state, io);
    }
  }
  return state.status;
}

async function runPipeline(pipeline: Pipeline, shell: ShellEnvironment, state: ShellState, io: ShellIo): Promise<number> {
  let stdin = io.stdin;
  let status = 0;
  for (const [i, command] of pipeline.commands.entries()) {
    const last = i === pipeline.commands.length - 1;
    let piped = "";
    const stdout = last
      ? io.stdout
      : (text: string) => {
          if (piped.length < pipeBufferLimit) piped += text;
        };
    status = await runCommand(command, shell, state, { stdin, stdout, stderr: io.stderr });
    stdin = piped;
  }
  return pipeline.negated ? (status === 0 ? 1 : 0) : status;
}

async function runCommand(command: Command, shell: ShellEnvironment, state: ShellState, io: ShellIo): Promise<number> {
  if (shell.signal.aborted) throw new Killed();
  await yieldSometimes();
  if (command.type === "simple") return runSimple(command, shell, state, io);
  let status = 0;
  for (;;) {
    if (shell.signal.aborted) throw new Killed();
    await yieldSometimes();
    const condition = await runList(command.condition, shell, state, io);
    if ((condition === 0) === command.until) return status;
    status = await runList(command.body, shell, state, io);
  }
}

function expand(word: Word, state: ShellState): string {
  return word
    .map((part) => ("literal" in part ? part.literal : part.variable === "?" ? String(state.status) : (state.vars[part.variable] ?? "")))
    .join("");
}

type Output = { write: (text: string) => void; flush?: () => void };

async function runSimple(command: SimpleCommand, shell: ShellEnvironment, state: ShellState, io: ShellIo): Promise<number> {
  const args = command.words.map((w) => expand(w, state));
  const assigned = Object.fromEntries(command.assignments.map((a) => [a.name, expand(a.value, state)]));
  const resolve = (arg: string) => resolveShellPath({ cwd: state.cwd, arg, rootPath: shell.rootPath });

  // File descriptors 0-2 after the redirects, applied left to right as a shell does.
  let stdin = io.stdin;
  const fds: Output[] = [{ write: () => {} }, { write: io.stdout }, { write: io.stderr }];
  const files: Output[] = [];
  for (const redirect of command.redirects) {
    const target = expand(redirect.target, state);
    if (redirect.op === ">&") {
      const from = fds[Number(target)];
      if (!/^[12]$/.test(target) || !from) return fail(io, shell, `${target}: bad file descriptor`);
      fds[redirect.fd] = from;
      continue;
    }
    if (target === "/dev/null") {
      if (redirect.op === "<") stdin = "";
      else fds[redirect.fd] = { write: () => {} };
      continue;
    }
    const path = resolve(target);
    try {
      if (redirect.op === "<") {
        stdin = decoder.decode(shell.fs.readFile(path));
        continue;
      }
      if (redirect.op === ">" || !shell.fs.kindOf(path)) shell.fs.writeFile(path, new Uint8Array());
      else if (shell.fs.kindOf(path) === "dir") shell.fs.readFile(path);
    } catch (error) {
      return fail(io, shell, `${target}: ${errorText(error)}`);
    }
    let buffered = "";
    const file: Output = {
      write: (text) => void (buffered += text),
      flush: () => shell.fs.writeFile(path, encoder.encode(buffered), { append: true }),
    };
    files.push(file);
    fds[redirect.fd] = file;
  }

  const commandIo: ShellIo = { stdin, stdout: (t) => fds[1]!.write(t), stderr: (t) => fds[2]!.write(t) };
  try {
    const name = args[0];
    if (name === undefined) {
      Object.assign(state.vars, assigned);
      return 0;
    }
    const table = shell.commands ?? builtins;
    const builtin = Object.hasOwn(table, name) ? table[name] : undefined;
    if (!builtin) {
      commandIo.stderr(`${shell.name}: command not found: ${name}\n`);
      return 127;
    }
    return await builtin({
      args: args.slice(1),
      io: commandIo,
      state,
      shell,
      environ: { ...state.vars, ...assigned },
      resolve,
      run: (script, nestedIo) => runIn(script, shell, { cwd: state.cwd, vars: { ...state.vars, ...assigned }, status: 0 }, nestedIo),
    });
  } finally {
    for (const file of files) file.flush?.();
  }
}

function fail(io: ShellIo, shell: ShellEnvironment, message: string): number {
  io.stderr(`${shell.name}: ${message}\n`);
  return 1;
}
