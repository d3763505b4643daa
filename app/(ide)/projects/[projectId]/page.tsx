import { notFound } from "next/navigation";
import { IdeWorkspace } from "@/components/workspace/ide-workspace";
import { requireProjectAccess, type Caller } from "@/lib/auth/guard";
import { requirePageCaller } from "@/lib/auth/session";
import { toProjectSummary } from "@/lib/db/queries/projects";
import { AppError } from "@/lib/errors";
import { getListing } from "@/lib/projects/service";

async function loadProject(caller: Caller, projectId: string) {
  try {
    const { project } = await requireProjectAccess({ caller, projectId, action: "project:read" });
    return { project, listing: await getListing({ projectId: project.id, snapshotId: project.headSnapshotId }) };
  } catch (error) {
    if (error instanceof AppError && error.kind === "not_found") notFound();
    throw error;
  }
}

export default async function ProjectPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const caller = await requirePageCaller(`/projects/${projectId}`);
  const { project, listing } = await loadProject(caller, projectId);
  return <IdeWorkspace project={toProjectSummary(project)} initialListing={listing} agent />;
}
