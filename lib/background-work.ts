// Work a request leaves running after it has answered (a box command whose reader went away still
// saves what it wrote; a closed head stream marks its tab gone; an agent turn outlives the request
// that started it), and the process's own upkeep rounds (sweeps, collections, presence refreshes).
// Kept on globalThis: Next may evaluate this module more than once in one process.
type State = {
  running: Set<Promise<unknown>>;
  holds: number;
  held: Set<() => Promise<unknown>>;
};

const holder = globalThis as unknown as { __ideBackgroundWork?: State };
const state = () => (holder.__ideBackgroundWork ??= { running: new Set(), holds: 0, held: new Set() });

/** Registers `work` that no caller awaits to the end, so `backgroundSettled` waits for it; returns it. */
export function inBackground<T>(work: Promise<T>): Promise<T> {
  const { running } = state();
  running.add(work);
  const done = () => void running.delete(work);
  work.then(done, done);
  return work;
}

/** Resolves once no background work is running, including work started while it waits. */
export async function backgroundSettled(): Promise<void> {
  const { running } = state();
  while (running.size > 0) await Promise.allSettled([...running]);
}

/**
 * Runs one round of periodic upkeep in the background; while upkeep is held, once when the hold
 * ends instead (a round asked for twice meanwhile runs once).
 */
export function runUpkeep(round: () => Promise<unknown>): void {
  const current = state();
  if (current.holds > 0) current.held.add(round);
  else inBackground(round());
}

/**
 * Holds upkeep rounds until the returned function is called, for checks that compare every row
 * before and after a request: a sweep landing between the two is not the request's doing.
 */
export function holdUpkeep(): () => void {
  const current = state();
  current.holds++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    current.holds--;
    if (current.holds > 0) return;
    const rounds = [...current.held];
    current.held.clear();
    for (const round of rounds) inBackground(round());
  };
}
