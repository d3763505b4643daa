import "server-only";
import { forgetCachedRoles, requireProjectAccess, requireWorkspaceAccess, type Caller } from "@/lib/auth/guard";
import { roleAllows } from "@/lib/auth/permissions";
import { auditedChange, type AuditEventInput } from "@/lib/audit/record";
import { moveProjectRow } from "@/lib/db/queries/workspaces";
import { AppError } from "@/lib/errors";

/** Moves a project to another workspace; the caller must administer both (admin or owner). */
export async function moveProject({ caller, projectId, toWorkspaceId }: { caller: Caller; projectId: string; toWorkspaceId: string }) {
  const { project } = await requireProjectAccess({ caller, projectId, action: "project:move" });
  const fromWorkspaceId = project.workspaceId;
  if (fromWorkspaceId === toWorkspaceId) return { projectId, workspaceId: toWorkspaceId };
  const { role } = await requireWorkspaceAccess({ caller, workspaceId: toWorkspaceId, action: "workspace:create_project" });
  if (!roleAllows(role, "project:move")) {
    throw new AppError("forbidden:project:move", `Your role (${role}) in the target workspace does not allow moving projects into it; ask one of its admins`);
  }
  const moved = await auditedChange(async (tx) => {
    if (!(await moveProjectRow({ projectId, fromWorkspaceId, toWorkspaceId }, tx))) {
      throw new AppError("conflict:project_moved", "The project moved or was deleted meanwhile; reload and try again");
    }
    const target = { type: "project", id: projectId } as const;
    const events: AuditEventInput[] = [
      { workspaceId: fromWorkspaceId, actorUserId: caller.userId, action: "project.moved_out", target, details: { to: toWorkspaceId } },
      { workspaceId: toWorkspaceId, actorUserId: caller.userId, action: "project.moved_in", target, details: { from: fromWorkspaceId } },
    ];
    return { result: { projectId, workspaceId: toWorkspaceId }, events };
  });
  forgetCachedRoles({ workspaceId: fromWorkspaceId });
  return moved;
}
