import "server-only";
import { getDatabase } from "@/lib/db/client";
import type { Database } from "@/lib/db/open";
import { getProjectRow } from "@/lib/db/queries/projects";
import { getSnapshotById, headChannel, parseHeadNotification, type SnapshotRow } from "@/lib/db/queries/snapshots";
import { parseTurnStatusNotification, turnStatusChannel } from "@/lib/db/queries/agent";
import { presenceChannel } from "@/lib/db/queries/presence";
import { PresenceKeeper } from "@/lib/presence/keep";
import { PresenceWatch } from "@/lib/presence/watch";
import { emptyTree } from "@/lib/snapshots/objects";
import { computeChangeSet } from "./change-set";
import { TurnWatch } from "./turns";
import type { HeadEvent, HeadMovedEvent } from "./types";

type Send = (event: HeadEvent) => void;

/** The subscribers of one project and the head they were all last told about. */
type ProjectChannel = {
  /** undefined until first read; null for a project without snapshots. */
  head: SnapshotRow | null | undefined;
  subscribers: Set<Send>;
  /** Subscribers still being told what they missed; the channel is kept for them. */
  joining: number;
  /** Head reads and sends run one at a time, so every subscriber sees the moves in order. */
  queue: Promise<void>;
};

/**
 * The head channel of one app process: one database listener, fanned out to every open stream.
 * A notification only says a project's head moved; the head is then re-read, so a burst of moves
 * may arrive as one event and a notification older than the head read at subscribing is harmless.
 * Presence (who has the project open) and the subscriber's agent turns (started, ended) travel on
 * the same streams: browsers allow a handful of connections per host across all tabs, so a second
 * stream per tab would starve them. A stream opened for a tab keeps that tab present while open.
 */
export class HeadHub {
  private readonly channels = new Map<string, ProjectChannel>();
  private readonly presence = new PresenceWatch();
  private readonly turns = new TurnWatch();
  private readonly keeper: PresenceKeeper;
  private stopListening: (() => Promise<void>) | null = null;
  private stopListeningPresence: (() => Promise<void>) | null = null;
  private stopListeningTurns: (() => Promise<void>) | null = null;

  private constructor({ presenceKeepMs }: { presenceKeepMs?: number }) {
    this.keeper = new PresenceKeeper(presenceKeepMs);
  }

  /** `presenceKeepMs`: how often open streams mark their tabs seen (a third of the expiry unless given). */
  static async open(database: Pick<Database, "listen">, options: { presenceKeepMs?: number } = {}): Promise<HeadHub> {
    const hub = new HeadHub(options);
    hub.stopListeningPresence = await database.listen(presenceChannel, {
      notify: (projectId) => hub.presence.wake(projectId),
      resync: () => hub.presence.wakeAll(),
    });
    hub.stopListeningTurns = await database.listen(turnStatusChannel, {
      notify: (payload) => {
        const parsed = parseTurnStatusNotification(payload);
        if (parsed) hub.turns.wake(parsed.projectId, parsed.turnId);
      },
      resync: () => hub.turns.wakeAll(),
    });
    hub.stopListening = await database.listen(headChannel, {
      notify: (payload) => {
        const parsed = parseHeadNotification(payload);
        if (parsed) hub.wake(parsed.projectId);
      },
      // After a dropped connection every watched head is re-read: moves made meanwhile were not announced.
      resync: () => {
        for (const projectId of hub.channels.keys()) hub.wake(projectId);
      },
    });
    return hub;
  }

  /** Open streams, over all projects (for tests and metrics). */
  get subscriberCount(): number {
    let n = 0;
    for (const c of this.channels.values()) n += c.subscribers.size;
    return n;
  }

