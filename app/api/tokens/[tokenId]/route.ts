// DELETE /api/tokens/:tokenId – revoke one of the caller's API tokens
import { NextResponse } from "next/server";
import { revokeApiToken } from "@/lib/auth/api-tokens";
import { requireSessionCaller } from "@/lib/auth/guard";
import { route } from "@/lib/http";
import { apiTokenIdSchema } from "@/lib/validation/api-tokens";

type Context = { params: Promise<{ tokenId: string }> };

export const DELETE = route<Context>(async (req, { params }) => {
  const caller = await requireSessionCaller(req.headers);
  const tokenId = apiTokenIdSchema.parse((await params).tokenId);
  await revokeApiToken({ userId: caller.userId, tokenId });
  return NextResponse.json({ revoked: true });
});
