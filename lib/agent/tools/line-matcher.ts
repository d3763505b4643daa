import { Worker } from "node:worker_threads";

/**
 * Runs a model's regular expression over a file's lines without letting it stall the server: a
 * backtracking pattern such as `(a+)+$` on a long line can take minutes in V8's engine, so regular
 * expressions run in a worker thread that is terminated when one file takes longer than its budget.
 * (A linear-time engine was the alternative: `re2` downloads a native binary at install, `re2-wasm`
 * loads a .wasm file at run time, and `re2js` drops lookaround and backreferences that models write.)
 * Literal patterns are escaped, cannot backtrack, and run in-process.
 */

/** One hit: the line's index and where on it the first match starts. */
export type LineHit = [line: number, column: number];

/** Thrown when a regex ran past its budget on one file; the worker running it was killed. */
export class RegexBudgetError extends Error {
  constructor(readonly budgetMs: number) {
    super(`the pattern ran longer than ${budgetMs} ms on one file`);
    this.name = "RegexBudgetError";
  }
}

// Self-contained (no outer names), since its source is also the worker's code.
function matchLines(source: string, flags: string, lines: string[]): LineHit[] {
  const regex = new RegExp(source, flags);
  const hits: LineHit[] = [];
  for (let i = 0; i < lines.length; i++) {
    const found = regex.exec(lines[i]!);
    if (found) hits.push([i, found.index]);
  }
  return hits;
}

/** Every match on a line (start, end pairs), and the line with them replaced when a replacement is given. */
export type LineMatches = [line: number, ranges: number[], replaced?: string];

// Self-contained too. `flags` must include "g".
function matchAllLines(source: string, flags: string, lines: string[], replacement: string | null): LineMatches[] {
  const regex = new RegExp(source, flags);
  const hits: LineMatches[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const ranges: number[] = [];
    regex.lastIndex = 0;
    let found: RegExpExecArray | null;
    while ((found = regex.exec(line)) !== null) {
      ranges.push(found.index, found.index + found[0].length);
      if (found[0].length === 0) regex.lastIndex++;
    }
    if (ranges.length === 0) continue;
    hits.push(replacement === null ? [i, ranges] : [i, ranges, line.replace(regex, replacement)]);
  }
  return hits;
}

const workerSource = `
const { parentPort } = require("node:worker_threads");
const matchLines = ${matchLines.toString()};
const matchAllLines = ${matchAllLines.toString()};
parentPort.on("message", (job) => {
  try {
    const hits = job.all ? matchAllLines(job.source, job.flags, job.lines, job.replacement) : matchLines(job.source, job.flags, job.lines);
    parentPort.postMessage({ id: job.id, hits });
  } catch (error) {
    parentPort.postMessage({ id: job.id, error: String((error && error.message) || error) });
  }
});`;

type Pending = { id: number; worker: Worker; resolve: (hits: unknown) => void; reject: (error: Error) => void };
type Job = { source: string; flags: string; lines: string[]; all?: true; replacement?: string | null };

// One warm worker serves every search, one file at a time; it is replaced after a kill and ends
// when idle, so it never holds the process open.
let worker: Worker | null = null;
let pending: Pending | null = null;
let nextId = 0;
let queue: Promise<unknown> = Promise.resolve();
let idleTimer: NodeJS.Timeout | undefined;
const idleMs = 30_000;

// Resolves once the worker runs: a budget measures matching, not a cold start on a busy machine.
const readyByWorker = new WeakMap<Worker, Promise<unknown>>();

function startWorker(): Worker {
  const started = new Worker(workerSource, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 256 } });
  started.unref();
  readyByWorker.set(
    started,
    new Promise((resolve, reject) => {
      started.once("online", resolve);
      started.once("error", reject);
      started.once("exit", () => reject(new Error("the search worker could not start")));
    }),
  );
  started.on("message", (message: { id: number; hits?: unknown; error?: string }) => {
    if (!pending || pending.id !== message.id) return;
    const { resolve, reject } = pending;
    pending = null;
    if (message.error !== undefined) reject(new Error(message.error));
    else resolve(message.hits ?? []);
  });
  const gone = (error?: Error) => {
    if (worker === started) worker = null;
    // A killed worker's exit arrives after the next job may have started on a new one.
    if (pending?.worker !== started) return;
    const waiting = pending;
    pending = null;
    waiting.reject(error ?? new Error("the search worker stopped (out of memory?)"));
  };
  started.on("error", gone);
  started.on("exit", () => gone());
  return started;
}

function runInWorker<T>(job: Job, budgetMs: number): Promise<T> {
  const task = async () => {
    clearTimeout(idleTimer);
    worker ??= startWorker();
    const running = worker;
    await readyByWorker.get(running);
    return new Promise<T>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        if (worker === running) worker = null;
        pending = null;
        void running.terminate();
        reject(new RegexBudgetError(budgetMs));
      }, budgetMs);
      const settle = () => {
        clearTimeout(timer);
        idleTimer = setTimeout(() => {
          if (worker === running && !pending) {
            worker = null;
            void running.terminate();
          }
        }, idleMs);
        idleTimer.unref();
      };
      pending = {
        id,
        worker: running,
        resolve: (hits) => (settle(), resolve(hits as T)),
        reject: (error) => (settle(), reject(error)),
      };
      running.postMessage({ id, ...job });
    });
  };
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

/**
 * Lines of `lines` that `regex` matches, with the column of the first match. A literal-only regex
 * (`inProcess`) runs here; anything else runs in the worker and rejects with RegexBudgetError after
 * `budgetMs`.
 */
export function findMatchingLines({
  regex,
  lines,
  inProcess,
  budgetMs,
}: {
  regex: RegExp;
  lines: string[];
  inProcess: boolean;
  budgetMs: number;
}): Promise<LineHit[]> {
  if (inProcess) return Promise.resolve(matchLines(regex.source, regex.flags, lines));
  return runInWorker<LineHit[]>({ source: regex.source, flags: regex.flags, lines }, budgetMs);
}

/**
 * Every match of a global `regex` on each line of `lines` and, with `replacement` (String.replace's
 * `$1`/`$&` syntax), each matching line replaced; in the worker under `budgetMs` like findMatchingLines.
 */
export function findAllMatches({
  regex,
  lines,
  replacement = null,
  inProcess,
  budgetMs,
}: {
  regex: RegExp;
  lines: string[];
  replacement?: string | null;
  inProcess: boolean;
  budgetMs: number;
}): Promise<LineMatches[]> {
  if (!regex.global) throw new Error("findAllMatches needs a global regex");
  if (inProcess) return Promise.resolve(matchAllLines(regex.source, regex.flags, lines, replacement));
  return runInWorker<LineMatches[]>({ source: regex.source, flags: regex.flags, lines, all: true, replacement }, budgetMs);
}
