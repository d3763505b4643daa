import { emptyTree, makeBlob, makeTree, type StoredObjectData, type TreeEntry } from "@/lib/snapshots/objects";
import { limits as projectLimits } from "@/lib/validation/limits";
import { normalizeProjectPath } from "@/lib/validation/paths";
import { decodeGitCommit, decodeGitTree, encodeGitTree, gitSha, type GitCommit, type GitObject } from "./git-objects";
import type { ImportLimits } from "./limits";
import { refuseEntry } from "./zip-read";

/**
 * Our trees to git trees and back. Both are content-addressed, so each distinct tree is converted
 * once however many snapshots share it.
 */
export class GitTreeWriter {
  private readonly shaByTree = new Map<string, string>();
  private readonly written = new Set<string>();
  readonly trees: GitObject[] = [];

  constructor(
    private readonly treeEntries: (hash: string) => TreeEntry[],
    private readonly blobSha: (hash: string) => string,
  ) {}

  /** The git tree for one of our trees, writing the git trees it needs (each once). */
  convert(hash: string): string {
    const known = this.shaByTree.get(hash);
    if (known) return known;
    const entries = this.treeEntries(hash).map((e) => ({
      mode: e.kind === "dir" ? "40000" : "100644",
      name: e.name,
      sha: e.kind === "dir" ? this.convert(e.hash) : this.blobSha(e.hash),
    }));
    const object: GitObject = { type: "tree", data: encodeGitTree(entries) };
    const sha = gitSha(object);
    if (!this.written.has(sha)) {
      this.written.add(sha);
      this.trees.push(object);
    }
    this.shaByTree.set(hash, sha);
    return sha;
  }
}

export type ImportedCommit = { commit: GitCommit; root: TreeEntry };

type Converted = { entry: TreeEntry; height: number; deepest: string };

/**
 * Our snapshots from a git history: the first-parent chain ending at `tip`, oldest first. Every
 * tree is checked as a project path would be; links and submodules are refused, naming the entry.
 */
export function snapshotsFromGit({ objects, tip, limits }: { objects: Map<string, GitObject>; tip: string; limits: ImportLimits }): {
  commits: ImportedCommit[];
  stored: StoredObjectData[];
} {
  const chain: GitCommit[] = [];
  const visited = new Set<string>();
  for (let sha: string | undefined = tip; sha; ) {
    if (visited.has(sha)) throw refuseEntry(sha, "is part of a cycle in the history");
    visited.add(sha);
    const object = objects.get(sha);
    if (!object || object.type !== "commit") throw refuseEntry(sha, "is a commit the bundle does not hold; make the bundle with --all");
    const commit = decodeGitCommit(object.data);
    chain.push(commit);
    if (chain.length > limits.snapshots) throw refuseEntry(sha, `is past the ${limits.snapshots} commits an import may bring in`);
    sha = commit.parents[0];
  }
  chain.reverse();

  const stored = new Map<string, StoredObjectData>([[emptyTree.hash, emptyTree]]);
  const converted = new Map<string, Converted>();
  const convertTree = (sha: string, at: string): Converted => {
    const known = converted.get(sha);
    if (known) return known;
    const object = objects.get(sha);
    if (!object || object.type !== "tree") throw refuseEntry(at || "/", "is a folder the bundle does not hold");
    const entries: TreeEntry[] = [];
    let height = 0;
    let deepest = "";
    for (const e of decodeGitTree(object.data)) {
      const path = at ? `${at}/${e.name}` : e.name;
      const checked = normalizeProjectPath(e.name);
      if (!checked.ok || checked.path.includes("/")) throw refuseEntry(path, `cannot be a project path: ${checked.ok ? "a name may not hold /" : checked.reason}`);
      if (e.mode === "120000") throw refuseEntry(path, "is a symbolic link; links are not imported (replace it with the file it points to)");
      if (e.mode === "160000") throw refuseEntry(path, "is a submodule; import that repository on its own");
      if (e.mode === "40000") {
        const child = convertTree(e.sha, path);
        entries.push({ ...child.entry, name: checked.path });
        if (child.height + 1 > height) {
          height = child.height + 1;
          deepest = child.deepest ? `${checked.path}/${child.deepest}` : checked.path;
        }
      } else {
        const blob = objects.get(e.sha);
        if (!blob || blob.type !== "blob") throw refuseEntry(path, "is a file the bundle does not hold");
        if (blob.data.byteLength > limits.fileBytes) throw refuseEntry(path, `is ${blob.data.byteLength} bytes; files are limited to ${limits.fileBytes}`);
        const ours = makeBlob(blob.data);
        stored.set(ours.hash, ours);
        entries.push({ name: checked.path, kind: "file", hash: ours.hash, size: ours.size, count: 1 });
      }
    }
    const tree = makeTree(entries);
    stored.set(tree.hash, tree);
    let size = 0;
    let count = 0;
    for (const e of entries) {
      size += e.size;
      count += e.count;
    }
    const result = { entry: { name: "", kind: "dir" as const, hash: tree.hash, size, count }, height, deepest };
    converted.set(sha, result);
    return result;
  };

  const commits = chain.map((commit) => {
    const { entry, height, deepest } = convertTree(commit.tree, "");
    if (height > limits.depth) throw refuseEntry(deepest, `is nested ${height} folders deep; imports are limited to ${limits.depth}`);
    if (entry.count > limits.files) throw refuseEntry(commit.tree, `(the tree of "${commit.message.split("\n")[0]}") holds ${entry.count} files; an import may hold at most ${limits.files}`);
    if (entry.size > projectLimits.projectMaxBytes) throw refuseEntry(commit.tree, `(the tree of "${commit.message.split("\n")[0]}") holds ${entry.size} bytes; projects are limited to ${projectLimits.projectMaxBytes}`);
    return { commit, root: entry };
  });
  return { commits, stored: [...stored.values()] };
}
