import type { FileEntry } from "@/lib/validation/projects";

export type TreeNode =
  | { kind: "dir"; name: string; path: string; children: TreeNode[] }
  | { kind: "file"; name: string; path: string; size: number; hash: string };

export type VisibleRow = { node: TreeNode; depth: number };

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

function compareNodes(a: TreeNode, b: TreeNode): number {
  if (a.kind !== b.kind) return a.kind === "dir" ? -1 : 1;
  return collator.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/**
 * Builds a sorted tree (folders first) from a flat listing. Folders that are only implied by a file
 * path ("a/b/c.ts" without "a/b") are created, so a listing that omits parents still renders.
 */
export function buildFileTree({ entries }: { entries: readonly FileEntry[] }): TreeNode[] {
  const root: TreeNode[] = [];
  const dirs = new Map<string, Extract<TreeNode, { kind: "dir" }>>();

  const ensureDir = (path: string): TreeNode[] => {
    if (path === "") return root;
    const existing = dirs.get(path);
    if (existing) return existing.children;
    const slash = path.lastIndexOf("/");
    const siblings = ensureDir(slash < 0 ? "" : path.slice(0, slash));
    const dir: Extract<TreeNode, { kind: "dir" }> = { kind: "dir", name: path.slice(slash + 1), path, children: [] };
    dirs.set(path, dir);
    siblings.push(dir);
    return dir.children;
  };

  for (const entry of entries) {
    if (entry.kind === "dir") {
      ensureDir(entry.path);
      continue;
    }
    const slash = entry.path.lastIndexOf("/");
    const siblings = ensureDir(slash < 0 ? "" : entry.path.slice(0, slash));
    siblings.push({ kind: "file", name: entry.path.slice(slash + 1), path: entry.path, size: entry.size, hash: entry.hash });
  }

  const sortDeep = (nodes: TreeNode[]) => {
    nodes.sort(compareNodes);
    for (const n of nodes) if (n.kind === "dir") sortDeep(n.children);
  };
  sortDeep(root);
  return root;
}

/** The rows a tree shows given which folders are expanded, in display order. */
export function flattenVisibleRows({
  nodes,
  expanded,
  depth = 0,
}: {
  nodes: readonly TreeNode[];
  expanded: ReadonlySet<string>;
  depth?: number;
}): VisibleRow[] {
  const rows: VisibleRow[] = [];
  for (const node of nodes) {
    rows.push({ node, depth });
    if (node.kind === "dir" && expanded.has(node.path))
      rows.push(...flattenVisibleRows({ nodes: node.children, expanded, depth: depth + 1 }));
  }
  return rows;
}

/** Every path in a listing, including folders implied by file paths. */
export function collectAllPaths({ entries }: { entries: readonly FileEntry[] }): Set<string> {
  const paths = new Set<string>();
  for (const entry of entries) {
    const parts = entry.path.split("/");
    for (let i = 1; i <= parts.length; i++) paths.add(parts.slice(0, i).join("/"));
  }
  return paths;
}

/** Paths of files only, sorted, for quick open. */
export function listFilePaths({ entries }: { entries: readonly FileEntry[] }): string[] {
  return entries.filter((e) => e.kind === "file").map((e) => e.path).sort();
}
