// POST /api/projects/:projectId/save – save changes as a snapshot and answer the change set from the base to it;
// 409 when their paths changed since the base. With a turnId (files an agent command wrote in the browser's
// WebContainer) the snapshot is the agent's, linked to that turn, as the box's flush saves it.
import { NextResponse } from "next/server";
import { requireTurn } from "@/lib/agent/sessions";
import { requireCaller, requireProjectRole } from "@/lib/auth/guard";
import { readJson, route } from "@/lib/http";
import { computeChangeSet } from "@/lib/head-channel/change-set";
import { saveChanges } from "@/lib/snapshots/save";
import { limits } from "@/lib/validation/limits";
import { saveRequestSchema, type SaveResponse } from "@/lib/validation/projects";

type Context = { params: Promise<{ projectId: string }> };

// Base64 inflates uploads by a third; leave room for a save that fills the project limit.
const maxBodyBytes = Math.ceil(limits.projectMaxBytes * 1.4);

// A save's cost must follow the change, not the project: the session and role come from the guard's
// short-lived caches, the project row is read once (with its head, inside saveChanges), and the
// answer is the change set. Server-Timing shows where the time went (browser devtools, the bench).
export const POST = route<Context>(async (req, { params }) => {
  const timing = new PhaseTimer();
  const caller = await requireCaller(req.headers);
  const { projectId } = await requireProjectRole({ caller, projectId: (await params).projectId, action: "project:write" });
  timing.end("auth");
  const body = await readJson(req, saveRequestSchema, maxBodyBytes);
  // Only a turn of the caller's own chat in this project: nobody can file their saves under another's.
  if (body.turnId) await requireTurn({ caller, projectId, turnId: body.turnId, action: "project:write" });
  timing.end("body");
  const { snapshot, baseRootTree } = await saveChanges({
    projectId,
    baseSnapshotId: body.baseSnapshotId,
    changes: body.changes,
    author: body.turnId ? "agent" : "user",
    userId: caller.userId,
    turnId: body.turnId,
    message: body.message,
  });
  timing.end("save");
  const changes = await computeChangeSet({ from: baseRootTree, to: snapshot.rootTree });
  timing.end("changes");
  return NextResponse.json({ snapshotId: snapshot.id, changes } satisfies SaveResponse, { headers: { "server-timing": timing.header() } });
});

class PhaseTimer {
  private last = performance.now();
  private readonly phases: string[] = [];

  end(phase: string) {
    const now = performance.now();
    this.phases.push(`${phase};dur=${(now - this.last).toFixed(1)}`);
    this.last = now;
  }

  header() {
    return this.phases.join(", ");
  }
}
