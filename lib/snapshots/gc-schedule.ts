import "server-only";
import { runUpkeep } from "@/lib/background-work";
import { collectGarbage, collectorEnvSchema } from "./gc";

let running: Promise<unknown> | null = null;
let again = false;
let soon: NodeJS.Timeout | null = null;

function runOnce(): Promise<unknown> {
  if (running) {
    again = true;
    return running;
  }
  running = collectGarbage()
    .then((r) => {
      if (r.deleted > 0) console.log(`Collected ${r.deleted} unreachable object(s), ${r.bytesFreed} bytes, in ${r.ms} ms`);
    })
    .catch((error) => console.error("Could not collect unreachable objects; the next pass tries again", error))
    .finally(() => {
      running = null;
      if (again) {
        again = false;
        return runOnce();
      }
    });
  return running;
}

/**
 * Asks for a collection after something made objects unreachable (a project or workspace deleted).
 * Debounced, so deleting many projects costs one pass; never awaited by the request that asked.
 */
export function requestCollection(delayMs = 30_000): void {
  if (soon) clearTimeout(soon);
  soon = setTimeout(() => {
    soon = null;
    runUpkeep(runOnce);
  }, delayMs);
  soon.unref();
}

/** Collects periodically in this server process (every instance does; two at once only repeat work). */
export function startObjectCollector(): void {
  const minutes = collectorEnvSchema.parse(process.env).OBJECT_GC_INTERVAL_MINUTES;
  if (minutes === 0) return;
  // A little jitter, so instances started together do not collect together.
  const everyMs = minutes * 60_000 * (0.9 + Math.random() * 0.2);
  setInterval(() => runUpkeep(runOnce), everyMs).unref();
}
