// POST /api/projects/:projectId/presence – this tab is on the project, with this file in front (a heartbeat)
// DELETE /api/projects/:projectId/presence – this tab closed
// Who is present reaches browsers as `presence` events on GET /api/projects/:projectId/head.
import { requireCaller, requireProjectAccess } from "@/lib/auth/guard";
import { presenceMaxTabsPerUser, removePresence, touchPresence } from "@/lib/db/queries/presence";
import { AppError } from "@/lib/errors";
import { readJson, route } from "@/lib/http";
import { presenceHeartbeatSchema, presenceLeaveSchema } from "@/lib/presence/requests";

type Context = { params: Promise<{ projectId: string }> };

const maxBodyBytes = 64 * 1024;

export const POST = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { project } = await requireProjectAccess({ caller, projectId: (await params).projectId, action: "project:read" });
  const { clientId, path } = await readJson(req, presenceHeartbeatSchema, maxBodyBytes);
  const { outcome } = await touchPresence({ projectId: project.id, clientId, userId: caller.userId, path });
  if (outcome === "taken") throw new AppError("conflict:presence_client", "This tab's id is taken by another tab; reload the page to get a new one");
  if (outcome === "too_many")
    throw new AppError("rate_limited:presence_tabs", `You have this project open in ${presenceMaxTabsPerUser} other tabs; close some of them to show up in this one`);
  return new Response(null, { status: 204 });
});

export const DELETE = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { project } = await requireProjectAccess({ caller, projectId: (await params).projectId, action: "project:read" });
  const { clientId } = await readJson(req, presenceLeaveSchema, maxBodyBytes);
  await removePresence({ projectId: project.id, clientId, userId: caller.userId });
  return new Response(null, { status: 204 });
});
