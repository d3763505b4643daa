import "server-only";
import { listPresence } from "@/lib/db/queries/presence";
import type { PresenceEvent } from "@/lib/head-channel/types";
import { avatarColour, avatarInitial } from "./avatar";

type Send = (event: PresenceEvent) => void;

type WatchedProject = {
  /** What every subscriber was last told; undefined until first read. */
  last: PresenceEvent | undefined;
  subscribers: Set<Send>;
  joining: number;
  /** Reads and sends run one at a time, so subscribers see the lists in order. */
  queue: Promise<void>;
  /** Re-reads when the next tab would expire: a tab that vanished without a word announces nothing. */
  expiry: NodeJS.Timeout | undefined;
};

// A little past the expiry, so the database's clock has passed it too when the list is re-read.
const expirySlackMs = 250;

/**
 * Who is present on the projects this process streams. A notification only names a project; its
 * list is then re-read and sent when it differs from the last one sent. Expiries are noticed by
 * every process on its own timer, so no one has to announce them.
 */
export class PresenceWatch {
  private readonly projects = new Map<string, WatchedProject>();

  /** Sends `send` the project's present tabs now and whenever they change, until the returned function is called. */
  async subscribe({ projectId, send }: { projectId: string; send: Send }): Promise<() => void> {
    let watched = this.projects.get(projectId);
    if (!watched) {
      watched = { last: undefined, subscribers: new Set(), joining: 0, queue: Promise.resolve(), expiry: undefined };
      this.projects.set(projectId, watched);
    }
    const joined = watched;
    const leave = () => {
      joined.subscribers.delete(send);
      if (joined.subscribers.size === 0 && joined.joining === 0) this.forget(projectId, joined);
    };
    joined.joining++;
    try {
      await this.enqueue(joined, async () => {
        await this.refresh(projectId, joined);
        send(joined.last!);
        joined.subscribers.add(send);
      });
    } catch (error) {
      joined.joining--;
      leave();
      throw error;
    }
    joined.joining--;
    return leave;
  }

  /** The project's presence changed somewhere: re-read it. */
  wake(projectId: string) {
    const watched = this.projects.get(projectId);
    if (!watched) return;
    void this.enqueue(watched, () => this.refresh(projectId, watched)).catch((error: unknown) =>
      console.error("Presence: could not read who is on a project", error),
    );
  }

  /** After a dropped listening connection: changes meanwhile were not announced. */
  wakeAll() {
    for (const projectId of this.projects.keys()) this.wake(projectId);
  }

  close() {
    for (const [projectId, watched] of this.projects) this.forget(projectId, watched);
  }

  private forget(projectId: string, watched: WatchedProject) {
    clearTimeout(watched.expiry);
    if (this.projects.get(projectId) === watched) this.projects.delete(projectId);
  }

  private async refresh(projectId: string, watched: WatchedProject) {
    const rows = await listPresence({ projectId });
    clearTimeout(watched.expiry);
    watched.expiry = undefined;
    if (rows.length > 0 && this.projects.get(projectId) === watched) {
      const next = Math.max(0, Math.min(...rows.map((r) => r.expiresInMs))) + expirySlackMs;
      watched.expiry = setTimeout(() => this.wake(projectId), next);
      watched.expiry.unref?.();
    }
    const event: PresenceEvent = {
      type: "presence",
      tabs: rows.map((r) => ({ tab: r.clientId, userId: r.userId, name: r.name, initial: avatarInitial(r.name), colour: avatarColour(r.userId), path: r.path })),
    };
    if (watched.last !== undefined && JSON.stringify(event) === JSON.stringify(watched.last)) return;
    watched.last = event;
    for (const send of watched.subscribers) send(event);
  }

  private enqueue(watched: WatchedProject, task: () => Promise<void>): Promise<void> {
    const run = watched.queue.then(task);
    watched.queue = run.catch(() => undefined);
    return run;
  }
}
