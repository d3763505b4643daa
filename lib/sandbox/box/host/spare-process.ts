import { fork, type ChildProcess } from "node:child_process";
import { setPriority } from "node:os";
import path from "node:path";
import { boxNodeFlags, type RuntimeFiles } from "./runtime-files";

/** The box process's own JS heap (guest code lives in capped WebAssembly memory, not here). */
const heapMb = 256;

type Spare = { entry: string; child: ChildProcess };
// On globalThis so a dev server's module reloads do not leave spares behind.
const holder = globalThis as unknown as { __boxSpare?: Spare };

/** Boxes run below the server's priority, so busy boxes cannot starve it of CPU. */
const boxNice = 10;

function forkBox(files: RuntimeFiles): ChildProcess {
  const child = fork(files.entry, [], {
    execArgv: boxNodeFlags(files, { heapMb }),
    // Nothing of the host's environment reaches the box.
    env: {} as NodeJS.ProcessEnv,
    cwd: path.dirname(files.entry),
    serialization: "advanced",
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  try {
    if (child.pid !== undefined) setPriority(child.pid, boxNice);
  } catch {
    // Not permitted here: the box runs at the server's priority.
  }
  return child;
}

type Unrefable = { ref?: () => void; unref?: () => void } | null | undefined;
const handlesOf = (child: ChildProcess): Unrefable[] => [child, child.channel as Unrefable, child.stdout as Unrefable, child.stderr as Unrefable];

function refill(files: RuntimeFiles) {
  if (holder.__boxSpare) return;
  const child = forkBox(files);
  // A spare must not keep the server (or a test run) alive.
  for (const handle of handlesOf(child)) handle?.unref?.();
  child.stdout?.resume();
  child.stderr?.resume();
  child.once("exit", () => {
    if (holder.__boxSpare?.child === child) holder.__boxSpare = undefined;
  });
  holder.__boxSpare = { entry: files.entry, child };
}

/**
 * A box process, taken from the one kept warm when there is one: starting Node and loading
 * just-bash costs ~300 ms, which every new box (and every restart after a crash) would otherwise
 * wait for. Another spare is started shortly after one is taken.
 */
export function takeBoxChild(files: RuntimeFiles, { keepSpare }: { keepSpare: boolean }): ChildProcess {
  let child: ChildProcess;
  const spare = holder.__boxSpare;
  if (spare && spare.entry === files.entry && spare.child.exitCode === null && spare.child.connected) {
    child = spare.child;
    holder.__boxSpare = undefined;
    child.stdout?.pause();
    child.stderr?.pause();
    for (const handle of handlesOf(child)) handle?.ref?.();
  } else child = forkBox(files);
  if (keepSpare) setImmediate(() => refill(files));
  return child;
}
