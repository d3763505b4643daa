import "server-only";
import { ProjectWatchers } from "./project-watchers";
import type { SessionsEvent } from "./types";

type Subscriber = { userId: string; send: (event: SessionsEvent) => void };

/**
 * Chats started, renamed or deleted on the projects this process streams, told to the tabs of the
 * chat's owner only (sessions are private). A notification carries all that is told, so nothing is
 * read; after a dropped listening connection every subscriber is told to read its list again.
 */
export class SessionWatch {
  private readonly projects = new ProjectWatchers<Subscriber, null>({ initial: () => null, what: "Head channel: could not tell a chat's change" });

  subscribe({ projectId, userId, send }: Subscriber & { projectId: string }): Promise<() => void> {
    return this.projects.join(projectId, { userId, send }, async () => undefined);
  }

  tell({ projectId, userId, sessionId }: { projectId: string; userId: string; sessionId: string }) {
    this.projects.run(projectId, async (watched) => {
      for (const subscriber of watched.subscribers) if (subscriber.userId === userId) subscriber.send({ type: "sessions", sessionId });
    });
  }

  tellAll() {
    this.projects.runAll(async (_projectId, watched) => {
      for (const subscriber of watched.subscribers) subscriber.send({ type: "sessions", sessionId: null });
    });
  }

  close() {
    this.projects.clear();
  }
}
