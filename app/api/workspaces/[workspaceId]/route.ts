// PATCH /api/workspaces/:workspaceId – rename; DELETE – delete (owner, typed name), restorable for a grace period
import { NextResponse } from "next/server";
import { requireCaller } from "@/lib/auth/guard";
import { readJson, route } from "@/lib/http";
import { deleteWorkspace, renameWorkspace } from "@/lib/workspaces/lifecycle";
import { deleteWorkspaceSchema, renameWorkspaceSchema } from "@/lib/workspaces/schemas";

type Context = { params: Promise<{ workspaceId: string }> };

export const PATCH = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { name } = await readJson(req, renameWorkspaceSchema, 16 * 1024);
  return NextResponse.json({ workspace: await renameWorkspace({ caller, workspaceId: (await params).workspaceId, name }) });
});

export const DELETE = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { confirmName } = await readJson(req, deleteWorkspaceSchema, 16 * 1024);
  return NextResponse.json({ workspace: await deleteWorkspace({ caller, workspaceId: (await params).workspaceId, confirmName }) });
});
