// GET /api/preview/:token/* – a project's saved files as a static site for the preview pane (token from /preview-token)
import { requireProjectAccess } from "@/lib/auth/guard";
import { verifyLinkPreviewToken, verifyPreviewToken } from "@/lib/auth/preview-token";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http";
import { contentTypeFor } from "@/lib/projects/content-types";
import { readProjectFile } from "@/lib/projects/service";
import { linkPreviewTarget } from "@/lib/share/preview-grant";
import { normalizeProjectPath } from "@/lib/validation/paths";

type Context = { params: Promise<{ token: string; path?: string[] }> };

/** The project and snapshot a grant serves, checked again now: a member's (their access) or a share link's (the link still open). */
async function previewTarget(token: string): Promise<{ projectId: string; snapshotId: string | null }> {
  const grant = verifyPreviewToken(token);
  if (grant) {
    const caller = { userId: grant.userId, name: "", email: "" };
    const { project } = await requireProjectAccess({ caller, projectId: grant.projectId, action: "project:read" });
    return { projectId: project.id, snapshotId: project.headSnapshotId };
  }
  const linkGrant = verifyLinkPreviewToken(token);
  if (linkGrant) return linkPreviewTarget(linkGrant);
  throw new AppError("not_found:preview", "This preview link has expired; reload the preview");
}

export const GET = route<Context>(async (_req, { params }) => {
  const { token, path = [] } = await params;
  const target = await previewTarget(token);
  // Next has already decoded each segment; decoding again turned "100%.html" into a 500 and served
  // "a b.html" for "a%20b.html".
  const requested = path.join("/");
  const candidates = requested === "" ? ["index.html"] : [requested, `${requested}/index.html`];
  for (const candidate of candidates) {
    const checked = normalizeProjectPath(candidate);
    if (!checked.ok) throw new AppError("bad_request:path", `Invalid preview path: ${checked.reason}`);
    try {
      const bytes = await readProjectFile({ projectId: target.projectId, snapshotId: target.snapshotId, path: checked.path });
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
