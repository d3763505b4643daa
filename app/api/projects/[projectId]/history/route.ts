// GET /api/projects/:projectId/history?cursor=&limit=&author=&path=&q= – the timeline: snapshots newest first, keyset-paged, filtered by author, path or text
import { NextResponse } from "next/server";
import { z } from "zod";
import { requireCaller, requireProjectAccess } from "@/lib/auth/guard";
import { getTimeline } from "@/lib/history/timeline";
import { timelinePageSchema } from "@/lib/history/types";
import { route } from "@/lib/http";
import { existingProjectPathSchema } from "@/lib/validation/paths";
import { storedTextSchema } from "@/lib/validation/stored-text";

type Context = { params: Promise<{ projectId: string }> };

const querySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  // "agent", "system", or "user:<id>" (one person).
  author: z
    .string()
    .regex(/^(agent|system|user:[\w-]{1,64})$/, 'author is "agent", "system" or "user:<their id>"')
    .optional(),
  path: existingProjectPathSchema.optional(),
  q: storedTextSchema({ label: "Search", maxLength: 200, trim: true }).optional(),
});

export const GET = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { project } = await requireProjectAccess({ caller, projectId: (await params).projectId, action: "project:read" });
  const query = querySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  const author = query.author
    ? query.author.startsWith("user:")
      ? { kind: "user" as const, userId: query.author.slice(5) }
      : { kind: query.author as "agent" | "system" }
    : undefined;
  const page = await getTimeline({
    projectId: project.id,
    userId: caller.userId,
    headSnapshotId: project.headSnapshotId,
    cursor: query.cursor ?? null,
    limit: query.limit,
    author,
    path: query.path,
    search: query.q || undefined,
  });
  return NextResponse.json(timelinePageSchema.parse(page));
});
