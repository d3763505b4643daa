import { emptyTree, makeBlob, type StoredObjectData, type TreeEntry } from "@/lib/snapshots/objects";
import { TreeEditor } from "@/lib/snapshots/tree-edit";
import { limits as projectLimits } from "@/lib/validation/limits";
import { normalizeProjectPath } from "@/lib/validation/paths";
import type { ImportLimits } from "./limits";
import { checkEntryName, refuseEntry, type ArchiveEntry } from "./zip-read";

export type BuiltTree = { root: TreeEntry; objects: StoredObjectData[] };

// A new project starts from nothing: the editor never needs to read a stored tree.
const readNothing = async () => [];

/**
 * Turns archive entries (a zip's, or a dropped folder's files) into the project's tree objects,
 * exactly as saving the same files would, so an export imported again has the same root tree hash.
 */
export async function treeFromEntries(entries: ArchiveEntry[], limits: ImportLimits): Promise<BuiltTree> {
  const editor = await TreeEditor.open(readNothing, emptyTree.hash);
  const blobs: StoredObjectData[] = [];
  const seen = new Set<string>();
  let files = 0;
  for (const entry of entries) {
    checkEntryName(entry.path);
    const checked = normalizeProjectPath(entry.path);
    if (!checked.ok) throw refuseEntry(entry.path, `cannot be a project path: ${checked.reason}`);
    const depth = checked.path.split("/").length - ("dir" in entry ? 0 : 1);
    if (depth > limits.depth) throw refuseEntry(entry.path, `is nested ${depth} folders deep; imports are limited to ${limits.depth}`);
    try {
      if ("dir" in entry) await editor.mkdir(checked.path);
      else {
        if (seen.has(checked.path)) throw refuseEntry(entry.path, "appears twice in the archive");
        seen.add(checked.path);
        files += 1;
        if (files > limits.files) throw refuseEntry(entry.path, `is file number ${files}; an import may hold at most ${limits.files} files`);
        if (entry.data.byteLength > limits.fileBytes) throw refuseEntry(entry.path, `is ${entry.data.byteLength} bytes; files are limited to ${limits.fileBytes}`);
        const blob = makeBlob(entry.data);
        blobs.push(blob);
        await editor.write(checked.path, blob);
      }
    } catch (error) {
      if (error instanceof Error && "code" in error && String((error as { code: string }).code).startsWith("invalid:change")) throw refuseEntry(entry.path, error.message);
      throw error;
    }
  }
  const { root, objects } = editor.finish();
  if (root.size > projectLimits.projectMaxBytes) throw refuseEntry(entries.at(-1)?.path ?? "", `brings the project to ${root.size} bytes; projects are limited to ${projectLimits.projectMaxBytes}`);
  return { root, objects: [...blobs, ...objects] };
}
