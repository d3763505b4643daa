import "server-only";
import type { DeltaSources } from "@/lib/db/queries/object-codec";
import { getBlobData, getDeltaSources, getObjectsByHash, insertObjects } from "@/lib/db/queries/objects";
import { AppError } from "@/lib/errors";
import { decodeTree, emptyTree, type StoredObjectData, type TreeEntry } from "./objects";

// Trees are immutable, so a decoded tree can be cached forever; the bound only caps memory.
const treeCacheMaxEntries = 20_000;
// The empty tree needs no read: a project saved for the first time may not have stored it yet.
const treeCache = new Map<string, TreeEntry[]>([[emptyTree.hash, []]]);

function remember(hash: string, entries: TreeEntry[]) {
  if (treeCache.size >= treeCacheMaxEntries) {
    for (const oldest of treeCache.keys()) {
      if (oldest === emptyTree.hash) continue;
      treeCache.delete(oldest);
      break;
    }
  }
  treeCache.set(hash, entries);
}

/** Reads many trees in one query (one query per folder level when walking a project). */
export async function readTrees(hashes: string[]): Promise<Map<string, TreeEntry[]>> {
  const found = new Map<string, TreeEntry[]>();
  const missing: string[] = [];
  for (const hash of new Set(hashes)) {
    const cached = treeCache.get(hash);
    if (cached) found.set(hash, cached);
    else missing.push(hash);
  }
  for (const object of await getObjectsByHash({ hashes: missing })) {
    if (object.kind !== "tree") continue;
    const entries = decodeTree(object.data);
    remember(object.hash, entries);
    found.set(object.hash, entries);
  }
  const lost = missing.find((h) => !found.has(h));
  if (lost) throw new AppError("internal:missing_object", `Stored tree ${lost.slice(0, 12)} is missing`);
  return found;
}

export async function readTree(hash: string): Promise<TreeEntry[]> {
  return (await readTrees([hash])).get(hash)!;
}

export async function readBlob(hash: string): Promise<Uint8Array> {
  const [object] = await getObjectsByHash({ hashes: [hash] });
  if (!object || object.kind !== "blob") throw new AppError("internal:missing_object", `Stored file ${hash.slice(0, 12)} is missing`);
  return object.data;
}

/** Trees just stored: cached as if read back, so whoever reads them next (a change set) queries nothing. */
export function rememberTrees(objects: StoredObjectData[]): void {
  for (const o of objects) if (o.kind === "tree" && !treeCache.has(o.hash)) remember(o.hash, decodeTree(o.data));
}

/** For each new object, what to compress it against, from what it replaced (TreeEditor.finish). */
export async function readDeltaSources(replaced: Map<string, string>): Promise<DeltaSources> {
  return getDeltaSources({ replaced });
}

export async function writeObjects(objects: StoredObjectData[]): Promise<number> {
  return insertObjects({ objects });
}

const blobBatch = 200;

/** Reads many blobs, a few hundred per query, for seeding a sandbox or exporting a project. */
export async function readBlobs(hashes: string[]): Promise<Map<string, Uint8Array>> {
  const unique = [...new Set(hashes)];
  const out = new Map<string, Uint8Array>();
  for (let i = 0; i < unique.length; i += blobBatch)
    for (const [hash, data] of await getBlobData({ hashes: unique.slice(i, i + blobBatch) })) out.set(hash, data);
  const lost = unique.find((h) => !out.has(h));
  if (lost) throw new AppError("internal:missing_object", `Stored file ${lost.slice(0, 12)} is missing`);
  return out;
}
