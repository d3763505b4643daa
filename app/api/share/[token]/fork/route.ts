// POST /api/share/:token/fork { workspaceId?, name? } – a signed-in visitor's O(1) copy of what a fork link shows
import { NextResponse } from "next/server";
import { requireCaller } from "@/lib/auth/guard";
import { requireLinkAccess } from "@/lib/auth/link-access";
import { AppError } from "@/lib/errors";
import { readOptionalJson, route } from "@/lib/http";
import { forkProject } from "@/lib/share/fork";
import { forkRequestSchema } from "@/lib/share/requests";

type Context = { params: Promise<{ token: string }> };
const linkForkSchema = forkRequestSchema.omit({ snapshotId: true });

export const POST = route<Context>(async (req, { params }) => {
  const { link, snapshotId } = await requireLinkAccess({ token: (await params).token, headers: req.headers });
  if (link.access !== "fork") throw new AppError("forbidden:link_access", "This link lets you view the project, not fork it; ask for a fork link");
  const caller = await requireCaller(req.headers);
  const body = (await readOptionalJson(req, linkForkSchema, 4 * 1024)) ?? {};
  const fork = await forkProject({
    caller,
    source: { projectId: link.project.id, snapshotId, name: link.project.name },
    workspaceId: body.workspaceId,
    name: body.name,
  });
  // The fork's lineage names the source project id; the visitor sees only their own new project here.
  return NextResponse.json({ project: { id: fork.id, name: fork.name, workspaceId: fork.workspaceId, headSnapshotId: fork.headSnapshotId } }, { status: 201 });
});
