// POST /api/projects/:projectId/search/replace – replace every match in the searched snapshot's files as one snapshot;
// 409 when one of those files changed since
import { NextResponse } from "next/server";
import { requireCaller, requireProjectRole } from "@/lib/auth/guard";
import { readJson, route } from "@/lib/http";
import { replaceInProject } from "@/lib/search/project-search";
import { projectReplaceResponseSchema, projectReplaceSchema } from "@/lib/validation/search";

type Context = { params: Promise<{ projectId: string }> };

export const POST = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { projectId } = await requireProjectRole({ caller, projectId: (await params).projectId, action: "project:write" });
  const { replacement, snapshotId, paths, ...search } = await readJson(req, projectReplaceSchema, 1_100_000);
  const result = await replaceInProject({ projectId, search, replacement, snapshotId, paths, userId: caller.userId });
  return NextResponse.json(projectReplaceResponseSchema.parse(result));
});
