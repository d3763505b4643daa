import { Worker } from "node:worker_threads";

/**
 * TypeScript's parser, run in a worker thread: loading the `typescript` package takes seconds of
 * synchronous work (2.8 s measured on a 2-core machine), which in the server's thread would stall
 * every request at the agent's first edit. The worker loads it once and parses on demand; it ends
 * when idle and never holds the process open. Should a worker not start, the parser loads here.
 */
export type ParseKind = "TS" | "TSX" | "JS" | "JSX" | "JSON";
export type ParseDiagnostic = { line: number; column: number; message: string };
type Item = { path: string; text: string; kind: ParseKind };

// Plain JavaScript: its source is the worker's code. parseDiagnostics is internal to TypeScript but
// has been stable for years; only parse errors are wanted (no type checking).
const parseSource = `function parseAll(ts, items) {
  return items.map(({ path, text, kind }) => {
    const file = kind === "JSON" ? ts.parseJsonText(path, text) : ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind[kind]);
    return (file.parseDiagnostics || []).map((d) => {
      const at = file.getLineAndCharacterOfPosition(d.start);
      return { line: at.line + 1, column: at.character + 1, message: ts.flattenDiagnosticMessageText(d.messageText, "\\n") };
    });
  });
}`;

const workerSource = `
const { parentPort } = require("node:worker_threads");
const ts = require("typescript");
${parseSource}
parentPort.on("message", ({ id, items }) => {
  try {
    parentPort.postMessage({ id, results: parseAll(ts, items) });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});`;

const parseAll = new Function(`return ${parseSource}`)() as (ts: unknown, items: Item[]) => ParseDiagnostic[][];

type Waiting = { resolve: (results: ParseDiagnostic[][]) => void; reject: (error: Error) => void };

let worker: Worker | null = null;
let workerBroken = false;
const waiting = new Map<number, Waiting>();
let nextId = 0;
let idleTimer: NodeJS.Timeout | undefined;
const idleMs = 120_000;

function startWorker(): Worker {
  const started = new Worker(workerSource, { eval: true });
  started.unref();
  started.on("message", (message: { id: number; results?: ParseDiagnostic[][]; error?: string }) => {
    const entry = waiting.get(message.id);
    if (!entry) return;
    waiting.delete(message.id);
    if (message.error !== undefined) entry.reject(new Error(message.error));
    else entry.resolve(message.results ?? []);
  });
  const gone = (error?: Error) => {
    if (worker === started) worker = null;
    if (error) workerBroken = true;
    for (const [id, entry] of waiting) {
      waiting.delete(id);
      entry.reject(error ?? new Error("the parser worker stopped"));
    }
  };
  started.on("error", gone);
  started.on("exit", () => gone());
  return started;
}

function inWorker(items: Item[]): Promise<ParseDiagnostic[][]> {
  clearTimeout(idleTimer);
  worker ??= startWorker();
  const running = worker;
  const id = nextId++;
  return new Promise<ParseDiagnostic[][]>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    running.postMessage({ id, items });
  }).finally(() => {
    idleTimer = setTimeout(() => {
      if (worker === running && waiting.size === 0) {
        worker = null;
        void running.terminate();
      }
    }, idleMs);
    idleTimer.unref();
  });
}

let local: Promise<unknown> | undefined;

/** Parse diagnostics of each item, in the worker (or here, when no worker can start). */
export async function parseDiagnostics(items: Item[]): Promise<ParseDiagnostic[][]> {
  if (items.length === 0) return [];
  if (!workerBroken) {
    try {
      return await inWorker(items);
    } catch {
      // Fall through: parse here.
    }
  }
  // Not traced by the build, as in outline.ts.
  local ??= import(/* turbopackIgnore: true */ "typescript").then((m) => ("default" in m ? m.default : m));
  return parseAll(await local, items);
}
