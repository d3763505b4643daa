import "server-only";
import { inBackground } from "@/lib/background-work";
import { agentScratchFolder } from "@/lib/agent/scratch-folder";
import type { Caller } from "@/lib/auth/guard";
import { getProjectRow } from "@/lib/db/queries/projects";
import { getSnapshotById } from "@/lib/db/queries/snapshots";
import { AppError } from "@/lib/errors";
import { BoxesBusyError, BoxPool, type BoxSandbox } from "@/lib/sandbox/box/host";
import type { BoxFileChange } from "@/lib/sandbox/box/host";
import type { SeedEntry } from "@/lib/sandbox/seed-files";
import type { ExecOptions, ExecResult, SandboxLimits } from "@/lib/sandbox/types";
import { diffTrees } from "@/lib/snapshots/diff";
import { emptyTree } from "@/lib/snapshots/objects";
import { listFiles } from "@/lib/snapshots/read";
import { saveChanges, type SaveChange } from "@/lib/snapshots/save";
import { readBlobs } from "@/lib/snapshots/store";
import { isSameOrInside } from "@/lib/validation/paths";
import { guardLockedWrites } from "./guard-locked-writes";
import { unsavedNamesMessage } from "./unsaved-names";

/**
 * A person's box for one project. The box is a cache of the project's head: before each use it
 * catches up with saves made elsewhere (editor, other instances), and after each command what the
 * command wrote is saved as a snapshot, so losing the box loses nothing that was saved.
 */
type Session = { base: string | null; queue: Promise<unknown> };

const holder = globalThis as unknown as { __ideBoxes?: { pool: BoxPool; sessions: Map<string, Session> } };

function boxes() {
  holder.__ideBoxes ??= {
    sessions: new Map(),
    pool: new BoxPool({
      maxBoxes: positiveEnv("BOX_MAX"),
      idleMs: positiveEnv("BOX_IDLE_MS"),
      queueMs: positiveEnv("BOX_QUEUE_MS"),
      limits: boxLimitsFromEnv(),
      onEvict: (key) => {
        holder.__ideBoxes?.sessions.delete(key);
      },
    }),
  };
  return holder.__ideBoxes;
}

