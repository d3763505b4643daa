import "server-only";
import { getTurnRow, listLiveTurnRows } from "@/lib/db/queries/agent";
import type { TurnEvent } from "./types";

type Subscriber = { userId: string; send: (event: TurnEvent) => void };

type WatchedProject = {
  subscribers: Set<Subscriber>;
  joining: number;
  /** Reads and sends run one at a time, so a turn's start is never told after its end. */
  queue: Promise<void>;
  /** The status last told per turn: a burst of notifications re-reads one status, told once. */
  told: Map<string, TurnEvent["status"]>;
};

// Statuses remembered per project; the oldest are forgotten first (a late duplicate is told again, harmlessly).
const toldMax = 500;

/**
 * The agent turns of the projects this process streams. A notification only names a turn; it is
 * then re-read and its status sent to the subscribers who own its session, when it is news.
 */
export class TurnWatch {
  private readonly projects = new Map<string, WatchedProject>();

  /** Sends `send` the user's turns running on the project now, then every status change, until the returned function is called. */
  async subscribe({ projectId, userId, send }: { projectId: string; userId: string; send: Subscriber["send"] }): Promise<() => void> {
    let watched = this.projects.get(projectId);
    if (!watched) {
      watched = { subscribers: new Set(), joining: 0, queue: Promise.resolve(), told: new Map() };
      this.projects.set(projectId, watched);
    }
    const joined = watched;
    const subscriber: Subscriber = { userId, send };
    const leave = () => {
      joined.subscribers.delete(subscriber);
      if (joined.subscribers.size === 0 && joined.joining === 0 && this.projects.get(projectId) === joined) this.projects.delete(projectId);
    };
    joined.joining++;
    try {
      await this.enqueue(joined, async () => {
        for (const row of await listLiveTurnRows({ projectId, userId })) {
          const event: TurnEvent = { type: "turn", sessionId: row.sessionId, turnId: row.id, status: row.status, startedBy: { userId, source: sourceOf(row.source) } };
          remember(joined, event);
          send(event);
        }
        joined.subscribers.add(subscriber);
      });
    } catch (error) {
      joined.joining--;
      leave();
      throw error;
    }
    joined.joining--;
    return leave;
  }

  /** The turn's status changed somewhere: re-read it. */
  wake(projectId: string, turnId: string) {
    const watched = this.projects.get(projectId);
    if (!watched) return;
    void this.enqueue(watched, () => this.refresh(watched, turnId)).catch((error: unknown) =>
      console.error("Head channel: could not read an agent turn", error),
    );
  }

  /** After a dropped listening connection: turns told running are re-read, and turns started meanwhile found. */
  wakeAll() {
    for (const [projectId, watched] of this.projects) {
      void this.enqueue(watched, async () => {
        for (const [turnId, status] of watched.told) if (status === "running") await this.refresh(watched, turnId);
        for (const userId of new Set([...watched.subscribers].map((s) => s.userId)))
          for (const row of await listLiveTurnRows({ projectId, userId })) await this.refresh(watched, row.id);
      }).catch((error: unknown) => console.error("Head channel: could not re-read agent turns", error));
    }
  }

  close() {
    this.projects.clear();
  }

  private async refresh(watched: WatchedProject, turnId: string) {
    const row = await getTurnRow({ id: turnId });
    if (!row || watched.told.get(turnId) === row.status) return;
    const owner = row.session.userId;
    const event: TurnEvent = { type: "turn", sessionId: row.sessionId, turnId, status: row.status, startedBy: { userId: owner, source: sourceOf(row.source) } };
    remember(watched, event);
    for (const subscriber of watched.subscribers) if (subscriber.userId === owner) subscriber.send(event);
  }

  private enqueue(watched: WatchedProject, task: () => Promise<void>): Promise<void> {
    const run = watched.queue.then(task);
    watched.queue = run.catch(() => undefined);
    return run;
  }
}

function remember(watched: WatchedProject, event: TurnEvent) {
  watched.told.delete(event.turnId);
  watched.told.set(event.turnId, event.status);
  if (watched.told.size > toldMax) watched.told.delete(watched.told.keys().next().value!);
}

const sourceOf = (source: string): TurnEvent["startedBy"]["source"] => (source === "api" ? "api" : "panel");
