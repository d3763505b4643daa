import "server-only";
import { AppError } from "@/lib/errors";
import { linkNotFound, resolveShareLink, type ResolvedShareLink } from "@/lib/share/links";
import { addressKey, countTokenMiss } from "./token-miss-limit";

/**
 * A share-link token resolved to a read-only role on exactly one project: what every
 * /api/share/<token>/… route and the /s/<token> page ask. It never grants a write, the agent, the
 * project's box, presence or any other project; a token that opens nothing is always `linkNotFound()`,
 * and counts as a miss for the request's client address (`headers`): past LINK_RATE_LIMIT_MAX of
 * them the answer is 429 instead (lib/auth/token-miss-limit.ts). A working token always opens.
 *
 * `snapshotId` is the snapshot the visitor asks for: a pinned link answers only its own snapshot
 * (a later head stays unseen, as if it did not exist); a live link answers the head when none is
 * asked, or any snapshot of the project (the caller checks it belongs to the project).
 */
export async function requireLinkAccess({ token, snapshotId, headers }: { token: string; snapshotId?: string; headers: Headers }): Promise<{
  link: ResolvedShareLink;
  snapshotId: string | null;
}> {
  let link: ResolvedShareLink;
  try {
    link = await resolveShareLink(token);
  } catch (error) {
    if (!(error instanceof AppError && error.kind === "not_found")) throw error;
    await countTokenMiss({ kind: "share-link", keys: [addressKey(headers)] });
    throw error;
  }
  if (link.pinnedSnapshotId) {
    if (snapshotId !== undefined && snapshotId !== link.pinnedSnapshotId) throw linkNotFound();
    return { link, snapshotId: link.pinnedSnapshotId };
  }
  return { link, snapshotId: snapshotId ?? link.project.headSnapshotId };
}
