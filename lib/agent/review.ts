import "server-only";
import type { Caller } from "@/lib/auth/guard";
import { updateTurnRow } from "@/lib/db/queries/agent";
import { getProjectRow } from "@/lib/db/queries/projects";
import { createSnapshotMovingHead, getSnapshotById } from "@/lib/db/queries/snapshots";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { emptyTree } from "@/lib/snapshots/objects";
import { saveChanges } from "@/lib/snapshots/save";
import { readBlobs } from "@/lib/snapshots/store";
import { readFileAt } from "@/lib/snapshots/read";
import { fileDeltas, lineCounts, readDeltaTexts, type FileDelta } from "./changes";
import { decodeText } from "./tools/context";
import { requireTurn, toTurnSummary } from "./sessions";
import type { RejectConflict, TurnFileChange } from "./ui-types";

async function turnTrees(projectId: string, turn: { checkpointSnapshotId: string | null; resultSnapshotId: string | null }) {
  if (!turn.resultSnapshotId) return null;
  const [checkpoint, result] = await Promise.all([
    turn.checkpointSnapshotId ? getSnapshotById({ projectId, id: turn.checkpointSnapshotId }) : null,
    getSnapshotById({ projectId, id: turn.resultSnapshotId }),
  ]);
  return { checkpoint, result };
}

/**
 * Each file the turn changed: change kind, line counts, size and the blob hash on either side, so the
 * answer grows with the number of changed files, not with their size or the project's. The texts are
 * read when a file's diff is opened (`GET …/blobs/:hash`, immutable, so the browser caches them).
 */
export async function getTurnChanges({ caller, projectId, turnId }: { caller: Caller; projectId: string; turnId: string }) {
  const turn = await requireTurn({ caller, projectId, turnId, action: "project:read" });
  const trees = await turnTrees(projectId, turn);
  const review = (turn.review ?? {}) as Record<string, "accepted" | "rejected">;
  const deltas = trees ? await fileDeltas(trees.checkpoint?.rootTree ?? null, trees.result?.rootTree ?? null) : [];
  const files: TurnFileChange[] = (await readDeltaTexts(deltas)).map((t) => ({
    path: t.path,
    change: t.change,
    binary: t.binary,
    ...(t.binary ? { additions: 0, deletions: 0 } : lineCounts(t.beforeText, t.afterText)),
    size: t.size,
    before: t.before,
    after: t.after,
    decision: review[t.path] ?? null,
  }));
  return { turn: toTurnSummary(turn), files };
}

/**
 * Accepting records the decision. Rejecting saves a new snapshot that puts the file back as it was
 * at the checkpoint (or removes it, if the turn created it); history keeps the agent's version. A
 * file changed after the turn is only rejected with `force` (see refuseIfChangedAfterTurn).
 */
export async function reviewTurnFile({
  caller,
  projectId,
  turnId,
  path,
  decision,
  force = false,
}: {
  caller: Caller;
  projectId: string;
  turnId: string;
  path: string;
  decision: "accept" | "reject";
  /** Reject even when the file changed after the turn. */
  force?: boolean;
}) {
  const turn = await requireTurn({ caller, projectId, turnId, action: "project:write" });
  if (turn.status === "running") throw new AppError("conflict:turn_running", "Wait for the turn to finish (or stop it) before reviewing its changes");
  const trees = await turnTrees(projectId, turn);
  const delta = trees ? (await fileDeltas(trees.checkpoint?.rootTree ?? null, trees.result?.rootTree ?? null)).find((d) => d.path === path) : undefined;
  if (!delta) throw new AppError("not_found:change", `This turn did not change ${path}`);
  const review = { ...((turn.review ?? {}) as Record<string, string>) };
  let snapshotId: string | null = null;
  if (decision === "reject") {
    const project = (await getProjectRow({ id: projectId }))!;
    if (!force) await refuseIfChangedAfterTurn({ projectId, headSnapshotId: project.headSnapshotId, delta });
    const change = delta.before
      ? { type: "write" as const, path, bytes: (await readBlobs([delta.before])).get(delta.before)! }
      : { type: "delete" as const, path };
    const { snapshot } = await saveChanges({
      projectId,
      baseSnapshotId: project.headSnapshotId,
      changes: [change],
      author: "user",
      userId: caller.userId,
      message: `Reject the agent's change to ${path}`,
    }).catch((error: unknown) => {
      // The file is already as it was (e.g. deleted again by hand): nothing to restore.
      if (error instanceof AppError && change.type === "delete" && error.code.startsWith("not_found")) return { snapshot: { id: project.headSnapshotId } };
      throw error;
    });
    snapshotId = snapshot.id ?? null;
  }
  review[path] = decision === "accept" ? "accepted" : "rejected";
  await updateTurnRow(turnId, { review: review as Prisma.InputJsonValue });
  return { snapshotId, review };
}

