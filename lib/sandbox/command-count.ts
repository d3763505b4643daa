import type { SandboxEvent } from "./types";

/**
 * Counts a backend's running commands and reports each change as a `commands` event, so the IDE
 * can wait for a quiet moment before it replaces the sandbox (and cuts nothing off).
 */
export function createCommandCounter(emit: (event: SandboxEvent) => void) {
  let running = 0;
  return async function counted<T>(run: () => Promise<T>): Promise<T> {
    emit({ type: "commands", running: ++running });
    try {
      return await run();
    } finally {
      emit({ type: "commands", running: --running });
    }
  };
}
