// PATCH /api/workspaces/:workspaceId/members/:userId – change the role; DELETE – remove the member (or leave)
import { NextResponse } from "next/server";
import { requireCaller } from "@/lib/auth/guard";
import { readJson, route } from "@/lib/http";
import { changeMemberRole, removeMember } from "@/lib/workspaces/members";
import { changeRoleSchema } from "@/lib/workspaces/schemas";

type Context = { params: Promise<{ workspaceId: string; userId: string }> };

export const PATCH = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { workspaceId, userId } = await params;
  const { role } = await readJson(req, changeRoleSchema, 16 * 1024);
  return NextResponse.json({ member: await changeMemberRole({ caller, workspaceId, userId, role }) });
});

export const DELETE = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { workspaceId, userId } = await params;
  await removeMember({ caller, workspaceId, userId });
  return new Response(null, { status: 204 });
});
