import { createCommandCounter } from "../../command-count";
import { createLineShell, newShellSessionId } from "../../line-shell";
import {
  exitCodes,
  SandboxError,
  type ExecOptions,
  type ExecResult,
  type Sandbox,
  type SandboxErrorCode,
  type SandboxEvent,
  type SandboxStatus,
} from "../../types";
import { boxExecEventSchema, type BoxFsRequest } from "@/lib/validation/box";
import { isSyncExcluded } from "../../sync-excludes";
import { readServerEvents } from "./sse";

export type BoxClientOptions = {
  projectId: string;
  /** For tests and non-browser callers; default the global fetch with same-origin cookies. */
  fetch?: typeof fetch;
  baseUrl?: string;
  /** Where the box's verbs are served; default the project's own box (a share link has its visitor's). */
  boxPath?: string;
};

const sandboxCodes = new Set<SandboxErrorCode>(["ENOENT", "EEXIST", "EISDIR", "ENOTDIR", "ENOTEMPTY", "EINVAL", "ELIMIT", "EUNAVAILABLE", "ETRANSPORT"]);

/** Maps an API error code (`sandbox:ENOENT`, `bad_request:validation`, …) back to a SandboxError. */
function toSandboxError(code: string, message: string): SandboxError {
  const tail = code.split(":")[1] as SandboxErrorCode | undefined;
  if (tail && sandboxCodes.has(tail)) return new SandboxError(tail, message);
  if (code.startsWith("bad_request") || code.startsWith("invalid")) return new SandboxError("EINVAL", message);
  if (code.startsWith("too_large")) return new SandboxError("ELIMIT", message);
  if (code.startsWith("not_found")) return new SandboxError("ENOENT", message);
  if (code.startsWith("conflict")) return new SandboxError("EEXIST", message);
  // Every box on the server is busy: a wait, not a broken connection.
  if (code.startsWith("unavailable")) return new SandboxError("EUNAVAILABLE", message);
  return new SandboxError("ETRANSPORT", message);
}

/**
 * The offline box, seen from the browser: every verb is a request to the server, which runs it in
 * the person's box for this project and saves what changed as a snapshot.
 */
