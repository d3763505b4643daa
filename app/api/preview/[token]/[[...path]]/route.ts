// GET /api/preview/:token/* – a project's saved files as a static site for the preview pane (token from /preview-token)
import { requireProjectAccess } from "@/lib/auth/guard";
import { verifyPreviewToken } from "@/lib/auth/preview-token";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http";
import { contentTypeFor } from "@/lib/projects/content-types";
import { readProjectFile } from "@/lib/projects/service";
import { normalizeProjectPath } from "@/lib/validation/paths";

type Context = { params: Promise<{ token: string; path?: string[] }> };

export const GET = route<Context>(async (_req, { params }) => {
  const { token, path = [] } = await params;
  const grant = verifyPreviewToken(token);
  if (!grant) throw new AppError("not_found:preview", "This preview link has expired; reload the preview");
  const caller = { userId: grant.userId, name: "", email: "" };
  const { project } = await requireProjectAccess({ caller, projectId: grant.projectId, action: "project:read" });
  // Next has already decoded each segment; decoding again turned "100%.html" into a 500 and served
  // "a b.html" for "a%20b.html".
  const requested = path.join("/");
  const candidates = requested === "" ? ["index.html"] : [requested, `${requested}/index.html`];
  for (const candidate of candidates) {
    const checked = normalizeProjectPath(candidate);
    if (!checked.ok) throw new AppError("bad_request:path", `Invalid preview path: ${checked.reason}`);
    try {
      const bytes = await readProjectFile({ projectId: project.id, snapshotId: project.headSnapshotId, path: checked.path });
      return new Response(Buffer.from(bytes), {
        headers: {
          "content-type": contentTypeFor(checked.path),
          "cache-control": "no-store",
          // The page runs as an opaque origin even when opened directly: it can run its scripts but
          // cannot read the IDE's cookies, storage or API as the signed-in user.
          "content-security-policy": "sandbox allow-scripts allow-forms allow-modals",
          "x-content-type-options": "nosniff",
        },
      });
    } catch (error) {
      if (!(error instanceof AppError && error.kind === "not_found")) throw error;
    }
  }
  throw new AppError("not_found:file", `"${requested || "index.html"}" is not in the project; save it, or open another page`);
});
