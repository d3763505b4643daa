import { createOutputSink } from "../../exec-output";
import { hostMessageSchema, type BoxLimits, type BoxMessage, type FsRequest, type HostMessage } from "../protocol";
import { baseEnv, createBoxShell, projectRoot } from "./box-shell";
import { execContext } from "./exec-context";
import { FsError, fsErrorCode } from "./fs-error";

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
  for (const changes of current.tracker.drain()) send({ type: "changes", changes });
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

async function runExec(current: Shell, message: Extract<HostMessage, { type: "exec" }>) {
  const started = Date.now();
  const { id } = message;
  const entry: Running = { controller: new AbortController() };
  running.set(id, entry);
  const timer = setTimeout(() => {
    entry.reason ??= "timeout";
    entry.controller.abort();
  }, message.timeoutMs);
  const sink = createOutputSink({
    limitBytes: limits!.outputBytes,
    onStdout: (chunk) => send({ type: "output", id, stream: "stdout", chunk }),
    onStderr: (chunk) => send({ type: "output", id, stream: "stderr", chunk }),
  });
  let exitCode = 0;
  let error: { code: string; message: string } | undefined;
  try {
    const cwd = current.fs.nodeAt(at(message.cwd));
    if (cwd?.kind !== "dir") throw new FsError(cwd ? "ENOTDIR" : "ENOENT", "chdir", at(message.cwd));
    const result = await execContext.run(
      { deadline: started + message.timeoutMs, memoryBytes: limits!.memoryBytes, outputBytes: limits!.outputBytes },
      () =>
        current.bash.exec(message.command, {
          cwd: at(message.cwd),
          env: { ...baseEnv, PWD: at(message.cwd), ...message.env },
          replaceEnv: true,
          stdin: message.stdin,
          signal: entry.controller.signal,
          rawScript: true,
        }),
    );
    sink.stdout(result.stdout);
    sink.stderr(result.stderr);
    exitCode = result.exitCode;
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
  if (entry.reason === "timeout") {
    exitCode = 124;
    sink.stderr(`box: the command ran longer than ${Math.round(message.timeoutMs / 100) / 10} s and was stopped\n`);
  } else if (entry.reason === "abort") exitCode = 130;
  flushChanges(current);
  send({ type: "exec-result", id, exitCode: exitCode & 0xff, durationMs: Date.now() - started, truncated: sink.result().truncated, error });
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
