// DELETE /api/workspaces/:workspaceId/invitations/:invitationId – revoke a pending invitation (admins)
import { requireCaller } from "@/lib/auth/guard";
import { route } from "@/lib/http";
import { revokeInvitation } from "@/lib/workspaces/invitations";

type Context = { params: Promise<{ workspaceId: string; invitationId: string }> };

export const DELETE = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { workspaceId, invitationId } = await params;
  await revokeInvitation({ caller, workspaceId, invitationId });
  return new Response(null, { status: 204 });
});
