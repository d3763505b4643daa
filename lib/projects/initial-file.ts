import { decodeFileBytes } from "@/lib/client/file-bytes";
import { textTooLarge } from "@/lib/client/file-kind";
import { fileEntryByPath, type InitialFile } from "@/lib/client/workspace-state";
import type { ProjectListing } from "@/lib/validation/projects";
import { readProjectFile } from "./service";

// The text travels twice in the page (its HTML and React's payload): only small files are worth it.
const maxInitialFileBytes = 128 * 1024;

/**
 * The text of `path` at the listing's snapshot, for the IDE page to show at once; null when it is
 * not a small text file there (the page then loads it as it loads any tab).
 */
export async function readInitialFile({ projectId, listing, path }: { projectId: string; listing: ProjectListing; path: string | null }): Promise<InitialFile | null> {
  const entry = path === null ? undefined : fileEntryByPath({ listing }).get(path);
  if (!entry || entry.size > maxInitialFileBytes || listing.snapshotId === null) return null;
  const bytes = await readProjectFile({ projectId, snapshotId: listing.snapshotId, path: entry.path });
  const decoded = decodeFileBytes({ bytes });
  if (decoded.kind !== "text" || textTooLarge({ text: decoded.text, size: bytes.length })) return null;
  return { path: entry.path, text: decoded.text };
}
