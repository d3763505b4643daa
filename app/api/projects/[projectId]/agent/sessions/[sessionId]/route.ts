// GET – a session with its messages and turns; PATCH – title, model, approval mode, allow-list
import { NextResponse } from "next/server";
import { getSessionDetail, updateSession } from "@/lib/agent/sessions";
import { updateSessionSchema } from "@/lib/agent/ui-types";
import { requireCaller } from "@/lib/auth/guard";
import { readJson, route } from "@/lib/http";

type Context = { params: Promise<{ projectId: string; sessionId: string }> };

export const GET = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  return NextResponse.json(await getSessionDetail({ caller, ...(await params) }));
});

export const PATCH = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const update = await readJson(req, updateSessionSchema, 64 * 1024);
  return NextResponse.json({ session: await updateSession({ caller, ...(await params), update }) });
});
