import "server-only";
import type { LinkPreviewGrant } from "@/lib/auth/preview-token";
import { linkNotFound, resolveShareLinkById } from "./links";

/**
 * What a link's preview grant serves now: the project's files at the link's snapshot (a live link:
 * the head as it is now). The link is resolved again on every request, so a revoked or expired link
 * (or a deleted team) stops previewing at once.
 */
export async function linkPreviewTarget(grant: LinkPreviewGrant): Promise<{ projectId: string; snapshotId: string | null }> {
  const link = await resolveShareLinkById(grant.linkId);
  // A grant names the snapshot its link showed; a link that no longer shows it grants nothing.
  if (link.pinnedSnapshotId !== grant.snapshotId) throw linkNotFound();
  return { projectId: link.project.id, snapshotId: link.pinnedSnapshotId ?? link.project.headSnapshotId };
}
