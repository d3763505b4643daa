// GET /api/projects/:projectId/snapshots – the newest snapshots of a project, newest first
import { NextResponse } from "next/server";
import { requireCaller, requireProjectAccess } from "@/lib/auth/guard";
import { listSnapshots } from "@/lib/db/queries/snapshots";
import { route } from "@/lib/http";

type Context = { params: Promise<{ projectId: string }> };

export const GET = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { project } = await requireProjectAccess({ caller, projectId: (await params).projectId, action: "project:read" });
  const snapshots = await listSnapshots({ projectId: project.id, limit: 100 });
  return NextResponse.json({
    snapshots: snapshots.map((s) => ({
      id: s.id,
      parentId: s.parentId,
      author: s.author,
      message: s.message,
      fileCount: s.fileCount,
      totalBytes: s.totalBytes,
      createdAt: s.createdAt.toISOString(),
    })),
  });
});
