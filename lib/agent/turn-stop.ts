import "server-only";
import { requestTurnStop } from "@/lib/db/queries/agent";
import { notifyTurnStop } from "./turn-stream-store";

/**
 * Stops a turn this server does not run: records the stop for its owner (whose heartbeat sees it
 * within seconds) and tells the owner at once on the turn channel; a turn without a live owner is
 * ended here. False when the turn was not open.
 */
export async function askOwnerToStop({ turnId }: { turnId: string }): Promise<boolean> {
  const outcome = await requestTurnStop({ id: turnId });
  if (outcome === "asked")
    await notifyTurnStop({ turnId }).catch((error: unknown) => console.error("Could not notify a turn's server of a stop; its heartbeat will see it", error));
  return outcome !== "none";
}
