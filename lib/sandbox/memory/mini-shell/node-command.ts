import type { CommandContext } from "./context";

/** What the process around the simulated node provides beyond the mini shell's io. */
export type NodeHost = {
  /** Keystrokes from a terminal, when stdin is one (it then never ends by itself). */
  terminalInput?: (listener: (data: string) => void) => () => void;
  /** The signal that stops node; a runtime whose kill does not reach node passes one that never fires. */
  signal?: AbortSignal;
  onListen?: (port: number) => void;
  onClose?: (port: number) => void;
};

class ProcessExit {
  constructor(readonly code: number) {}
}

const decoder = new TextDecoder();
const show = (value: unknown) => (typeof value === "string" ? value : value instanceof Error ? (value.stack ?? String(value)) : JSON.stringify(value) ?? String(value));

// console.log's formatting, as far as scripts in tests use it: %s/%d/%j in a first string, then spaces.
function format(args: unknown[]): string {
  if (typeof args[0] === "string" && /%[sdij]/.test(args[0])) {
    let rest = args.slice(1);
    const head = args[0].replace(/%([sdij%])/g, (all, conversion: string) => {
      if (conversion === "%") return "%";
      if (!rest.length) return all;
      const [value, ...others] = rest;
      rest = others;
      return conversion === "d" || conversion === "i" ? String(Math.trunc(Number(value))) : conversion === "j" ? JSON.stringify(value) : show(value);
    });
    return [head, ...rest.map(show)].join(" ");
  }
  return args.map(show).join(" ");
}

/**
 * `node -e <script>` and `node <file>` for the mini shell: the script runs as JavaScript in this
 * realm with its own console, timers, process (env, argv, exit, stdout, stdin) and an `http` whose
 * servers only announce their port. The process lives while it has timers, servers or a stdin
 * listener, like Node's event loop. A test double, never a sandbox: the script can reach this
 * realm's globals, and a hot loop would block the caller.
 */
export function createNodeCommand(hostFor: (ctx: CommandContext) => NodeHost = () => ({})) {
  return async (ctx: CommandContext): Promise<number> => {
    const { args, io, environ, shell, resolve } = ctx;
    const host = hostFor(ctx);
    if (args[0] === "-v" || args[0] === "--version") {
      io.stdout("v20.19.1\n");
      return 0;
    }
    let source: string;
    let argv: string[];
    if (args[0] === "-e" || args[0] === "--eval") {
      source = args[1] ?? "";
      argv = ["node", ...args.slice(2)];
    } else if (args[0]) {
      try {
        source = decoder.decode(shell.fs.readFile(resolve(args[0])));
      } catch {
        io.stderr(`Error: Cannot find module '${args[0]}'\n`);
        return 1;
      }
      argv = ["node", args[0], ...args.slice(1)];
    } else {
      io.stderr("node: the simulated node needs -e <script> or a file\n");
      return 9;
    }

    const handles = new Set<{ stop: () => void }>();
    let finish!: (code: number) => void;
    const finished = new Promise<number>((resolve) => (finish = resolve));
    let over = false;
    const end = (code: number) => {
      if (over) return;
      over = true;
      for (const handle of [...handles]) handle.stop();
      finish(code);
    };
    const process = { exitCode: 0 as number | undefined };
    // Node exits once nothing keeps its loop alive; checked after the current turn.
    const settleIfIdle = () => setTimeout(() => !over && handles.size === 0 && end(process.exitCode ?? 0), 0);
    const guard = (run: () => void) => {
      if (over) return;
      try {
        run();
      } catch (error) {
        if (error instanceof ProcessExit) return end(error.code);
        io.stderr(`${show(error)}\n`);
        end(1);
      }
    };
    const hold = (stop: () => void) => {
      const handle = { stop: () => (handles.delete(handle), stop()) };
      handles.add(handle);
      return handle;
    };

    const timer = (repeat: boolean) => (callback: () => void, ms = 0) => {
      const id = (repeat ? setInterval : setTimeout)(() => {
        if (!repeat) handle.stop();
        guard(callback);
        settleIfIdle();
      }, ms);
      const handle = hold(() => (repeat ? clearInterval(id) : clearTimeout(id)));
      return handle;
    };
    const clear = (handle: { stop: () => void } | undefined) => {
      handle?.stop();
      settleIfIdle();
    };

    const stdinText = host.terminalInput ? null : io.stdin;
    const stdin = {
      isTTY: Boolean(host.terminalInput),
      setEncoding: () => stdin,
      resume: () => stdin,
      on(event: string, listener: (data?: string) => void) {
        if (event === "data" && host.terminalInput) {
          const unsubscribe = host.terminalInput((data) => guard(() => listener(data)));
          hold(unsubscribe);
        } else if (stdinText !== null && (event === "data" || event === "end")) {
          setTimeout(() => guard(() => (event === "data" ? stdinText && listener(stdinText) : listener())), 0);
        }
        return stdin;
      },
      pause: () => stdin,
    };
    const stream = (write: (text: string) => void) => ({
      isTTY: Boolean(host.terminalInput),
      write: (chunk: string | Uint8Array) => (write(typeof chunk === "string" ? chunk : decoder.decode(chunk)), true),
    });
    Object.assign(process, {
      argv,
      env: { ...environ },
      platform: "linux",
      version: "v20.19.1",
      cwd: () => `${shell.rootPath}${ctx.state.cwd ? "/" + ctx.state.cwd : ""}`,
      exit: (code?: number) => {
        throw new ProcessExit(code ?? process.exitCode ?? 0);
      },
      on: () => process,
      stdout: stream(io.stdout),
      stderr: stream(io.stderr),
      stdin,
    });
    const http = {
      createServer: () => {
        let port = 0;
        let handle: { stop: () => void } | null = null;
        const server = {
          listen(wanted: number, callback?: () => void) {
            port = wanted;
            handle = hold(() => host.onClose?.(port));
            host.onListen?.(port);
            if (callback) setTimeout(() => guard(callback), 0);
            return server;
          },
          close(callback?: () => void) {
            handle?.stop();
            handle = null;
            if (callback) setTimeout(() => guard(callback), 0);
            settleIfIdle();
            return server;
          },
          on: () => server,
        };
        return server;
      },
    };
    const require = (name: string) => {
      if (name === "http" || name === "node:http") return http;
      throw new Error(`Cannot find module '${name}' (the simulated node has only http)`);
    };
    const console = { log: (...a: unknown[]) => io.stdout(format(a) + "\n"), info: (...a: unknown[]) => io.stdout(format(a) + "\n"), error: (...a: unknown[]) => io.stderr(format(a) + "\n"), warn: (...a: unknown[]) => io.stderr(format(a) + "\n") };

    const signal = host.signal ?? shell.signal;
    const onAbort = () => end(130);
    if (signal.aborted) return 130;
    signal.addEventListener("abort", onAbort, { once: true });
    guard(() =>
      new Function("require", "process", "console", "setTimeout", "setInterval", "clearTimeout", "clearInterval", source)(
        require,
        process,
        console,
        timer(false),
        timer(true),
        clear,
        clear,
      ),
    );
    settleIfIdle();
    try {
      return await finished;
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
  };
}
