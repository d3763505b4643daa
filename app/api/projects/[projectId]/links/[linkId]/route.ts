// DELETE /api/projects/:projectId/links/:linkId – revokes the link: from now on it answers like a wrong token
import { NextResponse } from "next/server";
import { requireCaller, requireProjectAccess } from "@/lib/auth/guard";
import { route } from "@/lib/http";
import { revokeShareLink } from "@/lib/share/links";
import { idSchema } from "@/lib/validation/stored-text";

type Context = { params: Promise<{ projectId: string; linkId: string }> };

export const DELETE = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { projectId, linkId } = await params;
  const { project } = await requireProjectAccess({ caller, projectId, action: "project:share" });
  const link = await revokeShareLink({ projectId: project.id, workspaceId: project.workspaceId, linkId: idSchema.parse(linkId), revokedBy: caller.userId });
  return NextResponse.json({ link });
});
