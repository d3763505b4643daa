// POST /api/projects/:projectId/move – move the project to another workspace (admin of both)
import { NextResponse } from "next/server";
import { requireCaller } from "@/lib/auth/guard";
import { readJson, route } from "@/lib/http";
import { moveProject } from "@/lib/workspaces/move-project";
import { moveProjectSchema } from "@/lib/workspaces/schemas";

type Context = { params: Promise<{ projectId: string }> };

export const POST = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { workspaceId } = await readJson(req, moveProjectSchema, 16 * 1024);
  return NextResponse.json(await moveProject({ caller, projectId: (await params).projectId, toWorkspaceId: workspaceId }));
});
