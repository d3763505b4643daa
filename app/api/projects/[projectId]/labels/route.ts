// GET  /api/projects/:projectId/labels?q= – the project's named versions, newest first
// POST /api/projects/:projectId/labels – name a snapshot { snapshotId, name } (names are unique per project)
import { NextResponse } from "next/server";
import { z } from "zod";
import { requireCaller, requireProjectAccess, requireProjectRole } from "@/lib/auth/guard";
import { labelSnapshot, listLabels } from "@/lib/history/labels";
import { labelNameMaxLength, labelSchema } from "@/lib/history/types";
import { readJson, route } from "@/lib/http";
import { idSchema, storedTextSchema } from "@/lib/validation/stored-text";

type Context = { params: Promise<{ projectId: string }> };

const querySchema = z.object({ q: storedTextSchema({ label: "Search", maxLength: 200, trim: true }).optional() });
const bodySchema = z.object({ snapshotId: idSchema, name: storedTextSchema({ label: "The name", maxLength: labelNameMaxLength, minLength: 1, trim: true }) });

export const GET = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { project } = await requireProjectAccess({ caller, projectId: (await params).projectId, action: "project:read" });
  const { q } = querySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return NextResponse.json({ labels: z.array(labelSchema).parse(await listLabels({ projectId: project.id, search: q || undefined })) });
});

export const POST = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { projectId } = await requireProjectRole({ caller, projectId: (await params).projectId, action: "project:write" });
  const body = await readJson(req, bodySchema, 4 * 1024);
  const label = await labelSnapshot({ projectId, userId: caller.userId, ...body });
  return NextResponse.json({ label: labelSchema.parse(label) }, { status: 201 });
});
