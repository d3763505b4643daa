// GET /api/share/:token/files/raw?path=&snapshotId= – one file's bytes, as the link shows it
import { z } from "zod";
import { requireLinkAccess } from "@/lib/auth/link-access";
import { route } from "@/lib/http";
import { readProjectFile } from "@/lib/projects/service";
import { projectPathSchema } from "@/lib/validation/paths";
import { idSchema } from "@/lib/validation/stored-text";

type Context = { params: Promise<{ token: string }> };
const querySchema = z.object({ path: projectPathSchema, snapshotId: idSchema.optional() });

export const GET = route<Context>(async (req, { params }) => {
  const query = querySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  const { link, snapshotId } = await requireLinkAccess({ token: (await params).token, snapshotId: query.snapshotId, headers: req.headers });
  const bytes = await readProjectFile({ projectId: link.project.id, snapshotId, path: query.path });
  return new Response(Buffer.from(bytes), {
    headers: {
      "content-type": "application/octet-stream",
      // Never cached: a revoked link must stop answering, even for a snapshot already read.
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
