import "server-only";
import { renewTurnLease } from "@/lib/db/queries/agent";
import { registry } from "./turn-registry";

/**
 * A running turn belongs to the server process running it (its owner id) for as long as that process
 * renews its lease. Another server sees the lease to tell a live turn from one whose server died:
 * a stop there is recorded for the owner, and start-up sweeps only expired leases.
 */
export const turnLease = { heartbeatMs: 5_000, leaseMs: 20_000 };

/** This server process's owner id, random per process. */
export function turnOwnerId(): string {
  return registry.ownerId;
}

export function nextLeaseUntil(): Date {
  return new Date(Date.now() + turnLease.leaseMs);
}

/**
 * Renews the turn's lease every heartbeat until stopped; aborts the turn when a stop was asked on
 * any server or the turn is no longer this process's. Returns the function that ends the heartbeat.
 */
export function startTurnHeartbeat({ turnId, controller }: { turnId: string; controller: AbortController }): () => void {
  let beating: Promise<void> | null = null;
  const beat = () => {
    // A database slower than the heartbeat skips beats rather than piling them up.
    if (beating) return;
    beating = renewTurnLease({ id: turnId, ownerId: registry.ownerId, leaseUntil: nextLeaseUntil() })
      .then(({ stop }) => {
        if (stop) controller.abort();
      })
      .catch((error) => console.error("Could not renew an agent turn's lease", error))
      .finally(() => (beating = null));
  };
  const timer = setInterval(beat, turnLease.heartbeatMs);
  return () => clearInterval(timer);
}
