import "server-only";
import type { Caller } from "@/lib/auth/guard";
import { toProjectSummary } from "@/lib/db/queries/projects";
import { createImportedProject } from "@/lib/db/queries/transfer";
import { AppError } from "@/lib/errors";
import { emptyTree } from "@/lib/snapshots/objects";
import { importTarget } from "@/lib/transfer/import";
import { importLimits } from "@/lib/transfer/limits";
import { treeFromEntries } from "@/lib/transfer/project-tree";
import type { ProjectSummary } from "@/lib/validation/projects";
import { getStarter } from ".";

const encoder = new TextEncoder();

/** A new project holding a starter's files in its first snapshot, in a workspace the caller may create projects in. */
export async function createProjectFromStarter({
  caller,
  starterId,
  name,
  workspaceId,
}: {
  caller: Caller;
  starterId: string;
  name?: string;
  workspaceId?: string;
}): Promise<ProjectSummary & { entry: string }> {
  const starter = getStarter(starterId);
  if (!starter) throw new AppError("not_found:starter", `There is no starter "${starterId}"; pick one from the list`);
  const target = await importTarget({ caller, workspaceId });
  const entries = Object.entries(starter.files).map(([path, text]) => ({ path, data: encoder.encode(text) }));
  const { root, objects } = await treeFromEntries(entries, importLimits());
  const project = await createImportedProject({
    workspaceId: target,
    name: name ?? starter.name,
    objects: [emptyTree, ...objects],
    snapshots: [
      { rootTree: root.hash, author: "user", userId: caller.userId, message: `Create from the ${starter.name} starter`, createdAt: new Date(), fileCount: root.count, totalBytes: root.size },
    ],
  });
  return { ...toProjectSummary(project), entry: starter.entry };
}
