// POST /api/projects/:projectId/search – search the head's files (text or regex, case, whole word, include/exclude globs); matching lines by file
import { NextResponse } from "next/server";
import { requireCaller, requireProjectRole } from "@/lib/auth/guard";
import { readJson, route } from "@/lib/http";
import { searchProject } from "@/lib/search/project-search";
import { projectSearchResponseSchema, projectSearchSchema } from "@/lib/validation/search";

type Context = { params: Promise<{ projectId: string }> };

export const POST = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { projectId } = await requireProjectRole({ caller, projectId: (await params).projectId, action: "project:read" });
  const search = await readJson(req, projectSearchSchema, 8_000);
  return NextResponse.json(projectSearchResponseSchema.parse(await searchProject({ projectId, search })));
});
