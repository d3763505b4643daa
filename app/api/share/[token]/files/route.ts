// GET /api/share/:token/files?snapshotId= – every file and folder the link shows (a pinned link: its snapshot only)
import { NextResponse } from "next/server";
import { z } from "zod";
import { requireLinkAccess } from "@/lib/auth/link-access";
import { route } from "@/lib/http";
import { getListing } from "@/lib/projects/service";
import { idSchema } from "@/lib/validation/stored-text";

type Context = { params: Promise<{ token: string }> };
const querySchema = z.object({ snapshotId: idSchema.optional() });

export const GET = route<Context>(async (req, { params }) => {
  const query = querySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  const { link, snapshotId } = await requireLinkAccess({ token: (await params).token, snapshotId: query.snapshotId, headers: req.headers });
  const listing = await getListing({ projectId: link.project.id, snapshotId });
  return NextResponse.json(listing, { headers: { "cache-control": "no-store" } });
});
