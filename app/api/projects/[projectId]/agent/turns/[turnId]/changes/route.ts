// GET – the files a turn changed, before and after
import { NextResponse } from "next/server";
import { getTurnChanges } from "@/lib/agent/review";
import { requireCaller } from "@/lib/auth/guard";
import { route } from "@/lib/http";

type Context = { params: Promise<{ projectId: string; turnId: string }> };

export const GET = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  return NextResponse.json(await getTurnChanges({ caller, ...(await params) }));
});