export function createBoxClient({
  projectId,
  fetch: fetcher = globalThis.fetch.bind(globalThis),
  baseUrl = "",
  boxPath = `/api/projects/${encodeURIComponent(projectId)}/box`,
}: BoxClientOptions): Sandbox {
  const url = (verb: string) => `${baseUrl}${boxPath}/${verb}`;
  const listeners = new Set<(event: SandboxEvent) => void>();
  let status: SandboxStatus = { state: "ready" };
  // Requests still open when the sandbox is disposed are cut, so nothing waits on a closed box.
  const inflight = new Set<AbortController>();
  const emit = (event: SandboxEvent) => {
    if (event.type === "file" && isSyncExcluded(event.path)) return;
    listeners.forEach((listener) => listener(event));
  };
  const requireOpen = () => {
    if (status.state === "disposed") throw new SandboxError("EUNAVAILABLE", "This sandbox was closed; reload the page");
  };

  async function post(verb: string, body: unknown, signal?: AbortSignal): Promise<Response> {
    requireOpen();
    let res: Response;
    try {
      res = await fetcher(url(verb), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        credentials: "same-origin",
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new SandboxError("ETRANSPORT", "The server could not be reached; check your connection and try again");
    }
    if (res.ok) return res;
    const parsed = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw toSandboxError(parsed?.error?.code ?? `http_${res.status}`, parsed?.error?.message ?? `The box answered ${res.status}`);
  }

  async function fsVerb<T>(request: BoxFsRequest): Promise<T> {
    const res = await post("fs", request);
    const body = (await res.json()) as T & { saveError?: string };
    if ("path" in request && ["writeFile", "mkdir", "rm"].includes(request.op))
      emit({ type: "file", change: request.op === "rm" ? "deleted" : "changed", path: request.path, kind: request.op === "mkdir" ? "dir" : "file" });
    if (request.op === "rename") {
      emit({ type: "file", change: "deleted", path: request.from, kind: "file" });
      emit({ type: "file", change: "created", path: request.to, kind: "file" });
    }
    return body;
  }

  const counted = createCommandCounter(emit);
  // Shell lines come through here too, so the count covers everything the person runs.
  const exec = (command: string, options: ExecOptions = {}) => counted(() => execNow(command, options));

  async function execNow(command: string, options: ExecOptions): Promise<ExecResult> {
    const started = Date.now();
    let stdout = "";
    let stderr = "";
    const interrupted = (): ExecResult => ({ exitCode: exitCodes.interrupted, stdout, stderr, durationMs: Date.now() - started, truncated: false });
    if (options.signal?.aborted) return interrupted();
    const abort = new AbortController();
    inflight.add(abort);
    const onAbort = () => abort.abort();
    options.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const res = await post("exec", { command, cwd: options.cwd, timeoutMs: options.timeoutMs, stdin: options.stdin, env: options.env, session: options.session }, abort.signal);
      for await (const raw of readServerEvents(res.body!, abort.signal)) {
        const event = boxExecEventSchema.parse(raw);
        if (event.type === "result") {
          for (const path of event.changedPaths) emit({ type: "file", change: "changed", path, kind: "file" });
          if (event.saveError) emit({ type: "server-error", message: event.saveError });
          return { exitCode: event.exitCode, stdout: event.stdout, stderr: event.stderr, durationMs: event.durationMs, truncated: event.truncated, cwd: event.cwd };
        }
        if (event.type === "error") throw toSandboxError(event.code, event.message);
        if (event.type === "notice") options.onNotice?.(event.message);
        else if (event.type === "stdout") {
          stdout += event.chunk;
          options.onStdout?.(event.chunk);
        } else {
          stderr += event.chunk;
          options.onStderr?.(event.chunk);
        }
      }
      throw new SandboxError("ETRANSPORT", "The connection to the box ended before the command finished; run it again");
    } catch (error) {
      // Ctrl+C closes the request; the server stops the command and saves what it wrote.
      if (options.signal?.aborted) return interrupted();
      if (abort.signal.aborted) throw new SandboxError("EUNAVAILABLE", "The sandbox was closed while the command ran");
      throw error;
    } finally {
      inflight.delete(abort);
      options.signal?.removeEventListener("abort", onAbort);
    }
  }

  const sandbox: Sandbox = {
    kind: "box",
    status: () => status,
    readFile: async (path) => {
      const { base64 } = await fsVerb<{ base64: string }>({ op: "readFile", path });
      return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    },
    writeFile: async (path, data) => {
      const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
      let binary = "";
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      await fsVerb({ op: "writeFile", path, base64: btoa(binary) });
    },
    readdir: async (path) => (await fsVerb<{ entries: Awaited<ReturnType<Sandbox["readdir"]>> }>({ op: "readdir", path })).entries,
    stat: async (path) => (await fsVerb<{ stat: Awaited<ReturnType<Sandbox["stat"]>> }>({ op: "stat", path })).stat,
    exists: async (path) => (await fsVerb<{ exists: boolean }>({ op: "exists", path })).exists,
    mkdir: async (path) => void (await fsVerb({ op: "mkdir", path })),
    rm: async (path, options) => void (await fsVerb({ op: "rm", path, recursive: options?.recursive })),
    rename: async (from, to) => void (await fsVerb({ op: "rename", from, to })),
    exec,
    openShell: async () => {
      requireOpen();
      // The server keeps this terminal's shell in the box, so its state survives between lines.
      return createLineShell({ exec, session: newShellSessionId() });
    },
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose: async () => {
      if (status.state === "disposed") return;
      status = { state: "disposed" };
      inflight.forEach((request) => request.abort());
      emit({ type: "status", status });
      listeners.clear();
    },
  };
  return sandbox;
}
