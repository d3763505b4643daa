/** localStorage keys of per-project UI state other than drafts (see drafts.ts for those). */
export function treeExpandedKey({ projectId }: { projectId: string }): string {
  return `ide:tree-expanded:v1:${projectId}`;
}

/** Every person's open tabs of a project start with this, so deleting the project forgets them all. */
export function savedTabsPrefix({ projectId }: { projectId: string }): string {
  return `ide:tabs:v1:${projectId}:`;
}

/** One person's open tabs of a project: two people sharing a browser keep their own. */
export function savedTabsKey({ projectId, userId }: { projectId: string; userId: string }): string {
  return savedTabsPrefix({ projectId }) + userId;
}
