// POST /api/projects/:projectId/box/exec – run a command in the caller's offline box, streamed as server-sent events
import { requireCaller, requireProjectAccess } from "@/lib/auth/guard";
import { roleAllows } from "@/lib/auth/permissions";
import { readJson, route } from "@/lib/http";
import { boxExecResponse } from "@/lib/projects/box-exec-response";
import { runInProjectBox } from "@/lib/projects/project-box";
import { boxExecRequestSchema } from "@/lib/validation/box";

type Context = { params: Promise<{ projectId: string }> };

export const POST = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  // Viewers run the project too, in their own box; nothing they run is saved (see flush).
  const { project, role } = await requireProjectAccess({ caller, projectId: (await params).projectId, action: "project:read" });
  const body = await readJson(req, boxExecRequestSchema, 2 * 1024 * 1024);
  return boxExecResponse({
    req,
    body,
    run: (command, options) => runInProjectBox({ caller, projectId: project.id, command, canSave: roleAllows(role, "project:write"), options }),
  });
});
