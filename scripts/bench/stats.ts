/** Median and range of repeated measurements; benchmarks report these, never a single run. */
export type Summary = { median: number; min: number; max: number; runs: number };

export function summarize(values: number[]): Summary {
  if (values.length === 0) throw new Error("No measurements to summarize");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)!, runs: sorted.length };
}

/** Runs `once` one time to warm up (unrecorded), then `runs` times, returning each run's result. */
export async function repeat<T>(runs: number, once: (run: number) => Promise<T>): Promise<T[]> {
  await once(-1);
  const results: T[] = [];
  for (let run = 0; run < runs; run++) results.push(await once(run));
  return results;
}

/** Milliseconds taken by `fn`, with its result. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}
