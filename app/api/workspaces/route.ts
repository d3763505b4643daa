// GET /api/workspaces – the caller's workspaces (deleted ones for their owners); POST – create a team workspace
import { NextResponse } from "next/server";
import { requireCaller } from "@/lib/auth/guard";
import { readJson, route } from "@/lib/http";
import { createWorkspace, listWorkspaces } from "@/lib/workspaces/lifecycle";
import { createWorkspaceSchema } from "@/lib/workspaces/schemas";

export const GET = route(async (req) => {
  const caller = await requireCaller(req.headers);
  return NextResponse.json({ workspaces: await listWorkspaces(caller) });
});

export const POST = route(async (req) => {
  const caller = await requireCaller(req.headers);
  const { name } = await readJson(req, createWorkspaceSchema, 16 * 1024);
  return NextResponse.json({ workspace: await createWorkspace({ caller, name }) }, { status: 201 });
});
