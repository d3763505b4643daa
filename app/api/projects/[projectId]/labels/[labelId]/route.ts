// DELETE /api/projects/:projectId/labels/:labelId – remove a name (the snapshot stays)
import { requireCaller, requireProjectRole } from "@/lib/auth/guard";
import { removeLabel } from "@/lib/history/labels";
import { route } from "@/lib/http";
import { idSchema } from "@/lib/validation/stored-text";

type Context = { params: Promise<{ projectId: string; labelId: string }> };

export const DELETE = route<Context>(async (req, { params }) => {
  const { projectId: rawProjectId, labelId } = await params;
  const caller = await requireCaller(req.headers);
  const { projectId } = await requireProjectRole({ caller, projectId: rawProjectId, action: "project:write" });
  await removeLabel({ projectId, labelId: idSchema.parse(labelId) });
  return new Response(null, { status: 204 });
});
