import type { ResolvedShareLink } from "./links";

export type SharedProjectView = {
  projectName: string;
  access: "view" | "fork";
  /** True: the link shows only `snapshotId`, never a later head. */
  pinned: boolean;
  snapshotId: string | null;
};

/** All a link tells about its project: no ids of the workspace, its people or other projects. */
export function sharedProjectView(link: ResolvedShareLink, snapshotId: string | null): SharedProjectView {
  return { projectName: link.project.name, access: link.access, pinned: link.pinnedSnapshotId !== null, snapshotId };
}
