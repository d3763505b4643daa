import "server-only";
import { inBackground, runUpkeep } from "@/lib/background-work";
import { expireStreamPresence, keepPresence, presenceTtlSeconds, touchPresence, type KeptTab } from "@/lib/db/queries/presence";

type KeptStream = KeptTab & {
  /** The time this process last wrote for the tab, as stored; null until the first write. */
  seenAt: string | null;
  /** The first write; a stream closing meanwhile waits for it. */
  opened: Promise<void>;
};

const key = (tab: KeptTab) => `${tab.projectId} ${tab.clientId}`;

/**
 * Keeps the tab of every open head stream present: a hidden tab's timers may run once a minute
 * (Chrome), slower than presence expires, but its stream stays open. The tabs are marked seen when
 * their stream opens and then every third of the expiry, in one statement for the whole process;
 * heartbeats then only change the file in front. A closing stream marks its tab gone at once, unless
 * a heartbeat or the tab's next stream saw it since.
 */
export class PresenceKeeper {
  private readonly streams = new Set<KeptStream>();
  private timer: NodeJS.Timeout | undefined;
  private keeping: Promise<void> | null = null;

  constructor(private readonly everyMs = (presenceTtlSeconds() * 1000) / 3) {}

  /**
   * Keeps the tab `clientId` of `userId` present while the stream is open; returns what closes it.
   * A tab id another user's tab holds, or a user over their tab limit, is not kept (the heartbeat
   * route tells them why).
   */
  open(tab: KeptTab): () => void {
    const stream: KeptStream = { ...tab, seenAt: null, opened: Promise.resolve() };
    stream.opened = inBackground(
      touchPresence({ ...tab, path: undefined })
        .then((result) => {
          if (result.outcome === "written") stream.seenAt = result.seenAt;
        })
        .catch((error: unknown) => console.error("Presence: could not mark an open tab seen", error)),
    );
    this.streams.add(stream);
    this.timer ??= setInterval(() => runUpkeep(this.keep), this.everyMs);
    this.timer.unref?.();
    return () => void inBackground(this.release(stream));
  }

  /** Stops keeping every tab (the process closes its hub); their rows expire by themselves. */
  stop() {
    clearInterval(this.timer);
    this.timer = undefined;
    this.streams.clear();
  }

  private async release(stream: KeptStream) {
    if (!this.streams.delete(stream)) return;
    if (this.streams.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    await stream.opened;
    // Another stream of the same tab here (a reconnect overlapping the old one) keeps it.
    if (stream.seenAt === null || [...this.streams].some((s) => key(s) === key(stream) && s.userId === stream.userId)) return;
    await expireStreamPresence({ ...stream, seenAt: stream.seenAt }).catch((error: unknown) =>
      console.error("Presence: could not mark a closed tab gone", error),
    );
  }

  /** One UPDATE for every kept tab; a database slower than the interval skips rounds rather than piling them up. */
  private readonly keep = async () => {
    if (this.keeping || this.streams.size === 0) return;
    const streams = [...this.streams];
    this.keeping = keepPresence(streams)
      .then((seen) => {
        for (const stream of streams) {
          const seenAt = seen.get(key(stream));
          if (seenAt !== undefined) stream.seenAt = seenAt;
        }
      })
      .catch((error: unknown) => console.error("Presence: could not keep open tabs seen", error))
      .finally(() => (this.keeping = null));
    await this.keeping;
  };
}
