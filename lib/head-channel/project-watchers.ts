/** One watched project: its subscribers, what they were told, and its queue of reads and sends. */
export type Watched<Subscriber, State> = {
  subscribers: Set<Subscriber>;
  state: State;
  /** Subscribers still being welcomed; the project stays watched for them. */
  joining: number;
  /** Reads and sends run one at a time, so every subscriber sees the events in order. */
  queue: Promise<void>;
};

/**
 * The projects one process streams something about (head moves, presence, agent turns), each with
 * its subscribers and one queue. A notification only names a project; what it names is re-read in
 * that queue, so a subscriber joining meanwhile is welcomed with the state before or after the
 * change, never between, and nobody is told a change twice or out of order.
 */
export class ProjectWatchers<Subscriber, State> {
  private readonly projects = new Map<string, Watched<Subscriber, State>>();

  constructor(
    private readonly options: {
      initial: () => State;
      /** Runs when a project is no longer watched (its last subscriber left, or on clear). */
      onForget?: (watched: Watched<Subscriber, State>) => void;
      /** Names the work in the log when a queued read fails. */
      what: string;
    },
  ) {}

  /**
   * Runs `welcome` in the project's queue (tell the subscriber the present), then adds it to the
   * project's subscribers; resolves to the function that removes it.
   */
  async join(projectId: string, subscriber: Subscriber, welcome: (watched: Watched<Subscriber, State>) => Promise<void>): Promise<() => void> {
    let watched = this.projects.get(projectId);
    if (!watched) {
      watched = { subscribers: new Set(), state: this.options.initial(), joining: 0, queue: Promise.resolve() };
      this.projects.set(projectId, watched);
    }
    const joined = watched;
    const leave = () => {
      joined.subscribers.delete(subscriber);
      if (joined.subscribers.size === 0 && joined.joining === 0) this.forget(projectId, joined);
    };
    joined.joining++;
    try {
      await this.enqueue(joined, async () => {
        await welcome(joined);
        joined.subscribers.add(subscriber);
      });
    } catch (error) {
      // A welcome that failed leaves nobody behind.
      joined.joining--;
      leave();
      throw error;
    }
    joined.joining--;
    return leave;
  }

  /** Queues `task` for the project when it is watched; a failure is logged, not thrown. */
  run(projectId: string, task: (watched: Watched<Subscriber, State>) => Promise<void>): void {
    const watched = this.projects.get(projectId);
    if (!watched) return;
    void this.enqueue(watched, () => task(watched)).catch((error: unknown) => console.error(`${this.options.what}:`, error));
  }

  /** Queues `task` for every watched project (after a dropped listening connection). */
  runAll(task: (projectId: string, watched: Watched<Subscriber, State>) => Promise<void>): void {
    for (const projectId of this.projects.keys()) this.run(projectId, (watched) => task(projectId, watched));
  }

  /** True while `watched` is still the project's entry (not forgotten and re-created since). */
  isWatched(projectId: string, watched: Watched<Subscriber, State>): boolean {
    return this.projects.get(projectId) === watched;
  }

  get subscriberCount(): number {
    let n = 0;
    for (const watched of this.projects.values()) n += watched.subscribers.size;
    return n;
  }

  clear(): void {
    for (const [projectId, watched] of this.projects) this.forget(projectId, watched);
  }

  private forget(projectId: string, watched: Watched<Subscriber, State>) {
    if (this.projects.get(projectId) !== watched) return;
    this.projects.delete(projectId);
    this.options.onForget?.(watched);
  }

  private enqueue(watched: Watched<Subscriber, State>, task: () => Promise<void>): Promise<void> {
    const run = watched.queue.then(task);
    watched.queue = run.catch(() => undefined);
    return run;
  }
}
