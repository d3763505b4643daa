import "server-only";
import { getTurnRow, listLiveTurnRows } from "@/lib/db/queries/agent";
import { ProjectWatchers, type Watched } from "./project-watchers";
import type { TurnEvent } from "./types";

type Subscriber = { userId: string; send: (event: TurnEvent) => void };

/** The status last told per turn: a burst of notifications re-reads one status, told once. */
type Told = Map<string, TurnEvent["status"]>;
type WatchedProject = Watched<Subscriber, Told>;

// Statuses remembered per project; the oldest are forgotten first (a late duplicate is told again, harmlessly).
const toldMax = 500;

/**
 * The agent turns of the projects this process streams. A notification only names a turn; it is
 * then re-read and its status sent to the subscribers who own its session, when it is news.
 */
export class TurnWatch {
  private readonly projects = new ProjectWatchers<Subscriber, Told>({ initial: () => new Map(), what: "Head channel: could not read an agent turn" });

  /** Sends `send` the user's turns running on the project now, then every status change, until the returned function is called. */
  subscribe({ projectId, userId, send }: { projectId: string; userId: string; send: Subscriber["send"] }): Promise<() => void> {
    return this.projects.join(projectId, { userId, send }, async (watched) => {
      for (const row of await listLiveTurnRows({ projectId, userId })) {
        const event: TurnEvent = { type: "turn", sessionId: row.sessionId, turnId: row.id, status: row.status, startedBy: { userId, source: sourceOf(row.source) } };
        remember(watched, event);
        send(event);
      }
    });
  }

  /** The turn's status changed somewhere: re-read it. */
  wake(projectId: string, turnId: string) {
    this.projects.run(projectId, (watched) => this.refresh(watched, turnId));
  }

  /** After a dropped listening connection: turns told running are re-read, and turns started meanwhile found. */
  wakeAll() {
    this.projects.runAll(async (projectId, watched) => {
      for (const [turnId, status] of watched.state) if (status === "running") await this.refresh(watched, turnId);
      for (const userId of new Set([...watched.subscribers].map((s) => s.userId)))
        for (const row of await listLiveTurnRows({ projectId, userId })) await this.refresh(watched, row.id);
    });
  }

  close() {
    this.projects.clear();
  }

  private async refresh(watched: WatchedProject, turnId: string) {
    const row = await getTurnRow({ id: turnId });
    if (!row || watched.state.get(turnId) === row.status) return;
    const owner = row.session.userId;
    const event: TurnEvent = { type: "turn", sessionId: row.sessionId, turnId, status: row.status, startedBy: { userId: owner, source: sourceOf(row.source) } };
    remember(watched, event);
    for (const subscriber of watched.subscribers) if (subscriber.userId === owner) subscriber.send(event);
  }
}

function remember(watched: WatchedProject, event: TurnEvent) {
  watched.state.delete(event.turnId);
  watched.state.set(event.turnId, event.status);
  if (watched.state.size > toldMax) watched.state.delete(watched.state.keys().next().value!);
}

const sourceOf = (source: string): TurnEvent["startedBy"]["source"] => (source === "api" ? "api" : "panel");
