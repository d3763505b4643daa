// GET /api/workspaces/:workspaceId/invitations – pending invitations; POST – invite an email with a role (admins)
import { NextResponse } from "next/server";
import { requireCaller } from "@/lib/auth/guard";
import { readJson, route } from "@/lib/http";
import { createInvitation, listInvitations } from "@/lib/workspaces/invitations";
import { createInvitationSchema } from "@/lib/workspaces/schemas";

type Context = { params: Promise<{ workspaceId: string }> };

export const GET = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  return NextResponse.json({ invitations: await listInvitations({ caller, workspaceId: (await params).workspaceId }) });
});

export const POST = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { email, role } = await readJson(req, createInvitationSchema, 16 * 1024);
  const invitation = await createInvitation({ caller, workspaceId: (await params).workspaceId, email, role });
  // There is no mail server: the admin copies the link, which is shown only this once. A path: the
  // page makes it absolute with the origin the admin sees (behind a proxy the server cannot know it).
  return NextResponse.json({ invitation: { ...invitation, path: `/invite/${invitation.token}` } }, { status: 201 });
});
