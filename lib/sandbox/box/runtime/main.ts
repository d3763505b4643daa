// First: the workers just-bash starts must never see the host's paths (see worker-identity.ts).
import "./worker-identity";
import { createOutputSink } from "../../exec-output";
import { hostMessageSchema, type BoxLimits, type BoxMessage, type FsRequest, type HostMessage } from "../protocol";
import { baseEnv, createBoxShell, projectRoot } from "./box-shell";
import { execContext } from "./exec-context";
import { FsError, fsErrorCode } from "./fs-error";
import { exitIfOrphaned } from "./parent-watch";
import { saveSession, shellSession } from "./shell-session";

/**
 * The box's entry point, run as a child process under Node's permission model. It holds one
 * project's working tree in memory and runs commands on it for the host, which talks to it over
 * the IPC channel only (see ../protocol.ts).
 */

type Shell = ReturnType<typeof createBoxShell>;
type Running = { controller: AbortController; reason?: "timeout" | "abort" };

let limits: BoxLimits | undefined;
let shell: Shell | undefined;
const running = new Map<number, Running>();

const send = (message: BoxMessage) => {
  if (!process.send || !process.connected) process.exit(0);
  process.send(message);
};

const at = (path: string) => (path === "" ? projectRoot : `${projectRoot}/${path}`);
const errorOf = (error: unknown) => ({
  code: fsErrorCode(error) ?? "EIO",
  message: String((error as Error)?.message ?? error).slice(0, 2000),
});

function flushChanges(current: Shell) {
  for (const changes of current.tracker.drain(current.fs)) send({ type: "changes", changes });
}

function runFs(current: Shell, request: FsRequest): unknown {
  const { fs } = current;
  switch (request.op) {
    case "readFile":
      return fs.readBytesSync(at(request.path));
    case "writeFile":
      return fs.writeBytesSync(at(request.path), request.data, { createParents: false });
    case "readdir":
      return fs
        .readdirSync(at(request.path))
        .filter(({ name }) => name.length <= 255)
        .map(({ name, node }) => ({ name, kind: (node.kind === "symlink" ? fs.nodeAt(`${at(request.path)}/${name}`)?.kind : node.kind) === "dir" ? "dir" : "file" }));
    case "stat": {
      const stat = fs.statSync(at(request.path));
      return { kind: stat.isDirectory ? "dir" : "file", size: stat.size, mtimeMs: stat.mtime.getTime() };
    }
    case "mkdirp":
      return fs.mkdirSync(at(request.path), { recursive: true });
    case "rm":
      return fs.rmSync(at(request.path), { recursive: request.recursive });
    case "rename":
      return fs.renameSync(at(request.from), at(request.to));
  }
}

const nativeAborted = Object.getOwnPropertyDescriptor(AbortSignal.prototype, "aborted")!.get!;

/**
 * just-bash checks `signal.aborted` before every statement but a busy loop (`while true; do :;
 * done`) only ever awaits settled promises, so no timer runs until it ends. The check itself
 * therefore enforces the deadline, and ends a box whose server is gone.
 */
function watchDeadline(entry: Running, deadline: number) {
  const signal = entry.controller.signal;
  Object.defineProperty(signal, "aborted", {
    get() {
      exitIfOrphaned();
      if (!nativeAborted.call(signal) && Date.now() >= deadline) {
        entry.reason ??= "timeout";
        entry.controller.abort();
      }
      return nativeAborted.call(signal);
    },
  });
}

