// GET /api/workspaces/:workspaceId/members – the members and their roles (any member)
import { NextResponse } from "next/server";
import { requireCaller } from "@/lib/auth/guard";
import { route } from "@/lib/http";
import { listWorkspaceMembers } from "@/lib/workspaces/members";

type Context = { params: Promise<{ workspaceId: string }> };

export const GET = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  return NextResponse.json(await listWorkspaceMembers({ caller, workspaceId: (await params).workspaceId }));
});
