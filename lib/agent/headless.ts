import "server-only";
import { isToolUIPart } from "ai";
import type { Caller } from "@/lib/auth/guard";
import { getPersonalWorkspace, requireProjectAccess } from "@/lib/auth/guard";
import { getDb } from "@/lib/db/client";
import { createSessionRow, findHeadlessSessionRow } from "@/lib/db/queries/agent";
import { createSnapshotMovingHead } from "@/lib/db/queries/snapshots";
import { AppError } from "@/lib/errors";
import { emptyTree } from "@/lib/snapshots/objects";
import { writeObjects } from "@/lib/snapshots/store";
import { requireSession, titleFromPrompt } from "./sessions";
import { createInitialAgentState } from "./state";
import { startTurn, type StartedTurn } from "./turn";
import type { AgentUIMessage } from "./ui-types";

/**
 * The project a headless session works in when the caller names none: one scratch project in the
 * caller's personal workspace, created on first use.
 */
async function scratchProject(caller: Caller) {
  if (caller.token?.workspaceId && caller.token.workspaceId !== (await getPersonalWorkspace(caller)).id)
    throw new AppError("bad_request:project_required", "This API token reaches one workspace only; send the projectId of a project in it");
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

/**
 * One turn of the headless API: the same agent, memory and sandbox as the panel. Without a
 * sessionId the caller's default session for the project (or the scratch project) goes on, so
 * requests remember each other as the seed's examples expect; `newSession` starts a fresh one,
 * which is the default from then on.
 */
export async function startHeadlessTurn({
  caller,
  prompt,
  sessionId,
  projectId,
  newSession = false,
}: {
  caller: Caller;
  prompt: string;
  sessionId?: string;
  projectId?: string;
  newSession?: boolean;
}): Promise<StartedTurn> {
  let session;
  if (sessionId) {
    if (newSession) throw new AppError("bad_request:session", "Send either sessionId (to continue that session) or newSession: true, not both");
    session = await requireSession({ caller, sessionId, action: "agent:use" });
    if (projectId && projectId !== session.projectId)
      throw new AppError("bad_request:project_mismatch", "This session belongs to another project; leave projectId out or start a new session");
  } else {
    const project = projectId ? (await requireProjectAccess({ caller, projectId, action: "agent:use" })).project : await scratchProject(caller);
    session =
      (newSession ? null : await findHeadlessSessionRow({ projectId: project.id, userId: caller.userId })) ??
      (await createSessionRow({ projectId: project.id, userId: caller.userId, title: titleFromPrompt(prompt), state: createInitialAgentState() }));
  }
  return startTurn({ caller, session, request: { kind: "prompt", text: prompt }, source: "api" });
}

export const awaitingApprovalMessage =
  "The session is in Ask mode and the agent is waiting for approval before it acts. Allow or deny it in the IDE's agent panel (this session), then send the next prompt; a new prompt sent before that skips the waiting calls.";

/** Calls the turn left waiting for the person's approval: the headless API names them in its answer. */
export function pendingApprovals(message: AgentUIMessage): { toolCallId: string; tool: string; input: unknown }[] {
  return message.parts.flatMap((part) =>
    isToolUIPart(part) && part.state === "approval-requested" ? [{ toolCallId: part.toolCallId, tool: part.type.slice("tool-".length), input: part.input }] : [],
  );
}
