import { AsyncLocalStorage } from "node:async_hooks";
import type { NotebookRun } from "./notebook";
import type { ShellSessionState } from "./shell-session";

/** What code running for one exec needs to know about it (just-bash passes commands no such field). */
export type ExecContext = {
  deadline: number;
  memoryBytes: number;
  outputBytes: number;
  /** A terminal's line: its script resumes this shell state (see shell-session.ts). */
  session?: ShellSessionState;
  /** An agent session's notebook: `node` and `python3` run in its live context (see notebook.ts). */
  notebook?: NotebookRun;
  /** Set once the exec's top-level script has been wrapped for streaming. */
  streaming?: boolean;
  /**
   * Names of the variables the exec was given: they are the script's environment, so, as in bash,
   * programs it starts see them (with the script's later values) although just-bash counts only
   * the shell's own and `export`ed ones as exported.
   */
  environment?: readonly string[];
  /** Receives bytes the exec's script wrote to a stream device. */
  output?: (stream: "stdout" | "stderr", bytes: Uint8Array) => void;
};

export const execContext = new AsyncLocalStorage<ExecContext>();
