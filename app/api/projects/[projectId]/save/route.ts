// POST /api/projects/:projectId/save – save changes as a snapshot and answer the change set from the base to it;
// 409 when their paths changed since the base
import { NextResponse } from "next/server";
import { requireCaller, requireProjectAccess } from "@/lib/auth/guard";
import { readJson, route } from "@/lib/http";
import { getSnapshotById } from "@/lib/db/queries/snapshots";
import { computeChangeSet } from "@/lib/head-channel/change-set";
import { emptyTree } from "@/lib/snapshots/objects";
import { saveChanges } from "@/lib/snapshots/save";
import { limits } from "@/lib/validation/limits";
import { saveRequestSchema, type SaveResponse } from "@/lib/validation/projects";

type Context = { params: Promise<{ projectId: string }> };

// Base64 inflates uploads by a third; leave room for a save that fills the project limit.
const maxBodyBytes = Math.ceil(limits.projectMaxBytes * 1.4);

export const POST = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { project } = await requireProjectAccess({ caller, projectId: (await params).projectId, action: "project:write" });
  const body = await readJson(req, saveRequestSchema, maxBodyBytes);
  const { snapshot } = await saveChanges({
    projectId: project.id,
    baseSnapshotId: body.baseSnapshotId,
    changes: body.changes,
    author: "user",
    userId: caller.userId,
    message: body.message,
  });
  // The base is of this project: saveChanges refused it otherwise.
  const base = body.baseSnapshotId ? await getSnapshotById({ projectId: project.id, id: body.baseSnapshotId }) : null;
  const changes = await computeChangeSet({ from: base?.rootTree ?? emptyTree.hash, to: snapshot.rootTree });
  return NextResponse.json({ snapshotId: snapshot.id, changes } satisfies SaveResponse);
});
