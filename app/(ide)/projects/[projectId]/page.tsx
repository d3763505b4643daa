import { notFound } from "next/navigation";
import { IdeWorkspace } from "@/components/workspace/ide-workspace";
import { requireProjectAccess } from "@/lib/auth/guard";
import { requirePageCaller } from "@/lib/auth/session";
import { toProjectSummary } from "@/lib/db/queries/projects";
import { AppError } from "@/lib/errors";
import { getListing } from "@/lib/projects/service";

export default async function ProjectPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const caller = await requirePageCaller(`/projects/${projectId}`);
  try {
    const { project } = await requireProjectAccess({ caller, projectId, action: "project:read" });
    const listing = await getListing({ projectId: project.id, snapshotId: project.headSnapshotId });
    return <IdeWorkspace project={toProjectSummary(project)} initialListing={listing} />;
  } catch (error) {
    if (error instanceof AppError && error.kind === "not_found") notFound();
    throw error;
  }
}
