// POST – undo a whole turn: a new snapshot with exactly the checkpoint's files
import { NextResponse } from "next/server";
import { undoTurn } from "@/lib/agent/review";
import { requireCaller } from "@/lib/auth/guard";
import { route } from "@/lib/http";

type Context = { params: Promise<{ projectId: string; turnId: string }> };

export const POST = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  return NextResponse.json(await undoTurn({ caller, ...(await params) }));
});
