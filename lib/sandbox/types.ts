/**
 * The one sandbox interface. Backends (WebContainer in the browser, the offline box on the server,
 * an in-memory fake for tests) implement it; nothing outside lib/sandbox knows which one runs.
 *
 * Paths are project-relative ("src/index.ts"; "" is the project root) and are validated with
 * normalizeProjectPath, so no backend can be asked to touch anything outside the project.
 */

export type SandboxKind = "webcontainer" | "box" | "memory";

/** Why a backend cannot run here; shown to the person with what they can do about it. */
export type UnavailableReason =
  | "not_isolated" // page is not cross-origin isolated (COOP/COEP missing, or not a secure context)
  | "network" // the runtime could not be fetched
  | "timeout" // boot did not finish in time
  | "unsupported_browser"
  | "disabled" // turned off by configuration or by the user
  | "error";

export type SandboxStatus =
  | { state: "booting"; detail?: string }
  | { state: "ready" }
  | { state: "unavailable"; reason: UnavailableReason; message: string }
  | { state: "crashed"; message: string }
  | { state: "disposed" };

export type DirEntry = { name: string; kind: "file" | "dir" };
export type FileStat = { kind: "file" | "dir"; size: number; mtimeMs: number };

export type ExecOptions = {
  /** Project-relative working directory; default the project root. */
  cwd?: string;
  env?: Record<string, string>;
  /** Wall-clock limit; on expiry the command is killed and resolves with exit code 124. */
  timeoutMs?: number;
  /** Aborting kills the command; it resolves with exit code 130. */
  signal?: AbortSignal;
  stdin?: string;
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
  /** What the sandbox says about the run that is not the command's output (it waits in line for a box). */
  onNotice?: (message: string) => void;
  /**
   * A terminal's id (box only): the command runs in that terminal's shell, whose variables, cwd,
   * functions and `$?` persist between commands as in bash; `cwd` is then only the first folder.
   */
  session?: string;
  /**
   * An agent session's notebook (box only; other backends run the command as usual): `node` and
   * `python3` run in that session's live JavaScript / Python context, so names an earlier cell
   * defined are still there. When the box holds no such context (a new box, one evicted or
   * stopped), it is first rebuilt by running `replay`, the session's earlier cells, quietly.
   */
  notebook?: { id: string; replay: readonly string[] };
};

/**
 * Non-zero exits resolve, they never reject; only transport failures (backend gone) reject.
 * Output beyond the output limit is dropped and `truncated` is set (a marker ends the stream).
 */
export type ExecResult = {
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
  truncated: boolean;
  /** With `session`: the terminal's working folder after the command, project-relative. */
  cwd?: string;
  /** With `notebook`, when the context had to be rebuilt: earlier cells replayed, and those that failed. */
  notebook?: { restored: number; failed: number };
};

export const exitCodes = { timeout: 124, interrupted: 130 } as const;

export type FileChangeEvent = { type: "file"; change: "created" | "changed" | "deleted"; path: string; kind: "file" | "dir" };

export type SandboxEvent =
  | { type: "status"; status: SandboxStatus }
  | FileChangeEvent
  /** A dev server (WebContainer) or the static preview (box) is listening. */
  | { type: "server-ready"; port: number; url: string }
  | { type: "server-error"; message: string }
  /** The server on this port stopped listening (WebContainer), so a preview of it is dead. */
  | { type: "server-stopped"; port: number }
  /** A process asked to open this address (`xdg-open`, e.g. `vite --open`); WebContainer has no browser to open it in. */
  | { type: "open-url"; url: string }
  /** How many commands (exec calls, shell lines included) run now; the IDE switches runtime only at 0. */
  | { type: "commands"; running: number };

/** An interactive terminal session: raw keystrokes in, terminal output out. */
export interface ShellSession {
  write(data: string): void;
  resize(size: { cols: number; rows: number }): void;
  onData(listener: (data: string) => void): () => void;
  /** Resolves with the shell's exit code when it ends. */
  readonly exit: Promise<number>;
  kill(): void;
}

export type SandboxLimits = {
  commandTimeoutMs: number;
  memoryBytes: number;
  outputBytes: number;
  projectBytes: number;
  projectFiles: number;
};

export const defaultSandboxLimits: SandboxLimits = {
  commandTimeoutMs: 10_000,
  memoryBytes: 128 * 1024 * 1024,
  outputBytes: 1024 * 1024,
  projectBytes: 50 * 1024 * 1024,
  projectFiles: 5000,
};

export interface Sandbox {
  readonly kind: SandboxKind;
  status(): SandboxStatus;

  readFile(path: string): Promise<Uint8Array>;
  /** Creates missing parent folders. */
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  readdir(path: string): Promise<DirEntry[]>;
  stat(path: string): Promise<FileStat>;
  exists(path: string): Promise<boolean>;
  /** Recursive; succeeds when the folder exists. */
  mkdir(path: string): Promise<void>;
  rm(path: string, options?: { recursive?: boolean }): Promise<void>;
  rename(from: string, to: string): Promise<void>;

  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  openShell(size: { cols: number; rows: number }): Promise<ShellSession>;

  /** Subscribes to status, file and preview events; returns the unsubscribe function. */
  onEvent(listener: (event: SandboxEvent) => void): () => void;
  dispose(): Promise<void>;
}

export type SandboxErrorCode =
  | "ENOENT"
  | "EEXIST"
  | "EISDIR"
  | "ENOTDIR"
  | "ENOTEMPTY"
  | "EINVAL" // bad path or argument
  | "ELIMIT" // a size or count limit
  | "EUNAVAILABLE" // backend not ready / disposed
  | "ETRANSPORT"; // the connection to the backend failed

export class SandboxError extends Error {
  constructor(
    readonly code: SandboxErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "SandboxError";
  }
}
