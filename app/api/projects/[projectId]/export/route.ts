// GET /api/projects/:projectId/export?format=zip|git&snapshotId= – the project (or one snapshot) as a zip, or its history up to it as a git bundle
import { z } from "zod";
import { requireCaller, requireProjectAccess } from "@/lib/auth/guard";
import { getSnapshotById } from "@/lib/db/queries/snapshots";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http";
import { exportGitBundle, exportZip } from "@/lib/transfer/export";
import { downloadName } from "@/lib/transfer/names";
import { idSchema } from "@/lib/validation/stored-text";

type Context = { params: Promise<{ projectId: string }> };

const querySchema = z.object({
  format: z.enum(["zip", "git"], { error: 'format is "zip" or "git"' }).default("zip"),
  snapshotId: idSchema.optional(),
});

export const GET = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { project } = await requireProjectAccess({ caller, projectId: (await params).projectId, action: "project:read" });
  const query = querySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  const snapshotId = query.snapshotId ?? project.headSnapshotId;
  const snapshot = snapshotId ? await getSnapshotById({ projectId: project.id, id: snapshotId }) : null;
  if (!snapshot) throw new AppError("not_found:snapshot", "That snapshot is not part of this project; reload and pick another");
  const git = query.format === "git";
  const body = git ? await exportGitBundle({ projectId: project.id, tipSnapshotId: snapshot.id }) : exportZip({ rootTree: snapshot.rootTree, modified: snapshot.createdAt });
  return new Response(body, {
    headers: {
      "content-type": git ? "application/x-git-bundle" : "application/zip",
      "content-disposition": `attachment; filename="${downloadName(project.name, git ? "bundle" : "zip")}"; filename*=UTF-8''${encodeURIComponent(`${project.name}.${git ? "bundle" : "zip"}`)}`,
      "cache-control": "no-store",
      "x-snapshot-id": snapshot.id,
    },
  });
});
