import "server-only";
import { getDatabase } from "@/lib/db/client";
import type { Database } from "@/lib/db/open";
import { getProjectRow } from "@/lib/db/queries/projects";
import { getSnapshotById, headChannel, parseHeadNotification, type SnapshotRow } from "@/lib/db/queries/snapshots";
import { parseSessionsNotification, parseTurnStatusNotification, sessionsChannel, turnStatusChannel } from "@/lib/db/queries/agent";
import { presenceChannel } from "@/lib/db/queries/presence";
import { PresenceKeeper } from "@/lib/presence/keep";
import { PresenceWatch } from "@/lib/presence/watch";
import { emptyTree } from "@/lib/snapshots/objects";
import { computeChangeSet } from "./change-set";
import { ProjectWatchers, type Watched } from "./project-watchers";
import { SessionWatch } from "./sessions";
import { TurnWatch } from "./turns";
import type { HeadEvent, HeadMovedEvent } from "./types";

type Send = (event: HeadEvent) => void;

/** The head every subscriber of a project was last told about: undefined until first read; null for a project without snapshots. */
type Head = { head: SnapshotRow | null | undefined };
type ProjectChannel = Watched<Send, Head>;

/**
 * The head channel of one app process: one database listener, fanned out to every open stream.
 * A notification only says a project's head moved; the head is then re-read, so a burst of moves
 * may arrive as one event and a notification older than the head read at subscribing is harmless.
 * Presence (who has the project open) and the subscriber's agent turns (started, ended) travel on
 * the same streams: browsers allow a handful of connections per host across all tabs, so a second
 * stream per tab would starve them. A stream opened for a tab keeps that tab present while open.
 */
export class HeadHub {
  private readonly channels = new ProjectWatchers<Send, Head>({ initial: () => ({ head: undefined }), what: "Head channel: could not read a moved head" });
  private readonly presence = new PresenceWatch();
  private readonly turns = new TurnWatch();
  private readonly sessions = new SessionWatch();
  private readonly keeper: PresenceKeeper;
  private stopListening: (() => Promise<void>) | null = null;
  private stopListeningPresence: (() => Promise<void>) | null = null;
  private stopListeningTurns: (() => Promise<void>) | null = null;
  private stopListeningSessions: (() => Promise<void>) | null = null;

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
    hub.stopListeningSessions = await database.listen(sessionsChannel, {
      notify: (payload) => {
        const parsed = parseSessionsNotification(payload);
        if (parsed) hub.sessions.tell(parsed);
      },
      resync: () => hub.sessions.tellAll(),
    });
    hub.stopListening = await database.listen(headChannel, {
      notify: (payload) => {
        const parsed = parseHeadNotification(payload);
        if (parsed) hub.wake(parsed.projectId);
      },
      // After a dropped connection every watched head is re-read: moves made meanwhile were not announced.
      resync: () => hub.channels.runAll((projectId, channel) => hub.refresh(projectId, channel)),
    });
    return hub;
  }

  /** Open streams, over all projects (for tests and metrics). */
  get subscriberCount(): number {
    return this.channels.subscriberCount;
  }

  /**
   * Sends `send` what changed since `since` (or a reload when that snapshot is unknown here), then
   * every later head move, until the returned function is called; who is present, now and whenever
   * that changes; `userId`'s agent turns running now, then every start and end of one; and each of
   * `userId`'s chats started, renamed or deleted. `tab`
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
    const leave = await this.channels.join(projectId, send, async (channel) => {
      // Re-read even when known: a head move whose reading failed must not be served as current.
      await this.refresh(projectId, channel);
      const head = channel.state.head ?? null;
      const base = since === undefined ? null : await getSnapshotById({ projectId, id: since });
      if (!base) send({ type: "reload", head: head?.id ?? null });
      else if (base.id !== head?.id) send(await headMoved(base, head));
    });
    const leaving: (() => void)[] = [leave];
    const leaveAll = () => {
      for (const each of leaving) each();
    };
    try {
      leaving.push(await this.presence.subscribe({ projectId, send }));
      if (userId !== undefined) leaving.push(await this.turns.subscribe({ projectId, userId, send }));
      if (userId !== undefined) leaving.push(await this.sessions.subscribe({ projectId, userId, send }));
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
    this.sessions.close();
    this.keeper.stop();
    await this.stopListening?.();
    await this.stopListeningPresence?.();
    await this.stopListeningTurns?.();
    await this.stopListeningSessions?.();
  }

  private wake(projectId: string) {
    this.channels.run(projectId, (channel) => this.refresh(projectId, channel));
  }

  /** Reads the project's head and, when it moved, tells every subscriber what changed. */
  private async refresh(projectId: string, channel: ProjectChannel) {
    const head = await readHead(projectId);
    const known = channel.state.head;
    if (known !== undefined && (head?.id ?? null) === (known?.id ?? null)) return;
    if (known !== undefined && channel.subscribers.size > 0) {
      const event = await headMoved(known, head);
      for (const send of channel.subscribers) send(event);
    }
    channel.state.head = head;
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
