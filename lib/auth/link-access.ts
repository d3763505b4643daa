import "server-only";
import { linkNotFound, resolveShareLink, type ResolvedShareLink } from "@/lib/share/links";

/**
 * A share-link token resolved to a read-only role on exactly one project: what every
 * /api/share/<token>/… route and the /s/<token> page ask. It never grants a write, the agent, the
 * project's box, presence or any other project; a token that opens nothing is always `linkNotFound()`.
 *
 * `snapshotId` is the snapshot the visitor asks for: a pinned link answers only its own snapshot
 * (a later head stays unseen, as if it did not exist); a live link answers the head when none is
 * asked, or any snapshot of the project (the caller checks it belongs to the project).
 */
export async function requireLinkAccess({ token, snapshotId }: { token: string; snapshotId?: string }): Promise<{
  link: ResolvedShareLink;
  snapshotId: string | null;
}> {
  const link = await resolveShareLink(token);
  if (link.pinnedSnapshotId) {
    if (snapshotId !== undefined && snapshotId !== link.pinnedSnapshotId) throw linkNotFound();
    return { link, snapshotId: link.pinnedSnapshotId };
  }
  return { link, snapshotId: snapshotId ?? link.project.headSnapshotId };
}
