import { exitCodes, type Sandbox, type ShellSession } from "@/lib/sandbox/types";
import { backgroundOf } from "./background-servers";

/** Where the session draws: xterm in the browser, a string in tests. */
export type TerminalScreen = { write: (data: string) => void; clear: () => void };
export type TerminalSize = { cols: number; rows: number };

export type TerminalSessionState = {
  shell: "waiting" | "opening" | "open" | "exited" | "failed";
  /** The command the Run button started, while it runs. */
  running: string | null;
};

const style = {
  dim: (text: string) => `\x1b[2m${text}\x1b[0m`,
  red: (text: string) => `\x1b[31m${text}\x1b[0m`,
  cyan: (text: string) => `\x1b[1;36m${text}\x1b[0m`,
  yellow: (text: string) => `\x1b[33m${text}\x1b[0m`,
  green: (text: string) => `\x1b[32m${text}\x1b[0m`,
};
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

/** Commands print "\n"; a terminal needs "\r\n". A "\r" ending one chunk may pair with the next's "\n". */
export function createNewlineTranslator() {
  let pendingCR = false;
  return (chunk: string) => {
    const text = chunk.replace(/\r?\n/g, (match, offset: number) => (offset === 0 && match === "\n" && pendingCR ? "\n" : "\r\n"));
    pendingCR = chunk.endsWith("\r");
    return text;
  };
}

/** The line printed when a run ends: its exit code, and why it stopped when it did not end by itself. */
export function describeRunEnd({ exitCode, durationMs }: { exitCode: number; durationMs: number }): string {
  if (exitCode === exitCodes.timeout) return style.yellow(`■ Timed out after ${seconds(durationMs)}: stopped at the time limit (exit ${exitCode})`);
  if (exitCode === exitCodes.interrupted) return style.yellow(`■ Stopped (exit ${exitCode})`);
  if (exitCode === 0) return style.dim(`✓ Done in ${seconds(durationMs)} (exit 0)`);
  return style.red(`✗ Exited with code ${exitCode} after ${seconds(durationMs)}`);
}

/**
 * One terminal: the sandbox's interactive shell, and the Run button's commands shown in the same
 * screen. Keys go to the shell, except while a run is under way: then Ctrl+C stops the run and
 * other keys are dropped. The shell opens once there is both a sandbox and a screen with a size.
 */
