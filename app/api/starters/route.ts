// GET  /api/starters – the starters a project can be created from (names, where they run, no files)
// POST /api/starters { starter, name?, workspaceId? } – a new project from a starter, in a workspace the caller creates projects in
import { NextResponse } from "next/server";
import { z } from "zod";
import { requireCaller } from "@/lib/auth/guard";
import { readJson, route } from "@/lib/http";
import { starterIds, starterSummaries } from "@/lib/projects/starters";
import { createProjectFromStarter } from "@/lib/projects/starters/create";
import { projectNameSchema } from "@/lib/validation/projects";
import { idSchema } from "@/lib/validation/stored-text";

const createSchema = z.object({
  starter: z.enum(starterIds, { error: `starter is one of ${starterIds.join(", ")}` }),
  name: projectNameSchema.optional(),
  workspaceId: idSchema.optional(),
});

export const GET = route(async (req) => {
  await requireCaller(req.headers);
  return NextResponse.json({ starters: starterSummaries });
});

export const POST = route(async (req) => {
  const caller = await requireCaller(req.headers);
  const { starter, name, workspaceId } = await readJson(req, createSchema, 4 * 1024);
  return NextResponse.json({ project: await createProjectFromStarter({ caller, starterId: starter, name, workspaceId }) }, { status: 201 });
});