  /**
   * Sends `send` what changed since `since` (or a reload when that snapshot is unknown here), then
   * every later head move, until the returned function is called; who is present, now and whenever
   * that changes; and `userId`'s agent turns running now, then every start and end of one. `tab`
   * (the subscribing tab's presence id, of `userId`) is kept present meanwhile. Without a user, no
   * turns and no tab.
   */
  async subscribe({
    projectId,
    userId,
    tab,
    since,
    send,
  }: {
    projectId: string;
    userId?: string;
    tab?: string;
    since: string | undefined;
    send: Send;
  }): Promise<() => void> {
    let channel = this.channels.get(projectId);
    if (!channel) {
      channel = { head: undefined, subscribers: new Set(), joining: 0, queue: Promise.resolve() };
      this.channels.set(projectId, channel);
    }
    const joined = channel;
    const leave = () => {
      joined.subscribers.delete(send);
      if (joined.subscribers.size === 0 && joined.joining === 0 && this.channels.get(projectId) === joined) this.channels.delete(projectId);
    };
    joined.joining++;
    try {
      await this.enqueue(joined, async () => {
        // Re-read even when known: a head move whose reading failed must not be served as current.
        await this.refresh(projectId, joined);
        const head = joined.head ?? null;
        const base = since === undefined ? null : await getSnapshotById({ projectId, id: since });
        if (!base) send({ type: "reload", head: head?.id ?? null });
        else if (base.id !== head?.id) send(await headMoved(base, head));
        joined.subscribers.add(send);
      });
    } catch (error) {
      joined.joining--;
      leave();
      throw error;
    }
    joined.joining--;
    const leaving: (() => void)[] = [leave];
    const leaveAll = () => {
      for (const each of leaving) each();
    };
    try {
      leaving.push(await this.presence.subscribe({ projectId, send }));
      if (userId !== undefined) leaving.push(await this.turns.subscribe({ projectId, userId, send }));
    } catch (error) {
      leaveAll();
      throw error;
    }
    if (userId !== undefined && tab !== undefined) leaving.push(this.keeper.open({ projectId, clientId: tab, userId }));
    return leaveAll;
  }

  async close(): Promise<void> {
    this.channels.clear();
    this.presence.close();
    this.turns.close();
    this.keeper.stop();
    await this.stopListening?.();
    await this.stopListeningPresence?.();
    await this.stopListeningTurns?.();
  }

  private wake(projectId: string) {
    const channel = this.channels.get(projectId);
    if (!channel) return;
    void this.enqueue(channel, () => this.refresh(projectId, channel)).catch((error: unknown) =>
      console.error("Head channel: could not read a moved head", error),
    );
  }

  /** Reads the project's head and, when it moved, tells every subscriber what changed. */
  private async refresh(projectId: string, channel: ProjectChannel) {
    const head = await readHead(projectId);
    if (channel.head !== undefined && (head?.id ?? null) === (channel.head?.id ?? null)) return;
    if (channel.head !== undefined && channel.subscribers.size > 0) {
      const event = await headMoved(channel.head, head);
      for (const send of channel.subscribers) send(event);
    }
    channel.head = head;
  }

  private enqueue(channel: ProjectChannel, task: () => Promise<void>): Promise<void> {
    const run = channel.queue.then(task);
    channel.queue = run.catch(() => undefined);
    return run;
  }
}

async function readHead(projectId: string): Promise<SnapshotRow | null> {
  const project = await getProjectRow({ id: projectId });
  return project?.headSnapshotId ? await getSnapshotById({ projectId, id: project.headSnapshotId }) : null;
}

async function headMoved(from: SnapshotRow | null, to: SnapshotRow | null): Promise<HeadMovedEvent> {
  return {
    type: "head",
    from: from?.id ?? null,
    to: to?.id ?? null,
    author: to ? { kind: to.author, userId: to.userId } : null,
    changes: await computeChangeSet({ from: from?.rootTree ?? emptyTree.hash, to: to?.rootTree ?? emptyTree.hash }),
  };
}

// One hub per process (kept on globalThis so Next's dev reloads reuse it), on the process's database.
const holder = globalThis as unknown as { __ideHeadHub?: Promise<HeadHub> };

export function getHeadHub(): Promise<HeadHub> {
  holder.__ideHeadHub ??= getDatabase()
    .then((database) => HeadHub.open(database))
    .catch((error: unknown) => {
      holder.__ideHeadHub = undefined;
      throw error;
    });
  return holder.__ideHeadHub;
}
