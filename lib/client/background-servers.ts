import { defaultSandboxLimits, exitCodes, type ExecOptions, type ExecResult, type Sandbox } from "@/lib/sandbox/types";

/** A server a command started that outlived the command's deadline; it runs until stopped. */
export type BackgroundServer = { id: number; command: string; port: number; url: string };

/** An exec's answer, with the server it left running when it became a background process. */
export type ManagedExecResult = ExecResult & { background?: BackgroundServer };

export const backgroundOf = (result: ExecResult): BackgroundServer | null => (result as ManagedExecResult).background ?? null;

// What a server prints right after it is ready ("Local: http://…") comes a moment after the port
// opens; the command answers with it.
const readyOutputMs = 300;
// Background processes have no deadline; the runtime's own supervisor still needs a number.
const noDeadlineMs = 24 * 60 * 60 * 1000;

/**
 * Dev servers in WebContainer, kept alive: a programmatic run (Run, the agent's command) that
 * opens a port before its deadline becomes a background process. The run answers at once with
 * what it printed so far and the server; the process goes on (its output still reaches the run's
 * `onStdout`, so the terminal keeps showing it) until `stop`, `stopAll` (a project or runtime
 * switch), the port closing, or the same command being run again (which replaces it). A run that
 * opens no port ends at its deadline as before (124).
 *
 * The runtime does not say which process opened a port, so a port that opens is given to the
 * newest run still going, which is right for the one-command-at-a-time runs this serves.
 */
export function manageBackgroundServers(
  sandbox: Sandbox,
  {
    onChange,
    onAnswered = () => {},
  }: {
    onChange: (servers: BackgroundServer[]) => void;
    /** A run answered (it ended, or went on as a server): what it changed can be looked for. */
    onAnswered?: () => void;
  },
) {
  type Run = { id: number; command: string; controller: AbortController; server: BackgroundServer | null; becameServer: (server: BackgroundServer) => void };
  const runs = new Set<Run>();
  let ids = 0;
  let stopped = false;
  const servers = () => [...runs].flatMap((run) => (run.server ? [run.server] : []));
  const changed = () => onChange(servers());

  const unsubscribe = sandbox.onEvent((event) => {
    if (event.type === "server-ready") {
      const newest = [...runs].reverse().find((run) => !run.server);
      if (newest && !servers().some((server) => server.port === event.port)) newest.becameServer({ id: newest.id, command: newest.command, port: event.port, url: event.url });
    } else if (event.type === "server-stopped") {
      // A server whose port closed is done: its process is stopped with it.
      for (const run of runs) if (run.server?.port === event.port) run.controller.abort();
    }
  });

  const exec = async (command: string, options: ExecOptions = {}): Promise<ManagedExecResult> => {
    if (stopped) return sandbox.exec(command, options);
    // Running the same command again replaces the server it started (a restart after a change).
    for (const run of runs) if (run.server && run.command === command) run.controller.abort();
    const controller = new AbortController();
    const started = Date.now();
    // What it printed until it answers: with a server, also what follows readiness for a moment.
    let printed = "";
    let hasAnswered = false;
    let answer!: (result: ManagedExecResult) => void;
    const answered = new Promise<ManagedExecResult>((resolve) => (answer = resolve));
    let timedOut = false;
    const deadline = setTimeout(() => {
      if (run.server) return;
      timedOut = true;
      controller.abort();
    }, options.timeoutMs ?? defaultSandboxLimits.commandTimeoutMs);
    const callerAbort = () => {
      if (!run.server) controller.abort();
    };
    options.signal?.addEventListener("abort", callerAbort, { once: true });
    const run: Run = {
      id: (ids += 1),
      command,
      controller,
      server: null,
      becameServer: (server) => {
        run.server = server;
        clearTimeout(deadline);
        options.signal?.removeEventListener("abort", callerAbort);
        changed();
        setTimeout(() => {
          hasAnswered = true;
          answer({ exitCode: 0, stdout: printed, stderr: "", durationMs: Date.now() - started, truncated: false, background: server });
        }, readyOutputMs);
      },
    };
    runs.add(run);
    const execution = sandbox
      .exec(command, {
        ...options,
        timeoutMs: noDeadlineMs,
        signal: controller.signal,
        onStdout: (chunk) => {
          if (!hasAnswered) printed += chunk;
          // After the answer too: the terminal keeps showing a background server's output.
          options.onStdout?.(chunk);
        },
      })
      .then((result): ManagedExecResult => (timedOut && result.exitCode === exitCodes.interrupted ? { ...result, exitCode: exitCodes.timeout } : result))
      .finally(() => {
        clearTimeout(deadline);
        options.signal?.removeEventListener("abort", callerAbort);
        runs.delete(run);
        if (run.server) changed();
      });
    // Whichever comes first: the command's end, or its server being ready (it then runs on).
    execution.then(answer, () => {});
    const first = await Promise.race([answered, execution]);
    onAnswered();
    return first;
  };

  return {
    /** The sandbox with programmatic runs managed; everything else goes to it unchanged. */
    sandbox: { ...sandbox, exec } satisfies Sandbox as Sandbox,
    servers,
    stop(id: number) {
      for (const run of runs) if (run.id === id) run.controller.abort();
    },
    /** Stops every process started here (a project or runtime switch); later runs are not managed. */
    stopAll() {
      stopped = true;
      unsubscribe();
      for (const run of runs) run.controller.abort();
    },
  };
}
