/** localStorage keys of per-project UI state other than drafts (see drafts.ts for those). */
export function treeExpandedKey({ projectId }: { projectId: string }): string {
  return `ide:tree-expanded:v1:${projectId}`;
}
