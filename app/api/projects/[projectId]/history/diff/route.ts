// GET /api/projects/:projectId/history/diff?to=&from= – the files that differ between two snapshots (from defaults to to's parent), with blob hashes; texts come from …/blobs/:hash
import { NextResponse } from "next/server";
import { z } from "zod";
import { requireCaller, requireProjectAccess } from "@/lib/auth/guard";
import { getSnapshotById } from "@/lib/db/queries/snapshots";
import { AppError } from "@/lib/errors";
import { diffSnapshots } from "@/lib/history/diff";
import { snapshotDiffSchema } from "@/lib/history/types";
import { route } from "@/lib/http";
import { idSchema } from "@/lib/validation/stored-text";

type Context = { params: Promise<{ projectId: string }> };

const querySchema = z.object({ to: idSchema, from: idSchema.optional() });

export const GET = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { project } = await requireProjectAccess({ caller, projectId: (await params).projectId, action: "project:read" });
  const query = querySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  const to = await getSnapshotById({ projectId: project.id, id: query.to });
  const fromId = query.from ?? to?.parentId ?? null;
  const from = fromId ? await getSnapshotById({ projectId: project.id, id: fromId }) : null;
  if (!to || (fromId && !from)) throw new AppError("not_found:snapshot", "That snapshot is not part of this project; reload the history");
  const files = await diffSnapshots({ from: from?.rootTree ?? null, to: to.rootTree });
  // Both snapshots never change, so neither does their diff.
  return NextResponse.json(snapshotDiffSchema.parse({ from: from?.id ?? null, to: to.id, files }), {
    headers: { "cache-control": "private, max-age=31536000, immutable" },
  });
});
