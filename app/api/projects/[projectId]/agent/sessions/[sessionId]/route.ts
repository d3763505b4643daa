// GET – a session with its messages and turns; PATCH – title (rename), model, approval mode, allow-list; DELETE – the session and its messages (409 while a turn runs)
import { NextResponse } from "next/server";
import { deleteSession, getSessionDetail, updateSession } from "@/lib/agent/sessions";
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

export const DELETE = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  await deleteSession({ caller, ...(await params) });
  return new NextResponse(null, { status: 204 });
});