/** A positive number from the environment; unset or invalid keeps the pool's default. */
function positiveEnv(name: string): number | undefined {
  const value = Number(process.env[name]);
  return process.env[name] && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Operators tune the box with BOX_TIMEOUT_MS, BOX_OUTPUT_BYTES and BOX_MEMORY_MB; unset keeps the defaults. */
function boxLimitsFromEnv(): Partial<SandboxLimits> {
  const number = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  const memoryMb = number("BOX_MEMORY_MB");
  return Object.fromEntries(
    Object.entries({
      commandTimeoutMs: number("BOX_TIMEOUT_MS"),
      outputBytes: number("BOX_OUTPUT_BYTES"),
      memoryBytes: memoryMb === undefined ? undefined : memoryMb * 1024 * 1024,
    }).filter(([, v]) => v !== undefined && Number.isFinite(v) && v > 0),
  );
}

const sessionKey = (caller: Caller, projectId: string) => `${caller.userId}:${projectId}`;

/**
 * A share link's visitor runs the project in a box of their own for that link (never the box they
 * may have as a member, never the owner's), seeded from what the link shows (a pinned link: its
 * snapshot; a live one: the head), and nothing it writes is ever saved to the project.
 */
export type LinkBox = { linkId: string; pinnedSnapshotId: string | null };

const linkSessionKey = (caller: Caller, link: LinkBox) => `${caller.userId}:link:${link.linkId}`;

export type ProjectBoxRun = {
  result: ExecResult;
  snapshotId: string | null;
  changedPaths: string[];
  saveError?: string;
  /** Names the run's files or folders were given that the project refuses: left in the box, not saved. */
  notSaved?: string;
  /** Locked paths the agent's run changed: not saved, and put back in the box. */
  refusedPaths?: string[];
};

/** Runs one command in the caller's box for the project; commands of one session run one at a time. */
export async function runInProjectBox({
  caller,
  projectId,
  command,
  options,
  canSave = true,
  link,
}: {
  caller: Caller;
  projectId: string;
  command: string;
  options: ExecOptions;
  /** False for a role that may run the project but not save it (a viewer): see flush. */
  canSave?: boolean;
  /** Run in the caller's box for this share link instead: never saved (see LinkBox). */
  link?: LinkBox;
}): Promise<ProjectBoxRun> {
  const { value, ...saved } = await withProjectBox({
    caller,
    projectId,
    canSave: canSave && !link,
    link,
    message: `Run: ${command.slice(0, 200)}`,
    use: (box) => box.exec(command, options),
    signal: options.signal,
    onWait: (message) => options.onNotice?.(message),
  });
  return { result: value, ...saved };
}

/**
 * Gives `use` the caller's box for the project, caught up with the head, then saves what changed
 * in the box meanwhile as one snapshot with `message`.
 */
export async function withProjectBox<T>({
  caller,
  projectId,
  message,
  author = "user",
  turnId,
  canSave = true,
  link,
  use,
  signal,
  onWait,
}: {
  caller: Caller;
  projectId: string;
  message: string;
  author?: "user" | "agent";
  /** The agent turn running it: its snapshot names the turn. */
  turnId?: string;
  canSave?: boolean;
  link?: LinkBox;
  use: (box: BoxSandbox) => Promise<T>;
  /** Stops waiting in line for a box (a closed request). */
  signal?: AbortSignal;
  /** Hears that every box is busy and this request waits in line. */
  onWait?: (message: string) => void;
}): Promise<{ value: T } & Omit<ProjectBoxRun, "result">> {
  return withSession(
    caller,
    projectId,
    async (box, session) => {
      const value = await use(box);
      return { value, ...(await flush({ box, session, projectId, caller, message, author, turnId, canSave: canSave && !link, shared: link !== undefined })) };
    },
    { signal, onWait, link },
  );
}

async function withSession<T>(
  caller: Caller,
  projectId: string,
  work: (box: BoxSandbox, session: Session) => Promise<T>,
  { signal, onWait, link }: { signal?: AbortSignal; onWait?: (message: string) => void; link?: LinkBox } = {},
): Promise<T> {
  const { pool, sessions } = boxes();
  const key = link ? linkSessionKey(caller, link) : sessionKey(caller, projectId);
  // A pinned link's box stays at its snapshot; everything else follows the head.
  const headIdOf = (id: string) => (link?.pinnedSnapshotId ? Promise.resolve(link.pinnedSnapshotId) : projectHeadId(id));
  let session = sessions.get(key);
  if (!session) sessions.set(key, (session = { base: null, queue: Promise.resolve() }));
  const current = session;
  const run = current.queue.then(async () => {
    let started = false;
    try {
      return await pool.use(
        key,
        // Read when the box starts, which may be after a wait in line: the head may have moved.
        async () => {
          started = true;
          const headId = await headIdOf(projectId);
          current.base = headId;
          const snapshot = headId ? await getSnapshotById({ projectId, id: headId }) : null;
          return snapshot ? seedFrom(snapshot.rootTree) : [];
        },
        async (box) => {
          if (!started) {
            const headId = await headIdOf(projectId);
            // The head's snapshot row is only needed to catch the box up, not on every call.
            if (current.base !== headId) await catchUp(box, current, headId ? await getSnapshotById({ projectId, id: headId }) : null);
          }
          return work(box, current);
        },
        {
          signal,
          onQueued: (position) => onWait?.(`All sandboxes are busy; waiting for one (${position} in line)…`),
        },
      );
    } catch (error) {
      if (error instanceof BoxesBusyError) throw new AppError("unavailable:box_busy", error.message);
      throw error;
    }
  });
  current.queue = run.catch(() => undefined);
  // A command whose reader went away (a closed terminal, a cancelled stream) still saves what it wrote.
  return inBackground(run);
}

async function projectHeadId(projectId: string) {
  const project = await getProjectRow({ id: projectId });
  if (!project) throw new AppError("not_found:project", "This project no longer exists");
  return project.headSnapshotId;
}

async function seedFrom(rootTree: string): Promise<SeedEntry[]> {
  const entries = await listFiles({ rootTree });
  const blobs = await readBlobs(entries.flatMap((e) => (e.kind === "file" ? [e.hash] : [])));
  return entries.map((e) => (e.kind === "file" ? { path: e.path, kind: "file", content: blobs.get(e.hash)! } : { path: e.path, kind: "dir" }));
}

/** Applies what was saved since the box's base, then drops those edits from the box's change log. */
async function catchUp(box: BoxSandbox, session: Session, head: Awaited<ReturnType<typeof getSnapshotById>>) {
  const from = session.base ? (await getSnapshotById({ projectId: head!.projectId, id: session.base }))?.rootTree : emptyTree.hash;
  const changes = await diffTrees({ from: from ?? emptyTree.hash, to: head?.rootTree ?? emptyTree.hash });
  const blobs = await readBlobs(changes.flatMap((c) => (c.kind === "file" && c.change !== "deleted" ? [c.hash] : [])));
  for (const change of changes) {
    if (change.change === "deleted") await box.rm(change.path, { recursive: true }).catch(() => undefined);
    else if (change.kind === "dir") await box.mkdir(change.path);
    else await box.writeFile(change.path, blobs.get(change.hash)!);
  }
  box.takeChanges();
  session.base = head?.id ?? null;
}

async function flush({
  box,
  session,
  projectId,
  caller,
  message,
  author,
  turnId,
  canSave,
  shared = false,
}: {
  box: BoxSandbox;
  session: Session;
  projectId: string;
  caller: Caller;
  message: string;
  author: "user" | "agent";
  turnId?: string;
  canSave: boolean;
  /** The box is a share link visitor's. */
  shared?: boolean;
}): Promise<Omit<ProjectBoxRun, "result">> {
  // The agent's scratch snippets live and die within one call; they are never project files.
  const taken = box.takeChanges().filter((c) => !isSameOrInside(c.path, agentScratchFolder));
  if (!canSave) {
    // A viewer runs the project in their own box: what the run wrote stays there, never in the project.
    box.takeUnsaved();
    const changedPaths = taken.map((c) => c.path);
    const who = shared ? "A shared link" : "Your role (viewer)";
    const notSaved = changedPaths.length > 0 ? { notSaved: `${who} cannot save: ${changedPaths.length} changed path(s) stay in your sandbox only` } : {};
    return { snapshotId: session.base, changedPaths: [], ...notSaved };
  }
  const unsaved = unsavedNamesMessage(box.takeUnsaved().filter((name) => !isSameOrInside(name, agentScratchFolder)));
  const notSaved = unsaved ? { notSaved: unsaved } : {};
  // Locks hold whatever the agent ran: a tool, a command or code.
  const { allowed: changes, refused } =
    author === "agent"
      ? await guardLockedWrites({ projectId, baseSnapshotId: session.base, changes: taken, sandbox: box, takeChanges: () => box.takeChanges() })
      : { allowed: taken, refused: [] };
  const refusedPaths = refused.length > 0 ? { refusedPaths: refused } : {};
  if (changes.length === 0) return { snapshotId: session.base, changedPaths: [], ...refusedPaths, ...notSaved };
  const changedPaths = changes.map((c) => c.path);
  try {
    const { snapshot } = await saveChanges({
      projectId,
      baseSnapshotId: session.base,
      changes: changes.map(toFileChange),
      author,
      userId: caller.userId,
      turnId,
      message,
    });
    session.base = snapshot.id;
    return { snapshotId: snapshot.id, changedPaths, ...refusedPaths, ...notSaved };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    // The box now holds files the project refused (a conflict or a limit): start it afresh from
    // the head next time, and say what was not kept.
    await boxes().pool.release(sessionKey(caller, projectId));
    return { snapshotId: null, changedPaths, saveError: `Files written by the command were not saved: ${error.message}`, ...notSaved };
  }
}

function toFileChange(change: BoxFileChange): SaveChange {
  return change.type === "write" ? { type: "write", path: change.path, bytes: change.content } : change;
}