async function runExec(current: Shell, message: Extract<HostMessage, { type: "exec" }>) {
  const started = Date.now();
  const { id } = message;
  const entry: Running = { controller: new AbortController() };
  running.set(id, entry);
  watchDeadline(entry, started + message.timeoutMs);
  const timer = setTimeout(() => {
    entry.reason ??= "timeout";
    entry.controller.abort();
  }, message.timeoutMs);
  const sink = createOutputSink({
    limitBytes: limits!.outputBytes,
    onStdout: (chunk) => send({ type: "output", id, stream: "stdout", chunk }),
    onStderr: (chunk) => send({ type: "output", id, stream: "stderr", chunk }),
  });
  // Streamed bytes may end mid-character; each stream decodes across chunks.
  const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  const output = (stream: "stdout" | "stderr", bytes: Uint8Array) => {
    const text = decoders[stream].decode(bytes, { stream: true });
    if (stream === "stdout") sink.stdout(text);
    else sink.stderr(text);
  };
  let exitCode = 0;
  let error: { code: string; message: string } | undefined;
  // A terminal's line resumes its shell; any other exec starts from scratch in message.cwd.
  const session = message.session === undefined ? undefined : shellSession(message.session);
  const notebook = message.notebook && { id: message.notebook.id, replay: message.notebook.replay, restored: 0, failed: 0 };
  const isDir = (path: string) => current.fs.nodeAt(path)?.kind === "dir";
  try {
    const cwdPath = session && isDir(session.cwd) ? session.cwd : at(message.cwd);
    const cwd = current.fs.nodeAt(cwdPath);
    if (cwd?.kind !== "dir") throw new FsError(cwd ? "ENOTDIR" : "ENOENT", "chdir", cwdPath);
    const result = await execContext.run(
      {
        deadline: started + message.timeoutMs,
        memoryBytes: limits!.memoryBytes,
        outputBytes: limits!.outputBytes,
        output,
        environment: session ? Object.keys(session.env) : Object.keys(message.env),
        session,
        notebook,
      },
      () =>
        current.bash.exec(message.command, {
          cwd: cwdPath,
          env: { ...(session?.env ?? baseEnv), PWD: cwdPath, ...message.env },
          replaceEnv: true,
          stdin: message.stdin,
          signal: entry.controller.signal,
          rawScript: true,
        }),
    );
    sink.stdout(decoders.stdout.decode() + result.stdout);
    sink.stderr(decoders.stderr.decode() + result.stderr);
    exitCode = result.exitCode;
    if (session) {
      const refused = saveSession(session, result, isDir);
      if (refused) sink.stderr(refused);
      exitCode = session.status;
    }
  } catch (caught) {
    if (caught instanceof FsError) error = errorOf(caught);
    else {
      sink.stderr(`box: ${errorOf(caught).message}\n`);
      exitCode = 1;
    }
  } finally {
    clearTimeout(timer);
    running.delete(id);
  }
  // A node program stops itself at the deadline, before the timer above gets its turn.
  if (entry.reason === "timeout" || (!entry.reason && exitCode === 124 && Date.now() >= started + message.timeoutMs)) {
    exitCode = 124;
    sink.stderr(`box: the command ran longer than ${Math.round(message.timeoutMs / 100) / 10} s and was stopped\n`);
  } else if (entry.reason === "abort") exitCode = 130;
  if (session) session.status = exitCode & 0xff;
  flushChanges(current);
  const cwd = session && (session.cwd === projectRoot ? "" : session.cwd.slice(projectRoot.length + 1));
  const replayed = notebook && { restored: notebook.restored, failed: notebook.failed };
  send({ type: "exec-result", id, exitCode: exitCode & 0xff, durationMs: Date.now() - started, truncated: sink.result().truncated, error, cwd, notebook: replayed });
}

function handle(message: HostMessage) {
  switch (message.type) {
    case "init":
      limits = message.limits;
      shell = createBoxShell(message.limits);
      return;
    case "seed": {
      if (!shell) return send({ type: "fatal", message: "seed before init" });
      for (const entry of message.entries) {
        if (entry.kind === "dir") shell.fs.mkdirSync(at(entry.path), { recursive: true });
        else shell.fs.writeBytesSync(at(entry.path), entry.data);
      }
      if (message.last) {
        shell.tracker.clear();
        send({ type: "ready" });
      }
      return;
    }
    case "fs": {
      if (!shell) return send({ type: "fatal", message: "fs before init" });
      let result: { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
      try {
        result = { ok: true, value: runFs(shell, message.request) ?? null };
      } catch (error) {
        result = { ok: false, error: errorOf(error) };
      }
      flushChanges(shell);
      return send({ type: "fs-result", id: message.id, result } as BoxMessage);
    }
    case "exec":
      if (!shell) return send({ type: "fatal", message: "exec before init" });
      void runExec(shell, message);
      return;
    case "abort": {
      const entry = running.get(message.id);
      if (!entry) return;
      entry.reason ??= "abort";
      entry.controller.abort();
      return;
    }
  }
}

process.on("message", (raw) => {
  const parsed = hostMessageSchema.safeParse(raw);
  if (!parsed.success) {
    process.stderr.write(`box: ignored a malformed message: ${parsed.error.message.slice(0, 500)}\n`);
    return;
  }
  try {
    handle(parsed.data);
  } catch (error) {
    send({ type: "fatal", message: errorOf(error).message });
    process.exit(70);
  }
});
process.on("disconnect", () => process.exit(0));
process.on("uncaughtException", (error) => {
  try {
    send({ type: "fatal", message: `uncaught: ${errorOf(error).message}` });
  } finally {
    process.exit(70);
  }
});
process.on("unhandledRejection", (reason) => {
  process.stderr.write(`box: unhandled rejection: ${errorOf(reason).message}\n`);
});
setInterval(() => send({ type: "usage", rssBytes: process.memoryUsage.rss() }), 1000).unref();

// Load just-bash's command chunks and compile QuickJS before the first command needs them (a
// spare box does this while it waits to be used).
void (async () => {
  const warm = createBoxShell({ commandTimeoutMs: 5000, memoryBytes: 64 * 1024 * 1024, outputBytes: 65536, projectBytes: 1024 * 1024, projectFiles: 10 });
  await warm.bash.exec("echo warm | cat > /dev/null; ls > /dev/null; node -e 0", { env: {} }).catch(() => undefined);
})();
