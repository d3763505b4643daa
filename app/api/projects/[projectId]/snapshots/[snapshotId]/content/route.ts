// GET  /api/projects/:projectId/snapshots/:snapshotId/content – every folder and file of a snapshot in one streamed response (immutable: cached, ETag = root tree)
// POST /api/projects/:projectId/snapshots/:snapshotId/content – only the blobs { hashes } of that snapshot that the client lacks
import { z } from "zod";
import { requireCaller, requireProjectAccess } from "@/lib/auth/guard";
import { getSnapshotById } from "@/lib/db/queries/snapshots";
import { AppError } from "@/lib/errors";
import { readJson, route } from "@/lib/http";
import { immutableHeaders, matchesEtag, notModified } from "@/lib/snapshots/content-headers";
import { readSnapshotContent } from "@/lib/snapshots/read-stream";
import { limits } from "@/lib/validation/limits";
import { blobHashPattern, snapshotContentType } from "@/lib/validation/snapshot-content";
import { idSchema } from "@/lib/validation/stored-text";

type Context = { params: Promise<{ projectId: string; snapshotId: string }> };

const hashesSchema = z.object({
  hashes: z
    .array(z.string().regex(blobHashPattern, "each hash is 64 lowercase hex digits (a file's `hash` in the listing)"))
    .min(1, "name at least one hash; GET reads the whole snapshot")
    .max(limits.projectMaxFiles, `at most ${limits.projectMaxFiles} hashes; GET reads the whole snapshot`),
});
// 64 hex digits, quotes and a comma per hash, with room for whitespace.
const hashesMaxBytes = limits.projectMaxFiles * 80 + 1024;

async function requireSnapshot(req: Request, context: Context) {
  const { projectId, snapshotId } = await context.params;
  const caller = await requireCaller(req.headers);
  const { project } = await requireProjectAccess({ caller, projectId, action: "project:read" });
  const snapshot = await getSnapshotById({ projectId: project.id, id: idSchema.parse(snapshotId) });
  if (!snapshot) throw new AppError("not_found:snapshot", "That snapshot is not part of this project; load the project's listing again");
  return snapshot;
}

export const GET = route<Context>(async (req, context) => {
  const snapshot = await requireSnapshot(req, context);
  // Equal root trees are equal content, whichever snapshot holds them.
  if (matchesEtag(req, snapshot.rootTree)) return notModified(immutableHeaders({ etag: snapshot.rootTree, contentType: snapshotContentType }));
  const { body, length } = await readSnapshotContent({ rootTree: snapshot.rootTree });
  return new Response(body, { headers: immutableHeaders({ etag: snapshot.rootTree, contentType: snapshotContentType, length }) });
});

export const POST = route<Context>(async (req, context) => {
  const snapshot = await requireSnapshot(req, context);
  const { hashes } = await readJson(req, hashesSchema, hashesMaxBytes);
  const { body, length } = await readSnapshotContent({ rootTree: snapshot.rootTree, hashes });
  return new Response(body, {
    headers: { "content-type": snapshotContentType, "content-length": String(length), "cache-control": "no-store", "x-content-type-options": "nosniff" },
  });
});
