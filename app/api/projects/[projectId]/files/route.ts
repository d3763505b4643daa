// GET /api/projects/:projectId/files?snapshotId= – every file and folder at a snapshot (default: head)
import { NextResponse } from "next/server";
import { z } from "zod";
import { requireCaller, requireProjectAccess } from "@/lib/auth/guard";
import { route } from "@/lib/http";
import { getListing } from "@/lib/projects/service";
import { idSchema } from "@/lib/validation/stored-text";

type Context = { params: Promise<{ projectId: string }> };
const querySchema = z.object({ snapshotId: idSchema.optional() });

export const GET = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { project } = await requireProjectAccess({ caller, projectId: (await params).projectId, action: "project:read" });
  const { snapshotId } = querySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  const listing = await getListing({ projectId: project.id, snapshotId: snapshotId ?? project.headSnapshotId });
  return NextResponse.json(listing, { headers: { "cache-control": "no-store" } });
});
