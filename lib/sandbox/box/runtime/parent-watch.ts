import { readFileSync } from "node:fs";

/**
 * A box must not outlive the server that started it. When the server dies, the IPC channel's
 * "disconnect" ends an idle box at once, but a box busy in a synchronous loop (QuickJS, a bash
 * `while true`) never gets to its event loop. Those loops call `exitIfOrphaned()` from their
 * interrupt checks; it looks at most every `checkEveryMs` whether the box's parent is still the
 * process that started it (Node caches `process.ppid`, so the current one is read from /proc).
 */
const parentPid = process.ppid;
const checkEveryMs = 250;
let nextCheckAt = 0;

function currentParentPid(): number | undefined {
  try {
    const stat = readFileSync("/proc/self/stat", "latin1");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

function parentGone(): boolean {
  const current = currentParentPid();
  if (current !== undefined) return current !== parentPid;
  // No /proc here: ask whether the parent still exists.
  try {
    process.kill(parentPid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

export function exitIfOrphaned() {
  const now = Date.now();
  if (now < nextCheckAt) return;
  nextCheckAt = now + checkEveryMs;
  if (parentGone()) process.exit(0);
}
