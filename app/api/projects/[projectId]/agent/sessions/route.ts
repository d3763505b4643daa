// GET – the caller's agent sessions for the project, newest first; POST – start a new one
import { NextResponse } from "next/server";
import { z } from "zod";
import { createSession, listSessions } from "@/lib/agent/sessions";
import { requireCaller } from "@/lib/auth/guard";
import { readJson, route } from "@/lib/http";

type Context = { params: Promise<{ projectId: string }> };

export const GET = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  return NextResponse.json({ sessions: await listSessions({ caller, projectId: (await params).projectId }) });
});

const createSchema = z.object({ title: z.string().trim().max(200).optional() });

export const POST = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { title } = req.headers.get("content-length") === "0" ? {} : await readJson(req, createSchema, 4096).catch(() => ({}));
  return NextResponse.json({ session: await createSession({ caller, projectId: (await params).projectId, title }) }, { status: 201 });
});
