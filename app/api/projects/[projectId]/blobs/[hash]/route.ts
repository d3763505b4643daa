// GET /api/projects/:projectId/blobs/:hash – one file's bytes by content hash, if a snapshot of the project holds it (immutable: cached, ETag = hash)
import { z } from "zod";
import { requireCaller, requireProjectAccess } from "@/lib/auth/guard";
import { getSnapshotById } from "@/lib/db/queries/snapshots";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http";
import { immutableHeaders, matchesEtag, notModified } from "@/lib/snapshots/content-headers";
import { isReachableFromProject } from "@/lib/snapshots/reachability";
import { readBlob } from "@/lib/snapshots/store";
import { blobHashPattern } from "@/lib/validation/snapshot-content";

type Context = { params: Promise<{ projectId: string; hash: string }> };

const hashSchema = z.string().regex(blobHashPattern, "The hash is 64 lowercase hex digits (a file's `hash` in the listing)");

export const GET = route<Context>(async (req, { params }) => {
  const { projectId, hash: rawHash } = await params;
  const caller = await requireCaller(req.headers);
  const { project } = await requireProjectAccess({ caller, projectId, action: "project:read" });
  const hash = hashSchema.parse(rawHash);
  const head = project.headSnapshotId ? await getSnapshotById({ projectId: project.id, id: project.headSnapshotId }) : null;
  // Objects are shared across projects: a hash another project holds is answered as if it did not exist.
  if (!(await isReachableFromProject({ projectId: project.id, headRootTree: head?.rootTree ?? null, hash })))
    throw new AppError("not_found:object", "No snapshot of this project holds that content");
  const headers = immutableHeaders({ etag: hash, contentType: "application/octet-stream" });
  if (matchesEtag(req, hash)) return notModified(headers);
  let bytes: Uint8Array;
  try {
    bytes = await readBlob(hash);
  } catch (error) {
    // Reachable but a tree, not a file.
    if (error instanceof AppError && error.code === "internal:missing_object") throw new AppError("not_found:object", "That hash names a folder, not a file");
    throw error;
  }
  headers.set("content-length", String(bytes.byteLength));
  return new Response(bytes as Uint8Array<ArrayBuffer>, { headers });
});
