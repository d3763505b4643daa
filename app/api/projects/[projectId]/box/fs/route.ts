// POST /api/projects/:projectId/box/fs – one file verb in the caller's offline box (writes are saved as snapshots)
import { NextResponse } from "next/server";
import { requireCaller, requireProjectAccess } from "@/lib/auth/guard";
import { readJson, route } from "@/lib/http";
import { runBoxFsVerb } from "@/lib/projects/project-box-fs";
import { boxFsRequestSchema } from "@/lib/validation/box";
import { limits } from "@/lib/validation/limits";

type Context = { params: Promise<{ projectId: string }> };

export const POST = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const body = await readJson(req, boxFsRequestSchema, Math.ceil(limits.fileMaxBytes * 1.4) + 4096);
  const action = ["readFile", "readdir", "stat", "exists"].includes(body.op) ? "project:read" : "project:write";
  const { project } = await requireProjectAccess({ caller, projectId: (await params).projectId, action });
  return NextResponse.json(await runBoxFsVerb({ caller, projectId: project.id, request: body }));
});
