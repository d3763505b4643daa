// POST – accept or reject one file a turn changed (reject restores the checkpoint's version)
import { NextResponse } from "next/server";
import { reviewTurnFile } from "@/lib/agent/review";
import { reviewRequestSchema } from "@/lib/agent/ui-types";
import { requireCaller } from "@/lib/auth/guard";
import { readJson, route } from "@/lib/http";

type Context = { params: Promise<{ projectId: string; turnId: string }> };

export const POST = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const body = await readJson(req, reviewRequestSchema, 8 * 1024);
  return NextResponse.json(await reviewTurnFile({ caller, ...(await params), ...body }));
});
