// GET /api/tokens – the caller's API tokens; POST /api/tokens – create one (its secret is answered only here)
import { NextResponse } from "next/server";
import { createApiToken, listApiTokens } from "@/lib/auth/api-tokens";
import { requireSessionCaller } from "@/lib/auth/guard";
import { readJson, route } from "@/lib/http";
import { createApiTokenSchema } from "@/lib/validation/api-tokens";

// Session cookie only (an API token is refused): a token must not be able to mint more tokens.
export const GET = route(async (req) => {
  const caller = await requireSessionCaller(req.headers);
  return NextResponse.json({ tokens: await listApiTokens({ userId: caller.userId }) });
});

export const POST = route(async (req) => {
  const caller = await requireSessionCaller(req.headers);
  const { name, workspaceId } = await readJson(req, createApiTokenSchema, 16 * 1024);
  const created = await createApiToken({ userId: caller.userId, name, workspaceId });
  return NextResponse.json(created, { status: 201, headers: { "cache-control": "no-store" } });
});
