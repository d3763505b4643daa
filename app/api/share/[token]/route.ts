// GET /api/share/:token – what a share link opens: the project's name, the link's access, and the snapshot it shows
import { NextResponse } from "next/server";
import { requireLinkAccess } from "@/lib/auth/link-access";
import { route } from "@/lib/http";
import { sharedProjectView } from "@/lib/share/view";

type Context = { params: Promise<{ token: string }> };

export const GET = route<Context>(async (req, { params }) => {
  const { link, snapshotId } = await requireLinkAccess({ token: (await params).token, headers: req.headers });
  return NextResponse.json(sharedProjectView(link, snapshotId), { headers: { "cache-control": "no-store", "referrer-policy": "no-referrer" } });
});
