// GET|PUT /api/projects/:projectId/locks – the files the agent may read but never change
import { NextResponse } from "next/server";
import { lockRequestSchema } from "@/lib/agent/ui-types";
import { requireCaller, requireProjectAccess } from "@/lib/auth/guard";
import { setLockedPaths } from "@/lib/db/queries/projects";
import { AppError } from "@/lib/errors";
import { readJson, route } from "@/lib/http";
import { normalizeProjectPath } from "@/lib/validation/paths";

type Context = { params: Promise<{ projectId: string }> };

// 1,000 paths of up to 1,024 characters, JSON-quoted, with room to spare.
const maxBodyBytes = 2 * 1024 * 1024;

export const GET = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { project } = await requireProjectAccess({ caller, projectId: (await params).projectId, action: "project:read" });
  return NextResponse.json({ lockedPaths: project.lockedPaths });
});

// Replaces the whole set: the client sends the full list it shows.
export const PUT = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { project } = await requireProjectAccess({ caller, projectId: (await params).projectId, action: "project:write" });
  const { paths } = await readJson(req, lockRequestSchema, maxBodyBytes);
  const normalized = new Set<string>();
  const problems: string[] = [];
  for (const path of paths) {
    const checked = normalizeProjectPath(path);
    if (checked.ok) normalized.add(checked.path);
    else problems.push(`Invalid path "${path.slice(0, 80)}": ${checked.reason}`);
  }
  if (problems.length > 0) throw new AppError("bad_request:path", problems[0]!, { issues: problems });
  const lockedPaths = await setLockedPaths({ projectId: project.id, paths: [...normalized].sort() });
  return NextResponse.json({ lockedPaths });
});
