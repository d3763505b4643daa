import { SignOutButton } from "@/components/auth/sign-out-button";
import { ProjectDashboard } from "@/components/workspace/project-dashboard";
import { requirePageCaller } from "@/lib/auth/session";
import { listProjectsForUser, toProjectSummary } from "@/lib/db/queries/projects";

export default async function ProjectsPage() {
  const caller = await requirePageCaller("/projects");
  const projects = await listProjectsForUser({ userId: caller.userId });
  return (
    <div className="min-h-full">
      <header className="flex items-center justify-between border-b border-white/10 px-6 py-3">
        <span className="font-semibold">Agent IDE</span>
        <span className="flex items-center gap-3 text-sm text-white/60">
          <span data-testid="signed-in-as">{caller.email}</span>
          <SignOutButton />
        </span>
      </header>
      <ProjectDashboard initialProjects={projects.map(toProjectSummary)} />
    </div>
  );
}