export function createTerminalSession() {
  let sandbox: Sandbox | null = null;
  let screen: TerminalScreen | null = null;
  let size: TerminalSize | null = null;
  let shell: ShellSession | null = null;
  let shellCleanup: () => void = () => {};
  // Bumped whenever the shell is replaced, so a shell that finishes opening too late is closed.
  let generation = 0;
  let run: { command: string; controller: AbortController } | null = null;
  let state: TerminalSessionState = { shell: "waiting", running: null };
  const listeners = new Set<() => void>();
  // Written before the screen exists (xterm loads lazily): replayed when it attaches.
  let backlog: string[] = [];

  const setState = (next: Partial<TerminalSessionState>) => {
    state = { ...state, ...next };
    for (const listener of listeners) listener();
  };
  const write = (data: string) => {
    if (screen) screen.write(data);
    else if (backlog.length < 1000) backlog.push(data);
  };

  const closeShell = () => {
    generation += 1;
    shellCleanup();
    shellCleanup = () => {};
    shell?.kill();
    shell = null;
  };

  const openShell = async () => {
    if (!sandbox || !screen || !size || shell || state.shell === "opening") return;
    const mine = ++generation;
    const target = sandbox;
    setState({ shell: "opening" });
    let opened: ShellSession;
    try {
      opened = await target.openShell(size);
    } catch (error) {
      if (mine !== generation) return;
      write(style.red(`\r\nThe terminal could not start: ${messageOf(error)}\r\n`) + style.dim("Press Enter to try again.\r\n"));
      setState({ shell: "failed" });
      return;
    }
    if (mine !== generation) {
      opened.kill();
      return;
    }
    shell = opened;
    const unsubscribe = opened.onData(write);
    let live = true;
    shellCleanup = () => {
      live = false;
      unsubscribe();
    };
    setState({ shell: "open" });
    if (size) opened.resize(size);
    void opened.exit.then((code) => {
      if (!live || shell !== opened) return;
      closeShell();
      write(style.dim(`\r\n[The shell exited with code ${code}. Press Enter to start a new one.]\r\n`));
      setState({ shell: "exited" });
    });
  };

  const stopRun = () => run?.controller.abort();

  return {
    getState: () => state,
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },

    /** Shows the session on a screen of `initialSize`; returns the detach function. */
    attach(next: TerminalScreen, initialSize: TerminalSize): () => void {
      screen = next;
      size = initialSize;
      for (const data of backlog) next.write(data);
      backlog = [];
      void openShell();
      return () => {
        if (screen === next) screen = null;
      };
    },

    /**
     * The sandbox to run in; null while none is ready. A new one gets a new shell. With a `note`
     * (the runtime was switched) the screen is kept and the note is printed above the new prompt.
     */
    setSandbox(next: Sandbox | null, { note }: { note?: string | null } = {}) {
      if (next === sandbox) return;
      stopRun();
      closeShell();
      sandbox = next;
      if (note) write(`\r\n${style.yellow(`[${note}]`)}\r\n`);
      else {
        screen?.clear();
        backlog = [];
      }
      setState({ shell: "waiting" });
      void openShell();
    },

    resize(next: TerminalSize) {
      if (size && size.cols === next.cols && size.rows === next.rows) return;
      size = next;
      shell?.resize(next);
    },

    /** Keystrokes from the screen. */
    input(data: string) {
      if (run) {
        if (data.includes("\x03")) {
          write("^C");
          stopRun();
        }
        return;
      }
      if (shell) return shell.write(data);
      if ((state.shell === "exited" || state.shell === "failed") && data.includes("\r")) {
        setState({ shell: "waiting" });
        void openShell();
      }
    },

    /**
     * Runs `command` from the project root with its output in the terminal, then gives the prompt
     * back. Resolves with the exit code, or null when it could not start.
     */
    async run(command: string, options: { timeoutMs?: number } = {}): Promise<number | null> {
      const target = sandbox;
      if (!target || run) return null;
      const controller = new AbortController();
      run = { command, controller };
      setState({ running: command });
      // Clear what was half typed at the prompt, so the prompt that follows the run starts empty.
      shell?.write("\x15");
      write(`\r\n${style.cyan(`▶ ${command}`)}\r\n`);
      const translate = createNewlineTranslator();
      const started = Date.now();
      let exitCode: number | null = null;
      try {
        const result = await target.exec(command, {
          cwd: "",
          timeoutMs: options.timeoutMs,
          signal: controller.signal,
          onStdout: (chunk) => write(translate(chunk)),
          onStderr: (chunk) => write(translate(chunk)),
        });
        exitCode = result.exitCode;
        const server = backgroundOf(result);
        write(
          server
            ? `\r\n${style.green(`■ Running in the background: a server on port ${server.port}, shown in the preview. Stop it there; its output keeps coming here.`)}\r\n`
            : `\r\n${describeRunEnd({ exitCode, durationMs: result.durationMs || Date.now() - started })}\r\n`,
        );
      } catch (error) {
        write(`\r\n${style.red(`The command could not run: ${messageOf(error)}`)}\r\n`);
      } finally {
        if (run?.controller === controller) run = null;
        setState({ running: null });
      }
      // An empty line for the shell: it answers with a fresh prompt under the run's output.
      if (target === sandbox) shell?.write("\r");
      return exitCode;
    },

    /** Stops the command the Run button started (as Ctrl+C does). */
    stop: stopRun,

    /** Ends the shell and any run, clears the screen and starts a new shell. */
    restart() {
      stopRun();
      closeShell();
      screen?.clear();
      setState({ shell: "waiting" });
      void openShell();
    },

    /** Stops the run and the shell; a later setSandbox starts again. */
    dispose() {
      stopRun();
      closeShell();
      sandbox = null;
      setState({ shell: "waiting" });
    },
  };
}

export type TerminalSession = ReturnType<typeof createTerminalSession>;
