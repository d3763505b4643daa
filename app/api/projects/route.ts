// GET /api/projects – the caller's projects; POST /api/projects – create one in the personal workspace
import { NextResponse } from "next/server";
import { requireCaller } from "@/lib/auth/guard";
import { listProjectsForUser, toProjectSummary } from "@/lib/db/queries/projects";
import { readJson, route } from "@/lib/http";
import { createProject } from "@/lib/projects/service";
import { createProjectSchema } from "@/lib/validation/projects";

export const GET = route(async (req) => {
  const caller = await requireCaller(req.headers);
  const projects = await listProjectsForUser({ userId: caller.userId });
  // A token scoped to one workspace lists only that workspace's projects.
  const scope = caller.token?.workspaceId;
  return NextResponse.json({ projects: projects.filter((p) => !scope || p.workspaceId === scope).map(toProjectSummary) });
});

export const POST = route(async (req) => {
  const caller = await requireCaller(req.headers);
  const { name, workspaceId } = await readJson(req, createProjectSchema, 16 * 1024);
  return NextResponse.json({ project: await createProject({ caller, name, workspaceId }) }, { status: 201 });
});
