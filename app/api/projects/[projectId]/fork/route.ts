// GET  /api/projects/:projectId/fork – lineage: where the project was forked from, and (members) its forks
// POST /api/projects/:projectId/fork { workspaceId?, name?, snapshotId? } – a member's O(1) copy into a workspace they create projects in
import { NextResponse } from "next/server";
import { requireCaller, requireProjectAccess } from "@/lib/auth/guard";
import { readOptionalJson, route } from "@/lib/http";
import { forkProject, getLineage } from "@/lib/share/fork";
import { forkRequestSchema } from "@/lib/share/requests";

type Context = { params: Promise<{ projectId: string }> };

export const GET = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { project } = await requireProjectAccess({ caller, projectId: (await params).projectId, action: "project:read" });
  return NextResponse.json(await getLineage({ projectId: project.id, withForks: true }), { headers: { "cache-control": "no-store" } });
});

export const POST = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { project } = await requireProjectAccess({ caller, projectId: (await params).projectId, action: "project:read" });
  const body = (await readOptionalJson(req, forkRequestSchema, 4 * 1024)) ?? {};
  const fork = await forkProject({
    caller,
    source: { projectId: project.id, snapshotId: body.snapshotId ?? project.headSnapshotId, name: project.name },
    workspaceId: body.workspaceId,
    name: body.name,
  });
  return NextResponse.json({ project: fork }, { status: 201 });
});
