import { randomUUID } from "node:crypto";

/**
 * The turns running in this server process: their abort controllers by turn and by session, one
 * queue per session (turns of one session sent to this server run one after another; across servers
 * the database refuses a second one, see claimTurnRow), stops asked for a session before its turn was
 * registered, and the process's owner id for the turns it runs.
 */
type Registry = {
  ownerId: string;
  running: Map<string, AbortController>;
  bySession: Map<string, string>;
  queues: Map<string, Promise<unknown>>;
  stopAsked: Map<string, number>;
};
export const registry = ((globalThis as { __agentTurns?: Registry }).__agentTurns ??= {
  ownerId: randomUUID(),
  running: new Map(),
  bySession: new Map(),
  queues: new Map(),
  stopAsked: new Map(),
});

// A stop that arrives while the turn is still being prepared applies to it, not to a later turn.
const stopAskedForMs = 15_000;

/** Stops a turn running in this server; false when none is. */
export function stopTurn(turnId: string): boolean {
  const controller = registry.running.get(turnId);
  controller?.abort();
  return controller !== undefined;
}

/** Stops the session's running turn, or the one about to start; false when neither is here. */
export function stopSessionTurn(sessionId: string): boolean {
  const turnId = registry.bySession.get(sessionId);
  if (turnId && stopTurn(turnId)) return true;
  if (!registry.queues.has(sessionId)) return false;
  registry.stopAsked.set(sessionId, Date.now());
  return true;
}

/** True (once) when a stop was asked for the session while its turn was being prepared. */
export function takeStopAsked(sessionId: string): boolean {
  const at = registry.stopAsked.get(sessionId);
  registry.stopAsked.delete(sessionId);
  return at !== undefined && Date.now() - at < stopAskedForMs;
}
