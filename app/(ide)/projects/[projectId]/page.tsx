import { cookies } from "next/headers";
import { notFound } from "next/navigation";
import { ExportMenu } from "@/components/transfer/export-menu";
import { IdeWorkspace } from "@/components/workspace/ide-workspace";
import { requireProjectAccess, type Caller } from "@/lib/auth/guard";
import { roleAllows } from "@/lib/auth/permissions";
import { requirePageCaller } from "@/lib/auth/session";
import { toProjectSummary } from "@/lib/db/queries/projects";
import { getWorkspaceRow } from "@/lib/db/queries/workspaces";
import { openFileCookieName, readOpenFileCookie } from "@/lib/client/open-file-cookie";
import { AppError } from "@/lib/errors";
import { readInitialFile } from "@/lib/projects/initial-file";
import { getListing } from "@/lib/projects/service";
import { dashboardHref } from "@/lib/workspaces/paths";

async function loadProject(caller: Caller, projectId: string) {
  try {
    const { project, role } = await requireProjectAccess({ caller, projectId, action: "project:read" });
    const [listing, workspace] = await Promise.all([
      getListing({ projectId: project.id, snapshotId: project.headSnapshotId }),
      getWorkspaceRow({ id: project.workspaceId }),
    ]);
    return { project, role, listing, workspace };
  } catch (error) {
    if (error instanceof AppError && error.kind === "not_found") notFound();
    throw error;
  }
}

export default async function ProjectPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const caller = await requirePageCaller(`/projects/${projectId}`);
  const { project, role, listing, workspace } = await loadProject(caller, projectId);
  const href = dashboardHref(project.workspaceId);
  // The file this person left open here, shown in the page as it arrives (lib/client/open-file-cookie.ts).
  const openPath = readOpenFileCookie({ value: (await cookies()).get(openFileCookieName(project.id))?.value, userId: caller.userId, projectId: project.id });
  const initialFile = await readInitialFile({ projectId: project.id, listing, path: openPath });
  return (
    <IdeWorkspace
      project={toProjectSummary(project)}
      userId={caller.userId}
      initialListing={listing}
      initialFile={initialFile}
      dashboardHref={href}
      workspace={workspace ? { name: workspace.personalFor ? "Personal" : workspace.name, href } : undefined}
      readOnlyReason={roleAllows(role, "project:write") ? undefined : `Your role (${role}) cannot change this project: files open read-only, and runs use your own sandbox`}
      // The agent changes the project, so it is there only for roles that may use it.
      agent={roleAllows(role, "agent:use")}
      headerActions={<ExportMenu projectId={project.id} />}
    />
  );
}
