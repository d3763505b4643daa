import type { WorkspaceRole } from "@/lib/db/generated/enums";

export type ProjectAction = "project:read" | "project:write" | "project:rename" | "project:delete" | "project:share";
export type WorkspaceAction = "workspace:read" | "workspace:create_project";

export type Action = ProjectAction | WorkspaceAction;

const read = ["workspace:read", "project:read"] as const;
const edit = [...read, "project:write", "workspace:create_project"] as const;
const manage = [...edit, "project:rename", "project:delete", "project:share"] as const;

/** The one permission table every route asks. */
export const permissionsByRole: Record<WorkspaceRole, readonly Action[]> = {
  owner: manage,
  admin: manage,
  editor: [...edit, "project:rename"],
  viewer: read,
};

export function roleAllows(role: WorkspaceRole, action: Action): boolean {
  return permissionsByRole[role].includes(action);
}
