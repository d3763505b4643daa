// POST /api/share/:token/preview-token – a short-lived URL prefix from which the link's preview frame loads the files it shows
import { NextResponse } from "next/server";
import { requireLinkAccess } from "@/lib/auth/link-access";
import { createLinkPreviewToken } from "@/lib/auth/preview-token";
import { route } from "@/lib/http";

type Context = { params: Promise<{ token: string }> };

export const POST = route<Context>(async (req, { params }) => {
  const { link } = await requireLinkAccess({ token: (await params).token, headers: req.headers });
  const { token, expiresAt } = createLinkPreviewToken({ linkId: link.linkId, snapshotId: link.pinnedSnapshotId });
  return NextResponse.json({ baseUrl: `/api/preview/${token}/`, expiresAt: new Date(expiresAt).toISOString() }, { headers: { "cache-control": "no-store" } });
});
