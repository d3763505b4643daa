// POST /api/share/:token/box/exec – a signed-in visitor runs a command in their own box for the link (never saved), as server-sent events
import { requireCaller } from "@/lib/auth/guard";
import { requireLinkAccess } from "@/lib/auth/link-access";
import { readJson, route } from "@/lib/http";
import { boxExecResponse } from "@/lib/projects/box-exec-response";
import { runInProjectBox } from "@/lib/projects/project-box";
import { boxExecRequestSchema } from "@/lib/validation/box";

type Context = { params: Promise<{ token: string }> };

export const POST = route<Context>(async (req, { params }) => {
  // The link first: a dead link is the same 404 for everyone, signed in or not.
  const { link } = await requireLinkAccess({ token: (await params).token, headers: req.headers });
  // A box is a person's: signed-out visitors sign in to run the project.
  const caller = await requireCaller(req.headers);
  const body = await readJson(req, boxExecRequestSchema, 2 * 1024 * 1024);
  return boxExecResponse({
    req,
    body,
    run: (command, options) =>
      runInProjectBox({ caller, projectId: link.project.id, command, options, link: { linkId: link.linkId, pinnedSnapshotId: link.pinnedSnapshotId } }),
  });
});
