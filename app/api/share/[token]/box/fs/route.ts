// POST /api/share/:token/box/fs – one file verb in a signed-in visitor's own box for the link (writes stay in the box, never saved)
import { NextResponse } from "next/server";
import { requireCaller } from "@/lib/auth/guard";
import { requireLinkAccess } from "@/lib/auth/link-access";
import { readJson, route } from "@/lib/http";
import { runBoxFsVerb } from "@/lib/projects/project-box-fs";
import { boxFsRequestSchema } from "@/lib/validation/box";
import { limits } from "@/lib/validation/limits";

type Context = { params: Promise<{ token: string }> };

export const POST = route<Context>(async (req, { params }) => {
  // The link first: a dead link is the same 404 for everyone, signed in or not.
  const { link } = await requireLinkAccess({ token: (await params).token, headers: req.headers });
  const caller = await requireCaller(req.headers);
  const body = await readJson(req, boxFsRequestSchema, Math.ceil(limits.fileMaxBytes * 1.4) + 4096);
  const linkBox = { linkId: link.linkId, pinnedSnapshotId: link.pinnedSnapshotId };
  return NextResponse.json(await runBoxFsVerb({ caller, projectId: link.project.id, request: body, link: linkBox }));
});
