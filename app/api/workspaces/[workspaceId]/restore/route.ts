// POST /api/workspaces/:workspaceId/restore – an owner brings a deleted workspace back within its grace period
import { NextResponse } from "next/server";
import { requireCaller } from "@/lib/auth/guard";
import { route } from "@/lib/http";
import { restoreWorkspace } from "@/lib/workspaces/lifecycle";

type Context = { params: Promise<{ workspaceId: string }> };

export const POST = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  return NextResponse.json({ workspace: await restoreWorkspace({ caller, workspaceId: (await params).workspaceId }) });
});
