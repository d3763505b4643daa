/** The turns running in this server process: their abort controllers, and one queue per session. */
type Registry = { running: Map<string, AbortController>; queues: Map<string, Promise<unknown>> };
export const registry = ((globalThis as { __agentTurns?: Registry }).__agentTurns ??= { running: new Map(), queues: new Map() });

/** Stops a turn running in this server; false when none is. */
export function stopTurn(turnId: string): boolean {
  const controller = registry.running.get(turnId);
  controller?.abort();
  return controller !== undefined;
}

export function isTurnRunningHere(turnId: string): boolean {
  return registry.running.has(turnId);
}
