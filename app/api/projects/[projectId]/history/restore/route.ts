// POST /api/projects/:projectId/history/restore – restore a snapshot, or one file of it, as a new snapshot on top of the head
import { NextResponse } from "next/server";
import { z } from "zod";
import { requireCaller, requireProjectRole } from "@/lib/auth/guard";
import { restoreSnapshot } from "@/lib/history/restore";
import { restoreResultSchema } from "@/lib/history/types";
import { readJson, route } from "@/lib/http";
import { existingProjectPathSchema } from "@/lib/validation/paths";
import { idSchema } from "@/lib/validation/stored-text";

type Context = { params: Promise<{ projectId: string }> };

const bodySchema = z.object({
  snapshotId: idSchema,
  // The head the person saw; omitted, the restore lands on whatever the head is.
  baseSnapshotId: idSchema.nullable().optional(),
  path: existingProjectPathSchema.optional(),
});

export const POST = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { projectId } = await requireProjectRole({ caller, projectId: (await params).projectId, action: "project:write" });
  const body = await readJson(req, bodySchema, 16 * 1024);
  const result = await restoreSnapshot({ projectId, userId: caller.userId, ...body });
  return NextResponse.json(restoreResultSchema.parse(result));
});
