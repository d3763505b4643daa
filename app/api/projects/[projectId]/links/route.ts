// GET  /api/projects/:projectId/links – the project's share links (admins and owners)
// POST /api/projects/:projectId/links { access, snapshotId?, expiresAt? } – a new link; its token is in this answer only
import { NextResponse } from "next/server";
import { requireCaller, requireProjectAccess } from "@/lib/auth/guard";
import { readJson, route } from "@/lib/http";
import { createShareLink, listShareLinks } from "@/lib/share/links";
import { createShareLinkSchema } from "@/lib/share/requests";

type Context = { params: Promise<{ projectId: string }> };

export const GET = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { project } = await requireProjectAccess({ caller, projectId: (await params).projectId, action: "project:share" });
  return NextResponse.json({ links: await listShareLinks({ projectId: project.id }) }, { headers: { "cache-control": "no-store" } });
});

export const POST = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { project } = await requireProjectAccess({ caller, projectId: (await params).projectId, action: "project:share" });
  const body = await readJson(req, createShareLinkSchema, 4 * 1024);
  const created = await createShareLink({
    projectId: project.id,
    workspaceId: project.workspaceId,
    access: body.access,
    snapshotId: body.snapshotId ?? null,
    expiresAt: body.expiresAt ?? null,
    createdBy: caller.userId,
  });
  return NextResponse.json(created, { status: 201, headers: { "cache-control": "no-store" } });
});
