// GET|PATCH|DELETE /api/projects/:projectId – read, rename or delete one project
import { NextResponse } from "next/server";
import { auditedChange } from "@/lib/audit/record";
import { requireCaller, requireProjectAccess } from "@/lib/auth/guard";
import { requestCollection } from "@/lib/snapshots/gc-schedule";
import { deleteProjectRow, renameProjectRow, toProjectSummary } from "@/lib/db/queries/projects";
import { readJson, route } from "@/lib/http";
import { renameProjectSchema } from "@/lib/validation/projects";

type Context = { params: Promise<{ projectId: string }> };

export const GET = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { project } = await requireProjectAccess({ caller, projectId: (await params).projectId, action: "project:read" });
  return NextResponse.json({ project: toProjectSummary(project) });
});

export const PATCH = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { project } = await requireProjectAccess({ caller, projectId: (await params).projectId, action: "project:rename" });
  const { name } = await readJson(req, renameProjectSchema, 16 * 1024);
  return NextResponse.json({ project: toProjectSummary(await renameProjectRow({ id: project.id, name })) });
});

export const DELETE = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { project } = await requireProjectAccess({ caller, projectId: (await params).projectId, action: "project:delete" });
  await auditedChange(async (tx) => {
    await deleteProjectRow({ id: project.id }, tx);
    const event = { workspaceId: project.workspaceId, actorUserId: caller.userId, target: { type: "project", id: project.id }, details: { name: project.name } } as const;
    return { result: null, events: [{ ...event, action: "project.deleted" }] };
  });
  requestCollection();
  return new Response(null, { status: 204 });
});
