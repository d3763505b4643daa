// POST /api/invitations/:token/accept – join the workspace, signed in with the invited email
import { NextResponse } from "next/server";
import { requireCaller } from "@/lib/auth/guard";
import { route } from "@/lib/http";
import { acceptInvitation } from "@/lib/workspaces/invitations";

type Context = { params: Promise<{ token: string }> };

export const POST = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  return NextResponse.json(await acceptInvitation({ caller, token: (await params).token, headers: req.headers }));
});
