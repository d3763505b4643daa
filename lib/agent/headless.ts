import "server-only";
import type { Caller } from "@/lib/auth/guard";
import { getPersonalWorkspace, requireProjectAccess } from "@/lib/auth/guard";
import { getDb } from "@/lib/db/client";
import { createSessionRow } from "@/lib/db/queries/agent";
import { createSnapshotMovingHead } from "@/lib/db/queries/snapshots";
import { AppError } from "@/lib/errors";
import { emptyTree } from "@/lib/snapshots/objects";
import { writeObjects } from "@/lib/snapshots/store";
import { requireSession, titleFromPrompt } from "./sessions";
import { createInitialAgentState } from "./state";
import { startTurn, type StartedTurn } from "./turn";

/**
 * The project a headless session works in when the caller names none: one scratch project in the
 * caller's personal workspace, created on first use.
 */
async function scratchProject(caller: Caller) {
  const db = await getDb();
  const existing = await db.project.findUnique({ where: { scratchFor: caller.userId } });
  if (existing) return existing;
  const workspace = await getPersonalWorkspace(caller);
  try {
    const project = await db.project.create({ data: { workspaceId: workspace.id, name: "Agent scratch", scratchFor: caller.userId } });
    await writeObjects([emptyTree]);
    await createSnapshotMovingHead({
      expectedHead: null,
      snapshot: { projectId: project.id, parentId: null, rootTree: emptyTree.hash, author: "system", userId: caller.userId, message: "Create project", fileCount: 0, totalBytes: 0 },
    });
    return (await db.project.findUnique({ where: { id: project.id } }))!;
  } catch (error) {
    // Two first requests at once: the other one created it.
    if ((error as { code?: string })?.code === "P2002") return (await db.project.findUnique({ where: { scratchFor: caller.userId } }))!;
    throw error;
  }
}

/** One turn of the headless API: the same agent, memory and sandbox as the panel. */
export async function startHeadlessTurn({
  caller,
  prompt,
  sessionId,
  projectId,
}: {
  caller: Caller;
  prompt: string;
  sessionId?: string;
  projectId?: string;
}): Promise<StartedTurn> {
  let session;
  if (sessionId) {
    session = await requireSession({ caller, sessionId, action: "project:write" });
    if (projectId && projectId !== session.projectId)
      throw new AppError("bad_request:project_mismatch", "This session belongs to another project; leave projectId out or start a new session");
  } else {
    const project = projectId ? (await requireProjectAccess({ caller, projectId, action: "project:write" })).project : await scratchProject(caller);
    session = await createSessionRow({ projectId: project.id, userId: caller.userId, title: titleFromPrompt(prompt), state: createInitialAgentState() });
  }
  return startTurn({ caller, session, request: { kind: "prompt", text: prompt }, source: "api" });
}