/**
 * Rejecting puts the checkpoint's version back; when the file was changed after the turn (the
 * person's own fix, a later turn) that would silently discard that work, so it answers 409 with the
 * three versions and the person chooses.
 */
async function refuseIfChangedAfterTurn({ projectId, headSnapshotId, delta }: { projectId: string; headSnapshotId: string | null; delta: FileDelta }) {
  const head = headSnapshotId ? await getSnapshotById({ projectId, id: headSnapshotId }) : null;
  const current = head ? await readFileAt({ rootTree: head.rootTree, path: delta.path }).catch(notFoundAsNull) : null;
  const blobs = await readBlobs([delta.before, delta.after].filter((h): h is string => h !== null));
  const checkpoint = delta.before ? blobs.get(delta.before)! : null;
  const agent = delta.after ? blobs.get(delta.after)! : null;
  if (sameContent(current, agent) || sameContent(current, checkpoint)) return;
  const texts = [checkpoint, agent, current].map((bytes) => (bytes ? decodeText(bytes) : null));
  const binary = [checkpoint, agent, current].some((bytes, i) => bytes !== null && texts[i] === null);
  const conflict: RejectConflict = { path: delta.path, binary, versions: { checkpoint: texts[0]!, agent: texts[1]!, current: texts[2]! } };
  throw new AppError(
    "conflict:changed_after_turn",
    `${delta.path} was changed after this turn; rejecting would replace those changes with the version from before the turn. Keep the current version, or reject anyway.`,
    conflict,
  );
}

function notFoundAsNull(error: unknown): null {
  if (error instanceof AppError && error.code === "not_found:file") return null;
  throw error;
}

function sameContent(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  return a.byteLength === b.byteLength && Buffer.compare(a, b) === 0;
}

/**
 * Undo restores exactly the checkpoint: a new snapshot (parent = the current head) whose tree is
 * the checkpoint's. Nothing is deleted from history, so undo can itself be undone from history.
 */
export async function undoTurn({ caller, projectId, turnId }: { caller: Caller; projectId: string; turnId: string }) {
  const turn = await requireTurn({ caller, projectId, turnId, action: "project:write" });
  if (turn.status === "running") throw new AppError("conflict:turn_running", "Stop the turn before undoing it");
  if (!turn.resultSnapshotId) throw new AppError("invalid:nothing_to_undo", "This turn changed no files; there is nothing to undo");
  const checkpoint = turn.checkpointSnapshotId ? await getSnapshotById({ projectId, id: turn.checkpointSnapshotId }) : null;
  for (let attempt = 0; attempt < 8; attempt++) {
    const project = await getProjectRow({ id: projectId });
    if (!project) throw new AppError("not_found:project", "This project no longer exists");
    const head = project.headSnapshotId ? await getSnapshotById({ projectId, id: project.headSnapshotId }) : null;
    if (head && checkpoint && head.rootTree === checkpoint.rootTree) {
      await updateTurnRow(turnId, { undoSnapshotId: head.id });
      return { snapshotId: head.id };
    }
    const snapshot = await createSnapshotMovingHead({
      expectedHead: project.headSnapshotId,
      snapshot: {
        projectId,
        parentId: project.headSnapshotId,
        rootTree: checkpoint?.rootTree ?? emptyTree.hash,
        author: "user",
        userId: caller.userId,
        message: `Undo agent turn ${turn.seq}`,
        fileCount: checkpoint?.fileCount ?? 0,
        totalBytes: checkpoint?.totalBytes ?? 0,
      },
    });
    if (snapshot) {
      await updateTurnRow(turnId, { undoSnapshotId: snapshot.id });
      return { snapshotId: snapshot.id };
    }
  }
  throw new AppError("conflict:busy", "The project kept changing while undoing; try again");
}

