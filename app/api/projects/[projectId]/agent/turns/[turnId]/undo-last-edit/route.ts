// POST – undo only the turn's last file-changing tool call: its files go back to how they were before it
import { NextResponse } from "next/server";
import { undoLastEdit } from "@/lib/agent/review";
import { requireCaller } from "@/lib/auth/guard";
import { route } from "@/lib/http";

type Context = { params: Promise<{ projectId: string; turnId: string }> };

export const POST = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  return NextResponse.json(await undoLastEdit({ caller, ...(await params) }));
});
