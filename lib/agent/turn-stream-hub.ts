import "server-only";
import { runUpkeep } from "@/lib/background-work";
import { getDatabase } from "@/lib/db/client";
import type { Database } from "@/lib/db/open";
import { stopTurn } from "./turn-registry";
import { deleteEndedTurnChunks, parseTurnNotification, turnChannel } from "./turn-stream-store";

type Wake = () => void;

export const turnChunkUpkeep = {
  /** A turn's batches are kept this long after it ends, for followers still reading its last ones. */
  keepAfterEndMs: 30_000,
  sweepMs: 60_000,
};

/**
 * The turn channel of one app process: one database listener. A `chunks` notification wakes the
 * followers of that turn here (they re-read its rows); a `stop` one aborts the turn when this process
 * runs it. Missed notifications (a dropped connection) wake every follower; a missed stop is still
 * seen by the turn's heartbeat. Every process also deletes the batches of ended turns (any server's,
 * so those of a server that died are deleted too).
 */
export class TurnHub {
  private readonly followers = new Map<string, Set<Wake>>();
  private stopListening: (() => Promise<void>) | null = null;
  private sweeper: NodeJS.Timeout | undefined;

  static async open(database: Pick<Database, "listen">): Promise<TurnHub> {
    const hub = new TurnHub();
    hub.stopListening = await database.listen(turnChannel, {
      notify: (payload) => {
        const parsed = parseTurnNotification(payload);
        if (parsed?.kind === "chunks") hub.wake(parsed.turnId);
        else if (parsed?.kind === "stop") stopTurn(parsed.turnId);
      },
      resync: () => {
        for (const turnId of hub.followers.keys()) hub.wake(turnId);
      },
    });
    const sweep = () =>
      deleteEndedTurnChunks({ endedBefore: new Date(Date.now() - turnChunkUpkeep.keepAfterEndMs) }).catch((error: unknown) =>
        console.error("Could not delete the live output of ended agent turns", error),
      );
    hub.sweeper = setInterval(() => runUpkeep(sweep), turnChunkUpkeep.sweepMs).unref();
    return hub;
  }

  /** Calls `wake` whenever the turn's stream grows, until the returned function is called. */
  follow(turnId: string, wake: Wake): () => void {
    let set = this.followers.get(turnId);
    if (!set) this.followers.set(turnId, (set = new Set()));
    set.add(wake);
    return () => {
      set.delete(wake);
      if (set.size === 0 && this.followers.get(turnId) === set) this.followers.delete(turnId);
    };
  }

  /** Followers, over all turns (for tests). */
  get followerCount(): number {
    let n = 0;
    for (const set of this.followers.values()) n += set.size;
    return n;
  }

  async close(): Promise<void> {
    this.followers.clear();
    clearInterval(this.sweeper);
    await this.stopListening?.();
  }

  private wake(turnId: string) {
    for (const wake of this.followers.get(turnId) ?? []) wake();
  }
}

// One hub per process (kept on globalThis so Next's dev reloads reuse it), on the process's database.
const holder = globalThis as unknown as { __ideTurnHub?: Promise<TurnHub> };

export function getTurnHub(): Promise<TurnHub> {
  holder.__ideTurnHub ??= getDatabase()
    .then((database) => TurnHub.open(database))
    .catch((error: unknown) => {
      holder.__ideTurnHub = undefined;
      throw error;
    });
  return holder.__ideTurnHub;
}