/**
 * Undo of only the turn's last file-changing tool call: the files that call changed (its snapshot
 * against its parent) go back to how its parent had them, as a new snapshot the head channel brings
 * to open editors. Refused when any of those files changed since the call (the person's own edit,
 * a later turn), since undoing would silently discard that work; the per-file review decides then.
 */
export async function undoLastEdit({ caller, projectId, turnId }: { caller: Caller; projectId: string; turnId: string }) {
  const turn = await requireTurn({ caller, projectId, turnId, action: "project:write" });
  if (turn.status === "running") throw new AppError("conflict:turn_running", "Wait for the turn to finish (or stop it) before undoing its last edit");
  if (turn.undoSnapshotId) throw new AppError("invalid:nothing_to_undo", "This whole turn was undone already; there is no edit left to undo");
  if (turn.lastEditUndoSnapshotId) throw new AppError("invalid:nothing_to_undo", "The turn's last edit was undone already");
  const edit = turn.resultSnapshotId && turn.resultSnapshotId !== turn.checkpointSnapshotId ? await getSnapshotById({ projectId, id: turn.resultSnapshotId }) : null;
  if (!edit) throw new AppError("invalid:nothing_to_undo", "This turn changed no files; there is nothing to undo");
  // A call that changed nothing new leaves the head it found as its result: not the agent's edit.
  if (edit.author !== "agent")
    throw new AppError("invalid:nothing_to_undo", "The turn's last change is not a snapshot of the agent's own; undo the whole turn or review its files instead");
  const parent = edit.parentId ? await getSnapshotById({ projectId, id: edit.parentId }) : null;
  const deltas = await fileDeltas(parent?.rootTree ?? null, edit.rootTree);
  if (deltas.length === 0) throw new AppError("invalid:nothing_to_undo", "The turn's last edit changed no files");

  const project = await getProjectRow({ id: projectId });
  if (!project) throw new AppError("not_found:project", "This project no longer exists");
  const head = project.headSnapshotId ? await getSnapshotById({ projectId, id: project.headSnapshotId }) : null;
  const since = new Set((await fileDeltas(edit.rootTree, head?.rootTree ?? null)).map((d) => d.path));
  const changed = deltas.filter((d) => since.has(d.path)).map((d) => d.path);
  if (changed.length > 0) {
    const names = changed.length <= 3 ? changed.join(", ") : `${changed.slice(0, 3).join(", ")} and ${changed.length - 3} more`;
    throw new AppError(
      "conflict:changed_after_edit",
      `${names} changed after the agent's last edit, so undoing it would discard those changes. Review the turn's files, or undo the whole turn, instead.`,
    );
  }
  const blobs = await readBlobs(deltas.flatMap((d) => (d.before ? [d.before] : [])));
  const { snapshot } = await saveChanges({
    projectId,
    baseSnapshotId: project.headSnapshotId,
    changes: deltas.map((d) => (d.before ? { type: "write" as const, path: d.path, bytes: blobs.get(d.before)! } : { type: "delete" as const, path: d.path })),
    author: "user",
    userId: caller.userId,
    message: `Undo the agent's last edit in turn ${turn.seq} (${edit.message.replace(/^Agent: /, "")})`.slice(0, 300),
  });
  await updateTurnRow(turnId, { lastEditUndoSnapshotId: snapshot.id });
  return { snapshotId: snapshot.id, paths: deltas.map((d) => d.path), edit: edit.message.replace(/^Agent: /, "") };
}
