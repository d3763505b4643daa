// GET /api/projects/:projectId/files/raw?path=&snapshotId= – one file's bytes at a snapshot
import { z } from "zod";
import { requireCaller, requireProjectAccess } from "@/lib/auth/guard";
import { route } from "@/lib/http";
import { readProjectFile } from "@/lib/projects/service";
import { projectPathSchema } from "@/lib/validation/paths";
import { idSchema } from "@/lib/validation/stored-text";

type Context = { params: Promise<{ projectId: string }> };
const querySchema = z.object({ path: projectPathSchema, snapshotId: idSchema.optional() });

export const GET = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  const { project } = await requireProjectAccess({ caller, projectId: (await params).projectId, action: "project:read" });
  const { path, snapshotId } = querySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  const bytes = await readProjectFile({ projectId: project.id, snapshotId: snapshotId ?? project.headSnapshotId, path });
  return new Response(Buffer.from(bytes), {
    headers: {
      "content-type": "application/octet-stream",
      // A snapshot never changes, so a pinned read may be cached by this browser.
      "cache-control": snapshotId ? "private, max-age=31536000, immutable" : "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
