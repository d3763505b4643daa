import "server-only";
import { listPresence } from "@/lib/db/queries/presence";
import { ProjectWatchers, type Watched } from "@/lib/head-channel/project-watchers";
import type { PresenceEvent } from "@/lib/head-channel/types";
import { avatarColour, avatarInitial } from "./avatar";

type Send = (event: PresenceEvent) => void;

type Presence = {
  /** What every subscriber was last told; undefined until first read. */
  last: PresenceEvent | undefined;
  /** Re-reads when the next tab would expire: a tab that vanished without a word announces nothing. */
  expiry: NodeJS.Timeout | undefined;
};
type WatchedProject = Watched<Send, Presence>;

// A little past the expiry, so the database's clock has passed it too when the list is re-read.
const expirySlackMs = 250;

/**
 * Who is present on the projects this process streams. A notification only names a project; its
 * list is then re-read and sent when it differs from the last one sent. Expiries are noticed by
 * every process on its own timer, so no one has to announce them.
 */
export class PresenceWatch {
  private readonly projects = new ProjectWatchers<Send, Presence>({
    initial: () => ({ last: undefined, expiry: undefined }),
    onForget: (watched) => clearTimeout(watched.state.expiry),
    what: "Presence: could not read who is on a project",
  });

  /** Sends `send` the project's present tabs now and whenever they change, until the returned function is called. */
  subscribe({ projectId, send }: { projectId: string; send: Send }): Promise<() => void> {
    return this.projects.join(projectId, send, async (watched) => {
      await this.refresh(projectId, watched);
      send(watched.state.last!);
    });
  }

  /** The project's presence changed somewhere: re-read it. */
  wake(projectId: string) {
    this.projects.run(projectId, (watched) => this.refresh(projectId, watched));
  }

  /** After a dropped listening connection: changes meanwhile were not announced. */
  wakeAll() {
    this.projects.runAll((projectId, watched) => this.refresh(projectId, watched));
  }

  close() {
    this.projects.clear();
  }

  private async refresh(projectId: string, watched: WatchedProject) {
    const rows = await listPresence({ projectId });
    const presence = watched.state;
    clearTimeout(presence.expiry);
    presence.expiry = undefined;
    if (rows.length > 0 && this.projects.isWatched(projectId, watched)) {
      const next = Math.max(0, Math.min(...rows.map((r) => r.expiresInMs))) + expirySlackMs;
      presence.expiry = setTimeout(() => this.wake(projectId), next);
      presence.expiry.unref?.();
    }
    const event: PresenceEvent = {
      type: "presence",
      tabs: rows.map((r) => ({ tab: r.clientId, userId: r.userId, name: r.name, initial: avatarInitial(r.name), colour: avatarColour(r.userId), path: r.path })),
    };
    if (presence.last !== undefined && JSON.stringify(event) === JSON.stringify(presence.last)) return;
    presence.last = event;
    for (const send of watched.subscribers) send(event);
  }
}
