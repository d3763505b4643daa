import { parse, type ScriptNode, type StatementNode } from "just-bash";
import { baseEnv, projectRoot } from "./box-shell";

/**
 * What one terminal's shell keeps between its lines, as bash does in one process: its variables
 * (exported or not), working folder, functions and last exit status. just-bash runs every exec from
 * a copy of its start state, so the box carries these from one line's result into the next: the
 * variables through `env` (`replaceEnv`, so `unset` sticks), the folder through `cwd`, the status
 * as a leading `(exit N)` and the functions as their definitions (AST nodes) put before the line.
 * Functions defined inside a conditional or a sourced file, and `unset -f`, are not tracked.
 */
export type ShellSessionState = {
  env: Record<string, string>;
  cwd: string;
  status: number;
  functions: Map<string, StatementNode>;
  usedAt: number;
};

// Shell-managed values just-bash recomputes (or refuses to take as a variable) on every exec.
const recomputed = new Set(["?", "BASHOPTS", "SHELLOPTS", "PIPESTATUS", "OLDPWD"]);
const maxSessions = 16;
const sessions = new Map<string, ShellSessionState>();

/** The session's state, new (at the project root) the first time; the least recently used go past 16. */
export function shellSession(id: string): ShellSessionState {
  let state = sessions.get(id);
  if (!state) {
    state = { env: { ...baseEnv, PWD: projectRoot }, cwd: projectRoot, status: 0, functions: new Map(), usedAt: 0 };
    sessions.set(id, state);
    if (sessions.size > maxSessions) {
      const oldest = [...sessions.entries()].sort((a, b) => a[1].usedAt - b[1].usedAt)[0]!;
      sessions.delete(oldest[0]);
    }
  }
  state.usedAt = Date.now();
  return state;
}

/** The line's script with the session's functions and last status in front, and its own functions kept. */
export function resumeSession(state: ShellSessionState, ast: ScriptNode): ScriptNode {
  for (const statement of ast.statements) {
    const command = statement.pipelines.length === 1 && statement.pipelines[0]!.commands.length === 1 ? statement.pipelines[0]!.commands[0] : undefined;
    if (command?.type === "FunctionDef" && statement.operators.length === 0) state.functions.set(command.name, statement);
  }
  const status = parse(`(exit ${state.status})`).statements;
  return { ...ast, statements: [...state.functions.values(), ...status, ...ast.statements] };
}

const insideProject = (path: string) => path === projectRoot || path.startsWith(`${projectRoot}/`);

/**
 * Keeps what the line left: its variables, folder and exit status. The terminal stays in the
 * project: a `cd` out of it (`cd /`, `cd /tmp`) is undone, the returned message says so and
 * the line's status becomes 1.
 */
export function saveSession(state: ShellSessionState, result: { env: Record<string, string>; exitCode: number }, isDir: (path: string) => boolean): string | undefined {
  const env = Object.fromEntries(Object.entries(result.env).filter(([name]) => !recomputed.has(name)));
  const target = env.PWD ?? state.cwd;
  const stays = insideProject(target) && isDir(target);
  const cwd = stays ? target : state.cwd;
  state.env = { ...env, PWD: cwd };
  state.cwd = cwd;
  state.status = stays ? result.exitCode : 1;
  return stays ? undefined : `cd: ${target} is outside the project; the terminal stays in ${cwd} (files live under ${projectRoot})\n`;
}
