// GET ?q=&cursor=&limit= – the caller's agent sessions for the project, newest first, paged; with q, those whose title or messages hold it; POST – start a new one
import { NextResponse } from "next/server";
import { createSession, listSessions } from "@/lib/agent/sessions";
import { listSessionsQuerySchema } from "@/lib/agent/session-page";
import { createSessionSchema } from "@/lib/agent/ui-types";
import { requireCaller } from "@/lib/auth/guard";
import { readOptionalJson, route } from "@/lib/http";

type Context = { params: Promise<{ projectId: string }> };

export const GET = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const query = listSessionsQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return NextResponse.json(await listSessions({ caller, projectId: (await params).projectId, query }));
});

export const POST = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { title } = (await readOptionalJson(req, createSessionSchema, 4096)) ?? {};
  return NextResponse.json({ session: await createSession({ caller, projectId: (await params).projectId, title }) }, { status: 201 });
});
