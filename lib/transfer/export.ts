import "server-only";
import { listSnapshotsForExport, type ExportSnapshotRow } from "@/lib/db/queries/transfer";
import { AppError } from "@/lib/errors";
import type { TreeEntry } from "@/lib/snapshots/objects";
import { listFiles } from "@/lib/snapshots/read";
import { readBlobs, readTrees } from "@/lib/snapshots/store";
import { bundleHeader } from "./git-bundle";
import { GitTreeWriter } from "./git-convert";
import { encodeGitCommit, gitSha, type GitPerson } from "./git-objects";
import { packEntry, packParts } from "./git-pack";
import { zipParts, type ZipInput } from "./zip-write";

// Files read per query while zipping: a response holds one batch, not the project.
const zipBatch = 100;

/** A snapshot as a zip, streamed: folders first, then files in path order, read batch by batch. */
export function exportZip({ rootTree, modified }: { rootTree: string; modified: Date }): ReadableStream<Uint8Array> {
  async function* entries(): AsyncGenerator<ZipInput> {
    const listing = await listFiles({ rootTree });
    for (const e of listing) if (e.kind === "dir") yield { path: e.path, dir: true };
    const files = listing.flatMap((e) => (e.kind === "file" ? [e] : []));
    for (let i = 0; i < files.length; i += zipBatch) {
      const batch = files.slice(i, i + zipBatch);
      const data = await readBlobs(batch.map((f) => f.hash));
      for (const f of batch) yield { path: f.path, data: data.get(f.hash)! };
    }
  }
  return toStream(zipParts(entries(), modified));
}

const blobBatch = 200;

/**
 * The project's history up to `tipSnapshotId` as a git bundle (`git clone project.bundle`): one
 * commit per snapshot with its author, time and message, on branch main. Objects are converted
 * first (blobs deflated as they are read, so memory holds the compressed project), then streamed.
 */
export async function exportGitBundle({ projectId, tipSnapshotId }: { projectId: string; tipSnapshotId: string }): Promise<ReadableStream<Uint8Array>> {
  const chain = snapshotChain(await listSnapshotsForExport({ projectId }), tipSnapshotId);

  const trees = new Map<string, TreeEntry[]>();
  const blobs = new Set<string>();
  let level = [...new Set(chain.map((s) => s.rootTree))];
  while (level.length > 0) {
    const read = await readTrees(level);
    const next: string[] = [];
    for (const [hash, entries] of read) {
      trees.set(hash, entries);
      for (const e of entries) {
        if (e.kind === "file") blobs.add(e.hash);
        else if (!trees.has(e.hash)) next.push(e.hash);
      }
    }
    level = [...new Set(next)].filter((h) => !trees.has(h));
  }

  const blobShas = new Map<string, string>();
  const blobEntries = new Map<string, Uint8Array>();
  const hashes = [...blobs];
  for (let i = 0; i < hashes.length; i += blobBatch) {
    for (const [hash, data] of await readBlobs(hashes.slice(i, i + blobBatch))) {
      const sha = gitSha({ type: "blob", data });
      blobShas.set(hash, sha);
      if (!blobEntries.has(sha)) blobEntries.set(sha, packEntry({ type: "blob", data }));
    }
  }

  const writer = new GitTreeWriter(
    (hash) => trees.get(hash)!,
    (hash) => blobShas.get(hash)!,
  );
  const commits: Uint8Array[] = [];
  let parent: string | null = null;
  for (const snapshot of chain) {
    const tree = writer.convert(snapshot.rootTree);
    const who = personOf(snapshot);
    const data = encodeGitCommit({ tree, parents: parent ? [parent] : [], author: who, committer: who, message: snapshot.message || "Snapshot" });
    parent = gitSha({ type: "commit", data });
    commits.push(packEntry({ type: "commit", data }));
  }
  const treeEntries = writer.trees.map(packEntry);
  const count = commits.length + treeEntries.length + blobEntries.size;
  async function* parts() {
    yield bundleHeader([
      { name: "refs/heads/main", sha: parent! },
      { name: "HEAD", sha: parent! },
    ]);
    yield* packParts(count, [...commits, ...treeEntries, ...blobEntries.values()]);
  }
  return toStream(parts());
}

/** The snapshots from the first to `tip`, following parents. */
function snapshotChain(rows: ExportSnapshotRow[], tip: string): ExportSnapshotRow[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const chain: ExportSnapshotRow[] = [];
  for (let row = byId.get(tip); row; row = row.parentId ? byId.get(row.parentId) : undefined) {
    chain.push(row);
    if (chain.length > rows.length) throw new AppError("internal:history", "The project's history has a cycle");
  }
  if (chain.length === 0) throw new AppError("not_found:snapshot", "That snapshot is not part of this project");
  return chain.reverse();
}

// Agent and system snapshots have no person behind them in git's sense: they get names that say so.
function personOf(s: ExportSnapshotRow): GitPerson {
  const seconds = Math.floor(s.createdAt.getTime() / 1000);
  if (s.author === "agent") return { name: s.user ? `Agent (for ${s.user.name})` : "Agent", email: "agent@agent-ide.invalid", seconds, tz: "+0000" };
  if (s.user) return { name: s.user.name, email: s.user.email, seconds, tz: "+0000" };
  return { name: "Agent IDE", email: "system@agent-ide.invalid", seconds, tz: "+0000" };
}

function toStream(parts: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await parts.next();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        // Headers are gone: cutting the stream is how a download says it failed.
        console.error("Export stream failed", error);
        controller.error(error);
      }
    },
    async cancel() {
      await parts.return(undefined);
    },
  });
}
