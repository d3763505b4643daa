// GET /api/workspaces/:workspaceId/audit?before=&limit= – the workspace's audit log, newest first (admins and owners)
import { NextResponse } from "next/server";
import { listAuditEvents } from "@/lib/audit/list";
import { auditQuerySchema } from "@/lib/audit/schemas";
import { requireCaller } from "@/lib/auth/guard";
import { route } from "@/lib/http";
import { idSchema } from "@/lib/validation/stored-text";

type Context = { params: Promise<{ workspaceId: string }> };

export const GET = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const workspaceId = idSchema.parse((await params).workspaceId);
  const query = auditQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return NextResponse.json(await listAuditEvents({ caller, workspaceId, query }), { headers: { "cache-control": "no-store" } });
});
