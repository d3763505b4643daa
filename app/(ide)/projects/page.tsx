import { SignedInHeader } from "@/components/auth/signed-in-header";
import { WorkspaceSwitcher } from "@/components/teams/workspace-switcher";
import { ProjectDashboard } from "@/components/workspace/project-dashboard";
import { getPersonalWorkspace } from "@/lib/auth/guard";
import { roleAllows } from "@/lib/auth/permissions";
import { requirePageCaller } from "@/lib/auth/session";
import { listProjectsForUser, toProjectSummary } from "@/lib/db/queries/projects";
import { listWorkspaces } from "@/lib/workspaces/lifecycle";

export default async function ProjectsPage({ searchParams }: { searchParams: Promise<{ workspace?: string | string[] }> }) {
  const caller = await requirePageCaller("/projects");
  const asked = (await searchParams).workspace;
  // Repairs a missing personal workspace before listing, so the switcher always has one.
  const personal = await getPersonalWorkspace(caller);
  const [workspaces, projects] = await Promise.all([listWorkspaces(caller), listProjectsForUser({ userId: caller.userId })]);
  // A workspace the caller is not in (or a deleted one) shows the personal workspace instead.
  const current = workspaces.find((w) => w.id === asked && !w.deletedAt) ?? workspaces.find((w) => w.id === personal.id)!;
  return (
    <div className="min-h-full">
      <SignedInHeader email={caller.email} name={caller.name}>
        <span className="font-semibold">Agent IDE</span>
      </SignedInHeader>
      <ProjectDashboard
        key={current.id}
        workspaceId={current.id}
        canCreate={roleAllows(current.role, "workspace:create_project")}
        initialProjects={projects.filter((p) => p.workspaceId === current.id).map(toProjectSummary)}
        switcher={<WorkspaceSwitcher workspaces={workspaces} currentId={current.id} />}
        moveTargets={
          roleAllows(current.role, "project:move")
            ? workspaces
                .filter((w) => w.id !== current.id && !w.deletedAt && roleAllows(w.role, "project:move"))
                .map((w) => ({ id: w.id, name: w.personal ? "Personal" : w.name }))
            : []
        }
      />
    </div>
  );
}
