import { SignedInHeader } from "@/components/auth/signed-in-header";
import { ProjectDashboard } from "@/components/workspace/project-dashboard";
import { requirePageCaller } from "@/lib/auth/session";
import { listProjectsForUser, toProjectSummary } from "@/lib/db/queries/projects";

export default async function ProjectsPage() {
  const caller = await requirePageCaller("/projects");
  const projects = await listProjectsForUser({ userId: caller.userId });
  return (
    <div className="min-h-full">
      <SignedInHeader email={caller.email}>
        <span className="font-semibold">Agent IDE</span>
      </SignedInHeader>
      <ProjectDashboard initialProjects={projects.map(toProjectSummary)} />
    </div>
  );
}
