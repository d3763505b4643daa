import type { MemoryFs } from "../memory-fs";

export type ShellIo = { stdin: string; stdout: (text: string) => void; stderr: (text: string) => void };

export type ShellEnvironment = {
  fs: MemoryFs;
  /** The absolute path the shell shows for the project root, e.g. "/home/projects/app". */
  rootPath: string;
  /** The shell's name in its messages ("jsh: command not found: x"). */
  name: string;
  signal: AbortSignal;
  /** The commands this shell knows, when not the mini shell's own (a stricter runtime's set). */
  commands?: Readonly<Record<string, (ctx: CommandContext) => number | Promise<number>>>;
};

export type ShellState = { cwd: string; vars: Record<string, string>; status: number };

export type CommandContext = {
  args: string[];
  io: ShellIo;
  state: ShellState;
  shell: ShellEnvironment;
  /** The command's environment: the shell's variables plus `NAME=value` prefixes. */
  environ: Record<string, string>;
  /** A path argument as a project-relative path. */
  resolve: (arg: string) => string;
  run: (script: string, io: ShellIo) => Promise<number>;
};

/** Thrown by `exit`; the script ends with this status. */
export class ExitRequest {
  constructor(readonly code: number) {}
}

/** Thrown when the run's signal is aborted; the script ends with 130. */
export class Killed {}

/** The strerror-style text for a filesystem error ("No such file or directory"). */
export function errorText(error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  const texts: Record<string, string> = {
    ENOENT: "No such file or directory",
    EISDIR: "Is a directory",
    ENOTDIR: "Not a directory",
    EEXIST: "File exists",
    ENOTEMPTY: "Directory not empty",
    EINVAL: "Invalid argument",
  };
  return (code && texts[code]) ?? String((error as Error)?.message ?? error);
}
