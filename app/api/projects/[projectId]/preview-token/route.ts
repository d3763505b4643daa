// POST /api/projects/:projectId/preview-token – a short-lived URL prefix from which the preview pane loads saved files
import { NextResponse } from "next/server";
import { requireCaller, requireProjectAccess } from "@/lib/auth/guard";
import { createPreviewToken } from "@/lib/auth/preview-token";
import { route } from "@/lib/http";

type Context = { params: Promise<{ projectId: string }> };

export const POST = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { project } = await requireProjectAccess({ caller, projectId: (await params).projectId, action: "project:read" });
  const { token, expiresAt } = createPreviewToken({ projectId: project.id, userId: caller.userId });
  return NextResponse.json({ baseUrl: `/api/preview/${token}/`, expiresAt: new Date(expiresAt).toISOString() });
});
